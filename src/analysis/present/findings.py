"""Generated Dutch findings: "Wat zegt deze factsheet ons?" and the trend column.

A finding is a heading that states the movement in words (as the voortgangs-
rapportages do: "Iets meer cliënten geven aan dat ze snel geholpen zijn",
"Toename instroom cliënten in de jeugdbescherming"), one or two sentences with
the numbers, and the caveats that apply: a series break, too few points for a
trend test, a new indicator without history.

Size words and the significance level of the trend test come from
``params/analysis.yaml`` (:class:`~analysis.inputs.analysis_settings.AnalysisSettings`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.inputs.analysis_settings import AnalysisSettings
from analysis.inputs.periods import period_position
from analysis.inputs.registry import Indicator
from analysis.measures.change import change_between, judgement
from analysis.measures.periods import in_segment, last_break
from analysis.present.numbers import format_value, status_marker
from analysis.present.wording import (
    JUDGEMENT_SENTENCE,
    PROVISIONAL_WORDS,
    describe_change,
    heading,
    p_text,
    period_label,
    sentence_case,
)
from analysis.stats.trend import TE_WEINIG_MEETPUNTEN, mann_kendall


@dataclass(frozen=True)
class Finding:
    """One generated finding of a factsheet.

    Attributes
    ----------
    heading : str
        The finding as a heading (Dutch, sentence case, no full stop).
    text : str
        One or two sentences with the numbers.
    caveats : tuple of str
        Kanttekeningen that apply (Dutch sentences).
    judgement : {"gunstig", "ongunstig", "neutraal"}
        Whether the movement is in the indicator's desired direction.
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


def series_finding(
    indicator: Indicator,
    periods: Sequence[str],
    values: Sequence[float],
    onderwerp: str,
    settings: AnalysisSettings,
    caveats: Sequence[str] = (),
    statuses: Sequence[str] | None = None,
) -> Finding:
    """The finding for one indicator series.

    Parameters
    ----------
    indicator : Indicator
        Registry entry (unit, desired direction, series breaks).
    periods : sequence of str
        Published periods (``2019``, ``2018/2019``, ``2015Q3``), in order.
    values : sequence of float
        Values in the indicator's unit; NaN for missing.
    onderwerp : str
        Subject phrase of the heading, lower case (from the factsheet definition).
    settings : AnalysisSettings
        Size bands of a change and the significance level of the trend test.
    caveats : sequence of str
        The edition's kanttekeningen on this indicator, added after the generated ones.
    statuses : sequence of str, optional
        CBS status per period (``voorlopig``...); a provisional last figure is said.

    Returns
    -------
    Finding
    """
    status_of = dict(zip(periods, statuses if statuses is not None else [""] * len(periods), strict=True))
    obs = [(p, v) for p, v in zip(periods, values, strict=True) if not math.isnan(v)]
    if not obs:
        return Finding(
            heading=sentence_case(onderwerp),
            text="Voor deze indicator zijn (nog) geen cijfers beschikbaar.",
            caveats=(),
            judgement="neutraal",
        )
    notes: list[str] = []
    brk = last_break([p for p, _ in obs], indicator.break_periods)
    if brk is not None:
        notes.append(
            f"Let op: vanaf {period_label(brk)} is de reeks niet goed vergelijkbaar met eerdere jaren "
            "(trendbreuk); we vergelijken alleen cijfers vanaf dat jaar."
        )
        obs = [(p, v) for p, v in obs if in_segment(p, brk)]
    provisional = bool(status_marker(status_of[obs[-1][0]]))
    if len(obs) == 1:
        ((p, v),) = obs
        since = (f"Gemeten sinds {period_label(brk)}: er is nog geen vergelijkbare eerdere meting."
                 if brk is not None else "Nieuwe indicator: er is nog geen eerdere meting om mee te vergelijken.")
        return Finding(
            heading=sentence_case(onderwerp),
            text=f"In {period_label(p)}: {format_value(v, indicator.unit)}"
                 + (f" ({PROVISIONAL_WORDS})." if provisional else "."),
            caveats=(*notes, since),
            judgement="neutraal",
        )
    (p0, v0), (p1, v1) = obs[0], obs[-1]
    change = change_between(v0, v1, indicator.unit, settings.change)
    verdict = judgement(change, indicator.direction)
    sentence = describe_change(v0, v1, period_label(p0), period_label(p1), indicator.unit, settings.change,
                               provisional)
    text = sentence_case(sentence) + "."
    if JUDGEMENT_SENTENCE[verdict]:
        text += " " + JUDGEMENT_SENTENCE[verdict]
    trend = mann_kendall([v for _, v in obs], [period_position(p) for p, _ in obs],
                         significance=settings.significance)
    notes.append(trend_caveat(trend.trend, trend.n, trend.p))
    notes.extend(caveats)
    return Finding(heading=heading(change, onderwerp, settings.change), text=text, caveats=tuple(notes),
                   judgement=verdict)


def trend_caveat(trend: str, n: int, p: float | None) -> str:
    """Dutch sentence on what the trend test says (or why there is none)."""
    if trend == TE_WEINIG_MEETPUNTEN:
        return (
            f"Met {n} meetpunten is geen toets op een trend mogelijk; "
            "we beschrijven alleen de verandering."
        )
    assert p is not None
    if trend in ("stijgend", "dalend"):
        return f"Over {n} meetpunten is de trend {trend} (Mann-Kendall, {p_text(p)})."
    return (
        f"Over {n} meetpunten is geen duidelijke trend aan te tonen (Mann-Kendall, {p_text(p)}); "
        "wees voorzichtig met conclusies."
    )


def trend_cell(
    periods: Sequence[str], values: Sequence[float], significance: float, breaks: Sequence[str] = ()
) -> str:
    """Short text for the trend column of the Kernindicatoren table.

    ``"te weinig meetpunten (3)"``, ``"geen trend (MK, p = 0,09)"`` or
    ``"dalend (MK, p = 0,03)"`` at the two-sided level ``significance``; only the
    segment after the last series break is tested. A break after the last observed
    period (a series that ends before it, such as an older edition's figures) leaves
    the series whole, as in :func:`series_finding`.
    """
    obs = [(p, v) for p, v in zip(periods, values, strict=True) if not math.isnan(v)]
    brk = last_break([p for p, _ in obs], breaks)
    obs = [(p, v) for p, v in obs if in_segment(p, brk)]
    result = mann_kendall([v for _, v in obs], [period_position(p) for p, _ in obs], significance=significance)
    if result.trend == TE_WEINIG_MEETPUNTEN:
        return f"{TE_WEINIG_MEETPUNTEN} ({result.n})"
    if result.p is None:
        return f"{result.trend} ({result.reason})" if result.reason else result.trend
    return f"{result.trend} (MK, {p_text(result.p)})"
