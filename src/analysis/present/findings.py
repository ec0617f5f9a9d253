"""Generated Dutch findings ("Wat zegt deze factsheet ons?") and the trend column.

A finding leads with the **latest change** (the latest period against the one
before it, and, for half-year series, against the same half-year a year
earlier), then says whether that change **reverses** a run of earlier changes
("Dat is na twee jaar daling weer een stijging"), then the **whole period**.
Its heading states the latest movement in words, as the voortgangsrapportages
do ("Toename instroom cliënten in de jeugdbescherming"). Everything stays
within the segment after the last series break, and a provisional figure is
said to be provisional. The caveats say what the trend test found (or that the
series is too short for one: :mod:`analysis.measures.trends` chooses the test
by what the data are) and add the edition's own kanttekeningen.

Size words and the significance level come from ``params/analysis.yaml``
(:class:`~analysis.inputs.analysis_settings.AnalysisSettings`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.inputs.analysis_settings import AnalysisSettings, ChangeWords
from analysis.inputs.periods import PERIOD_PATTERNS, period_kind
from analysis.inputs.registry import Indicator
from analysis.measures.change import Change, change_between, judgement
from analysis.measures.periods import in_segment, last_break
from analysis.measures.trends import (
    MANN_KENDALL,
    QUASI_BINOMIAL,
    QUASI_POISSON,
    TrendStatement,
    indicator_trend,
)
from analysis.present.numbers import format_value, status_marker
from analysis.present.wording import (
    JUDGEMENT_SENTENCE,
    PROVISIONAL_WORDS,
    change_amount_text,
    describe_change,
    heading,
    p_text,
    period_label,
    sentence_case,
)

#: Short names of the trend methods in cells and sentences.
METHOD_NAME: dict[str, str] = {
    QUASI_POISSON: "quasi-Poisson",
    QUASI_BINOMIAL: "quasi-binomiaal",
    MANN_KENDALL: "Mann-Kendall",
}
#: What each method is, for the footnotes of a table with a trend column.
METHOD_FOOTNOTE: dict[str, str] = {
    QUASI_POISSON: (
        "quasi-Poisson: aantallen zijn registraties van de hele groep, geen steekproef; de toets (log-lineaire "
        "regressie over de jaren) schat de schommeling van jaar tot jaar uit de reeks zelf"
    ),
    QUASI_BINOMIAL: (
        "quasi-binomiaal: een percentage met bekende noemer, getoetst op de personen erachter, met de "
        "schommeling van jaar tot jaar geschat uit de reeks zelf"
    ),
    MANN_KENDALL: (
        "Mann-Kendall: een percentage zonder bekende noemer (of een index), getoetst op de volgorde van de "
        "waarden; pas vanaf {needed} meetpunten kan deze toets een trend aantonen"
    ),
}
#: Dutch number words for short runs ("na twee jaar daling").
_COUNT_WORDS = {2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes", 7: "zeven", 8: "acht", 9: "negen"}


@dataclass(frozen=True)
class Finding:
    """One generated finding of a factsheet.

    Attributes
    ----------
    heading : str
        The finding as a heading (Dutch, sentence case, no full stop).
    text : str
        Sentences with the numbers: the latest change first.
    caveats : tuple of str
        Kanttekeningen that apply (Dutch sentences).
    judgement : {"gunstig", "ongunstig", "neutraal"}
        Whether the latest movement is in the indicator's desired direction.
    """

    heading: str
    text: str
    caveats: tuple[str, ...]
    judgement: str

    def markdown(self, level: int = 3) -> str:
        """The finding as markdown: heading, text, caveats in italics."""
        parts = [f"{'#' * level} {self.heading}", "", self.text]
        if self.caveats:
            parts += ["", "*" + " ".join(self.caveats) + "*"]
        return "\n".join(parts)


def _year_earlier(period: str) -> str | None:
    """The same half-year (quarter, month) a year earlier, for periods shorter than a year."""
    kind = period_kind(period)
    m = PERIOD_PATTERNS[kind].match(period) if kind else None
    if m is None or kind not in ("half_year", "quarter", "month"):
        return None
    return period.replace(m.group(1), str(int(m.group(1)) - 1), 1)


def _run_unit(periods: Sequence[str]) -> str:
    """How a run of (at least two) changes is counted: ``jaar``, ``halfjaren`` or ``metingen``."""
    kinds = {period_kind(p) for p in periods}
    if kinds <= {"year", "school_year"}:
        return "jaar"
    if kinds == {"half_year"}:
        return "halfjaren"
    return "metingen"


def reversal_sentence(points: Sequence[tuple[str, float]], unit: str, words: ChangeWords) -> str | None:
    """``'Dat is na twee jaar daling weer een stijging.'`` when the latest change turns a run of at least two.

    The latest change must be a real movement (beyond the stability band of
    ``words``); the run before it counts every change of the other sign, however
    small (11.040 -> 10.965 -> 10.780 is two years of decline, then +6%).

    Parameters
    ----------
    points : sequence of (period, value)
        The comparable points, in time order.
    """
    if len(points) < 4:
        return None
    (_, before), (_, last) = points[-2], points[-1]
    latest = change_between(before, last, unit, words).movement
    if latest == "stabiel":
        return None
    sign = 1 if last > before else -1
    run = 0
    for (_, a), (_, b) in reversed(list(zip(points[:-2], points[1:-1], strict=True))):
        if (b - a) * sign >= 0:
            break
        run += 1
    if run < 2:
        return None
    earlier = "daling" if latest == "stijging" else "stijging"
    count = _COUNT_WORDS.get(run, str(run))
    return f"Dat is na {count} {_run_unit([p for p, _ in points])} {earlier} weer een {latest}."


def series_finding(
    indicator: Indicator,
    periods: Sequence[str],
    values: Sequence[float],
    onderwerp: str,
    settings: AnalysisSettings,
    caveats: Sequence[str] = (),
    statuses: Sequence[str] | None = None,
) -> Finding:
    """The finding for one indicator series (see the module docstring).

    Parameters
    ----------
    indicator : Indicator
        Registry entry (unit, desired direction, series breaks).
    periods : sequence of str
        Published periods (``2019``, ``2019-H1``, ``2018/2019``), in time order.
    values : sequence of float
        Values in the indicator's unit; NaN for missing.
    onderwerp : str
        Subject phrase of the heading, lower case (from the factsheet definition).
    settings : AnalysisSettings
        Size bands of a change and the significance level of the trend test.
    caveats : sequence of str
        The edition's kanttekeningen on this series, added after the generated ones.
    statuses : sequence of str, optional
        CBS status per period (``voorlopig``...); a provisional figure is said.

    Returns
    -------
    Finding
    """
    status_of = dict(zip(periods, statuses if statuses is not None else [""] * len(periods), strict=True))
    obs = [(p, v) for p, v in zip(periods, values, strict=True) if not math.isnan(v)]
    if not obs:
        return Finding(heading=sentence_case(onderwerp), caveats=(), judgement="neutraal",
                       text="Voor deze indicator zijn (nog) geen cijfers beschikbaar.")
    notes: list[str] = []
    brk = last_break([p for p, _ in obs], indicator.break_periods)
    if brk is not None:
        notes.append(f"Let op: vanaf {period_label(brk)} is de reeks niet goed vergelijkbaar met eerdere jaren "
                     "(trendbreuk); we vergelijken alleen cijfers vanaf dat jaar.")
        obs = [(p, v) for p, v in obs if in_segment(p, brk)]
    unit, words = indicator.unit, settings.change

    def provisional(period: str) -> bool:
        return bool(status_marker(status_of.get(period, "")))

    if len(obs) == 1:
        ((p, v),) = obs
        since = (f"Gemeten sinds {period_label(brk)}: er is nog geen vergelijkbare eerdere meting."
                 if brk is not None else "Nieuwe indicator: er is nog geen eerdere meting om mee te vergelijken.")
        return Finding(heading=sentence_case(onderwerp),
                       text=f"In {period_label(p)}: {format_value(v, unit)}"
                            + (f" ({PROVISIONAL_WORDS})." if provisional(p) else "."),
                       caveats=(*notes, since), judgement="neutraal")
    (p0, v0), (pp, vp), (p1, v1) = obs[0], obs[-2], obs[-1]
    latest = change_between(vp, v1, unit, words)
    verdict = judgement(latest, indicator.direction)
    sentences = [sentence_case(describe_change(vp, v1, period_label(pp), period_label(p1), unit, words,
                                               provisional(p1))) + "."]
    if JUDGEMENT_SENTENCE[verdict]:
        sentences.append(JUDGEMENT_SENTENCE[verdict])
    earlier = _year_earlier(p1)
    before = dict(obs).get(earlier) if earlier and earlier != pp else None
    if before is not None:
        change = change_between(before, v1, unit, words)
        sentences.append(f"Ten opzichte van {period_label(earlier)} is dat "
                         + ("vrijwel gelijk." if change.movement == "stabiel" else f"een {_movement_text(change)}."))
    if reversal := reversal_sentence(obs, unit, words):
        sentences.append(reversal)
    if len(obs) > 2:
        sentences.append("Over de hele periode: " + describe_change(v0, v1, period_label(p0), period_label(p1),
                                                                   unit, words, provisional(p1)) + ".")
    statement = indicator_trend(indicator, [p for p, _ in obs], [v for _, v in obs], settings.significance)
    notes.append(trend_caveat(statement))
    notes.extend(caveats)
    return Finding(heading=heading(latest, onderwerp, words), text=" ".join(sentences), caveats=tuple(notes),
                   judgement=verdict)


def _movement_text(change: Change) -> str:
    """``'stijging van 6%'``, ``'daling van 7 procentpunt'`` or ``'vrijwel gelijk'``."""
    if change.movement == "stabiel":
        return "vrijwel gelijk"
    return f"{change.movement} van {change_amount_text(change)}"


def trend_caveat(statement: TrendStatement) -> str:
    """Dutch sentence on what the trend test says (or why there is none)."""
    if statement.method is None:
        return "Dit is een verandering tussen twee perioden, geen reeks: er is geen trendtoets."
    name = METHOD_NAME[statement.method]
    if not statement.tested:
        return (f"Met {statement.n} meetpunten is geen trendtoets mogelijk ({name} vraagt er minstens "
                f"{statement.needed}); we beschrijven alleen de verandering.")
    assert statement.p is not None
    if statement.significant:
        return f"Over {statement.n} meetpunten is de trend {statement.trend} ({name}, {p_text(statement.p)})."
    return (f"Over {statement.n} meetpunten is geen trend aangetoond ({name}, {p_text(statement.p)}); "
            "wees voorzichtig met conclusies.")


def trend_cell(statement: TrendStatement, unit: str, words: ChangeWords) -> str:
    """Short text for the trend column of the Kernindicatoren table.

    ``"dalend (quasi-Poisson, p = 0,01)"``, ``"geen trend aangetoond
    (Mann-Kendall, p = 0,32)"``, or, where no test could reject, ``"te weinig
    meetpunten voor een trendtoets; daling van 7 procentpunt"`` (never "geen
    trend": with too few points that would be certain whatever the data).
    """
    if statement.method is None:
        return "geen reeks"
    if not statement.tested:
        text = "te weinig meetpunten voor een trendtoets"
        if statement.first is not None and statement.last is not None and statement.n >= 2:
            change = change_between(statement.first[1], statement.last[1], unit, words)
            text += f"; {_movement_text(change)}"
        return text
    assert statement.p is not None
    name = METHOD_NAME[statement.method]
    word = statement.trend if statement.significant else "geen trend aangetoond"
    return f"{word} ({name}, {p_text(statement.p)})"


def trend_footnotes(methods: Sequence[str], needed_mann_kendall: int) -> list[str]:
    """One footnote per trend method used in a table, in a fixed order."""
    out = []
    for method in (QUASI_POISSON, QUASI_BINOMIAL, MANN_KENDALL):
        if method in methods:
            out.append("Trend, " + METHOD_FOOTNOTE[method].format(needed=needed_mann_kendall) + ".")
    return out
