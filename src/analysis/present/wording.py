"""TODO docstring."""

from __future__ import annotations

from analysis.config import LARGE_PP, LARGE_REL_PCT, MODEST_PP, MODEST_REL_PCT
from analysis.inputs.registry import Unit
from analysis.measures.change import Change, change_between
from analysis.measures.periods import _QUARTER
from analysis.present.numbers import decimals_of, format_number, format_value


def describe_change(
    old: float,
    new: float,
    old_period: str,
    new_period: str,
    unit: Unit,
) -> str:
    """Describe a change in one Dutch phrase.

    Examples (from the Kernindicatoren of the 4th voortgangsrapportage)::

        describe_change(34, 27, "2016", "2019", "percent")
        'van 34% in 2016 naar 27% in 2019, een daling van 7 procentpunt'
        describe_change(4194, 4790, "2015/2016", "2018/2019", "count")
        'van 4.194 in 2015/2016 naar 4.790 in 2018/2019, een stijging van 14%'

    A change below the stability threshold reads ``'..., vrijwel gelijk gebleven'``.
    """
    ch = change_between(old, new, unit)
    dec = max(decimals_of(old), decimals_of(new))
    start = f"van {format_value(old, unit, dec)} in {old_period} naar {format_value(new, unit, dec)} in {new_period}"
    if ch.movement == "stabiel":
        if ch.amount == 0:
            return f"{start}, gelijk gebleven"
        small = "stijging" if ch.amount > 0 else "daling"
        return f"{start}, vrijwel gelijk gebleven (een {small} van {ch.amount_text()})"
    return f"{start}, een {ch.movement} van {ch.amount_text()}"


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
    """Dutch reading of a period for sentences: ``2015Q3 -> '2015 (3e kwartaal)'``."""
    if m := _QUARTER.match(period):
        return f"{m.group(1)} ({m.group(2)}e kwartaal)"
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


def size_word(change: Change) -> str:
    """Size of a change in words, for headings.

    Percentages (procentpunt): ``"iets meer"``, ``"meer"``, ``"veel meer"`` (and
    ``minder``); counts (relative %): ``"lichte toename"``, ``"toename"``,
    ``"sterke toename"`` (and ``afname``); stable: ``"evenveel"`` /
    ``"stabiel aantal"``.
    """
    size = abs(change.amount)
    if change.kind == "pp":
        if change.movement == "stabiel":
            return "evenveel"
        word = "meer" if change.movement == "stijging" else "minder"
        if size >= LARGE_PP:
            return f"veel {word}"
        return word if size >= MODEST_PP else f"iets {word}"
    if change.movement == "stabiel":
        return "stabiel aantal"
    word = "toename" if change.movement == "stijging" else "afname"
    if size >= LARGE_REL_PCT:
        return f"sterke {word}"
    return word if size >= MODEST_REL_PCT else f"lichte {word}"


def heading(change: Change, onderwerp: str) -> str:
    """Finding heading: size word + subject, first letter capitalised.

    ``heading(change_between(61, 64, "percent"), "cliënten geven aan dat ze snel
    geholpen zijn")`` gives ``"Meer cliënten geven aan dat ze snel geholpen zijn"``.
    """
    return sentence_case(f"{size_word(change)} {onderwerp}")


def p_text(p: float) -> str:
    """``'p = 0,09'`` or ``'p < 0,01'`` (two decimals, Dutch)."""
    return f"p = {format_number(p, 2)}" if p >= 0.01 else "p < 0,01"
