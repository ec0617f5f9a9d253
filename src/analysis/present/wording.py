"""Dutch words and sentences for numbers, changes and periods.

Conventions (as in the voortgangsrapportages and CBS publications): a change of
a percentage is in *procentpunt*, a relative change of a count in ``%``; the
two are never mixed (:func:`change_amount_text` picks the one that fits the
:class:`~analysis.measures.change.Change`). Size words ("iets meer", "sterke
toename") use the bands of ``params/analysis.yaml``, passed in as
:class:`~analysis.inputs.analysis_settings.ChangeWords`.
"""

from __future__ import annotations

from analysis.inputs.analysis_settings import ChangeWords
from analysis.inputs.periods import PERIOD_PATTERNS
from analysis.inputs.published import decimals_of
from analysis.inputs.registry import Unit
from analysis.measures.change import Change, change_between
from analysis.measures.periods import QUARTER
from analysis.present.numbers import (
    format_change_pct,
    format_number,
    format_pp,
    format_value,
    round_half_away,
)

HALF_YEAR = PERIOD_PATTERNS["half_year"]
DATE = PERIOD_PATTERNS["date"]


def change_amount_text(change: Change) -> str:
    """``'7 procentpunt'`` or ``'14%'`` (without sign)."""
    if change.kind == "pp":
        return format_pp(change.amount, change.decimals)
    return format_change_pct(abs(change.amount), change.decimals, signed=False)


def describe_change(
    old: float,
    new: float,
    old_period: str,
    new_period: str,
    unit: Unit,
    words: ChangeWords,
    provisional: bool = False,
) -> str:
    """Describe a change in one Dutch phrase.

    Examples (from the Kernindicatoren of the 4th voortgangsrapportage)::

        describe_change(34, 27, "2016", "2019", "percent", words)
        'van 34% in 2016 naar 27% in 2019, een daling van 7 procentpunt'
        describe_change(4194, 4790, "2015/2016", "2018/2019", "count", words)
        'van 4.194 in 2015/2016 naar 4.790 in 2018/2019, een stijging van 14%'

    A change below the stability band of ``words`` reads ``'..., vrijwel gelijk gebleven'``.
    With ``provisional`` (the newer figure is voorlopig) the phrase says so:
    ``'van 428.000 in 2018 naar 474.000 in 2023 (volgens voorlopige cijfers), ...'``.
    """
    ch = change_between(old, new, unit, words)
    dec = max(decimals_of(old), decimals_of(new))
    start = f"van {format_value(old, unit, dec)} in {old_period} naar {format_value(new, unit, dec)} in {new_period}"
    if provisional:
        start += f" ({PROVISIONAL_WORDS})"
    if ch.movement == "stabiel":
        if ch.amount == 0:
            return f"{start}, gelijk gebleven"
        small = "stijging" if ch.amount > 0 else "daling"
        return f"{start}, vrijwel gelijk gebleven (een {small} van {change_amount_text(ch)})"
    return f"{start}, een {ch.movement} van {change_amount_text(ch)}"


#: How a sentence says that a figure is provisional (CBS "voorlopig" or "nader voorlopig").
PROVISIONAL_WORDS = "volgens voorlopige cijfers"


def lower_first(text: str) -> str:
    """First letter lower case, the rest as written: ``'Editie 2024-H1' -> 'editie 2024-H1'``.

    (:meth:`str.lower` would write the edition ``2024-h1``.)
    """
    return text[:1].lower() + text[1:]


def edition_phrase(subtitle: str, title: str) -> str:
    """How a sentence names an edition: its subtitle, else its title, first letter lower case."""
    return lower_first(subtitle.strip() or title.strip())


def sentence_case(text: str) -> str:
    """First letter upper case, the rest as written: ``'cliënten ...' -> 'Cliënten ...'``.

    (:meth:`str.capitalize` would lower-case the rest, e.g. ``Zvw``, ``OTS``.)
    """
    return text[:1].upper() + text[1:]


def join_dutch(items: list[str]) -> str:
    """Join with commas and ``en``: ``['a', 'b', 'c'] -> 'a, b en c'``."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " en " + items[-1]

#: Footnote text for year-column tables (Dutch).
COLUMN_RULE = (
    "Schooljaren staan onder het jaar waarin ze eindigen (2015/2016 onder 2016); "
    "kwartaalcijfers (3e kwartaal) onder hun eigen jaar."
)


def period_label(period: str) -> str:
    """Dutch reading of a period after "in": ``2015Q3 -> '2015 (3e kwartaal)'``,
    ``2023-H1 -> 'het eerste halfjaar van 2023'``, ``2022-01-01 -> '1 januari 2022'``."""
    if m := QUARTER.match(period):
        return f"{m.group(1)} ({m.group(2)}e kwartaal)"
    if m := HALF_YEAR.match(period):
        return f"het {'eerste' if m.group(2) == '1' else 'tweede'} halfjaar van {m.group(1)}"
    if m := DATE.match(period):
        return f"{int(m.group(3))} {MONTHS[int(m.group(2)) - 1]} {m.group(1)}"
    return period


def period_tick(period: str) -> str:
    """Short Dutch label of a period on a chart axis: ``2023-H1 -> '2023 1e hj'``,
    ``2015Q3 -> '2015 3e kw'``; others as written."""
    if m := HALF_YEAR.match(period):
        return f"{m.group(1)} {m.group(2)}e hj"
    if m := QUARTER.match(period):
        return f"{m.group(1)} {m.group(2)}e kw"
    return period


MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli",
          "augustus", "september", "oktober", "november", "december")


def month_text(yyyy_mm: str) -> str:
    """``'2020-05' -> 'mei 2020'``."""
    year, month = yyyy_mm.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"


#: Dutch reading of :func:`analysis.measures.change.judgement` in generated text.
JUDGEMENT_TEXT = {
    "gunstig": "in de gewenste richting",
    "ongunstig": "niet in de gewenste richting",
    "neutraal": None,
}

#: Judgement words of :func:`analysis.measures.change.judgement`, as sentence endings.
JUDGEMENT_SENTENCE = {
    "gunstig": "Dat is de gewenste richting.",
    "ongunstig": "Dat is niet de gewenste richting.",
    "neutraal": "",
}


def size_word(change: Change, words: ChangeWords) -> str:
    """Size of a change in words, for headings.

    Percentages (procentpunt): ``"iets meer"``, ``"meer"``, ``"veel meer"`` (and
    ``minder``); counts (relative %): ``"lichte toename"``, ``"toename"``,
    ``"sterke toename"`` (and ``afname``); stable: ``"evenveel"`` /
    ``"stabiel aantal"``. The bands are those of ``words``.
    """
    size = abs(change.amount)
    if change.kind == "pp":
        if change.movement == "stabiel":
            return "evenveel"
        word = "meer" if change.movement == "stijging" else "minder"
        if size >= words.large_pp:
            return f"veel {word}"
        return word if size >= words.modest_pp else f"iets {word}"
    if change.movement == "stabiel":
        return "stabiel aantal"
    word = "toename" if change.movement == "stijging" else "afname"
    if size >= words.large_rel_pct:
        return f"sterke {word}"
    return word if size >= words.modest_rel_pct else f"lichte {word}"


def heading(change: Change, onderwerp: str, words: ChangeWords) -> str:
    """Finding heading: size word + subject, first letter capitalised.

    ``heading(change_between(61, 64, "percent", words), "cliënten geven aan dat ze
    snel geholpen zijn", words)`` gives ``"Meer cliënten geven aan dat ze snel
    geholpen zijn"`` (with the bands of ``params/analysis.yaml``).
    """
    return sentence_case(f"{size_word(change, words)} {onderwerp}")


def coverage_text(level: float) -> str:
    """A coverage probability as the percentage of its limits: ``0.998 -> '99,8'``, ``0.95 -> '95'``."""
    percent = 100 * level
    return format_number(percent, 1 if percent % 1 else 0)


def p_text(p: float) -> str:
    """``'p = 0,09'`` or ``'p < 0,01'`` (two decimals, Dutch).

    A p-value that would read exactly as a usual level (0,05 or 0,1) gets more
    decimals, so the reader sees on which side it lies (0,0495 -> ``0,0495``).
    """
    if p < 0.01:
        return "p < 0,01"
    for decimals in (2, 3, 4):
        shown = float(round_half_away(p, decimals))
        if shown not in (0.05, 0.1):
            break
    return f"p = {format_number(p, decimals)}"
