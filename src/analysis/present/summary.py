""""In het kort" in plain Dutch (B1): short sentences, no jargon, only numbers the report shows.

Each change of :func:`analysis.measures.summary.key_changes` becomes a few short
sentences: the latest figure with its period, the figure before it, the
direction (meer / minder / ongeveer gelijk), whether that is good news by the
indicator's desired direction, and whether the figure is still provisional. The
values are formatted as in the Kernindicatoren table (:func:`analysis.present.numbers.format_value`),
and no number is computed here, so every number of the summary occurs in the report.
"""

from __future__ import annotations

from analysis.measures.summary import KeyChange
from analysis.present.numbers import format_value
from analysis.present.safety import plain_text
from analysis.present.wording import period_label

#: Key of the section's title in the programme's ``hoofdstukken`` and stem of the researchers' text.
IN_HET_KORT = "in-het-kort"
#: The direction of a change in plain words.
DIRECTION = {"stijging": "Dat is meer.", "daling": "Dat is minder.", "stabiel": "Dat is ongeveer gelijk."}
#: Whether it is good news (the indicator's desired direction), in plain words.
VERDICT = {"gunstig": "Dat is goed nieuws.", "ongunstig": "Dat is geen goed nieuws.", "neutraal": ""}
#: Said when no row of the report can be summarised.
NOTHING = "Er zijn nog te weinig cijfers om veranderingen te laten zien."


def _percent_direction(key: KeyChange) -> str:
    return {"stijging": "Dat is hoger.", "daling": "Dat is lager.", "stabiel": "Dat is ongeveer gelijk."}[
        key.change.movement]


def change_sentences(key: KeyChange, subject: str) -> list[str]:
    """The plain sentences for one change (subject: ``'Het aantal jongeren met jeugdzorg'``)."""
    (p0, v0), (p1, v1) = key.before, key.latest
    unit = key.row.indicator.unit
    sentences = [
        f"{subject} was {format_value(v1, unit)} in {period_label(p1)}.",
        f"In {period_label(p0)} was dat {format_value(v0, unit)}.",
        _percent_direction(key) if key.change.kind == "pp" else DIRECTION[key.change.movement],
    ]
    if VERDICT[key.judgement]:
        sentences.append(VERDICT[key.judgement])
    if key.provisional:
        sentences.append(f"Het cijfer van {period_label(p1)} is nog voorlopig.")
    return sentences


def summary_markdown(title: str, keys: list[KeyChange], subjects: dict[str, str], own_words: str | None) -> str:
    """The section "In het kort": a level-2 heading, the researchers' words if any, one bullet per change.

    Parameters
    ----------
    title : str
        The section title (the programme's ``hoofdstukken.in-het-kort``).
    keys : list of KeyChange
        The changes, most important first.
    subjects : dict
        Row label -> its plain subject (``eenvoudig`` in the Kernindicatoren selection).
    own_words : str or None
        The researchers' own text (sanitised markdown), shown above the generated lines.
    """
    lines = [f"## {plain_text(title)}", ""]
    if own_words:
        lines += [own_words, ""]
    bullets = [" ".join(change_sentences(k, plain_text(subjects[k.row.label]))) for k in keys]
    if bullets:
        lines += ["Dit zijn de belangrijkste veranderingen in de cijfers van dit rapport.", ""]
        lines += [f"- {b}" for b in bullets]
    else:
        lines.append(NOTHING)
    lines.append("")
    return "\n".join(lines)


#: The kinds of care of a regional report in plain words (after "kreeg ... van de jongeren in <regio>").
REGIONAL_SUBJECTS = {"jeugdhulp": "jeugdhulp", "verblijf": "jeugdhulp en woonde niet thuis"}
#: Said of synthetic figures, in plain words.
SYNTHETIC_PLAIN = "Deze cijfers zijn nagemaakt om te oefenen. Het zijn geen echte cijfers."


def _pp_direction(before: str, now: str) -> str:
    """Plain direction between two shown percentages (``'12,3'``): hoger, lager or gelijk."""
    old, new = (float(x.replace(".", "").replace(",", ".")) for x in (before, now))
    return "Dat is nu hoger." if new > old else "Dat is nu lager." if new < old else "Dat is gelijk."


def regional_summary_markdown(title: str, naam: str, shown: dict[str, list[tuple[str, str, str]]],
                              synthetic: bool) -> str:
    """The section "In het kort" of a regional report, from the shown (protected) percentages only.

    Parameters
    ----------
    title : str
        The section title (the programme's ``hoofdstukken.in-het-kort``).
    naam : str
        The region's name.
    shown : dict
        Per kind (``jeugdhulp``, ``verblijf``) the rows ``(year, region %, Nederland %)`` as the
        regional table shows them (``"."`` where suppressed), in year order.
    synthetic : bool
        Whether the figures are synthetic (said in plain words).
    """
    place = plain_text(naam)
    bullets = []
    for kind, rows in shown.items():
        if not rows:
            continue
        subject = REGIONAL_SUBJECTS[kind]
        year, mine, country = rows[-1]
        if mine == ".":
            text = [f"Het cijfer van {place} voor {year} is niet te tonen.", "Er zijn te weinig jongeren.",
                    f"In heel Nederland kreeg {country}% van de jongeren {subject}."]
        else:
            text = [f"In {year} kreeg {mine}% van de jongeren in {place} {subject}.",
                    f"In heel Nederland was dat {country}%."]
        if len(rows) > 1 and mine != "." and rows[-2][1] != ".":
            text += [f"In {rows[-2][0]} was het in {place} {rows[-2][1]}%.", _pp_direction(rows[-2][1], mine)]
        bullets.append(" ".join(text))
    lines = [f"## {plain_text(title)}", ""]
    if synthetic:
        lines += [SYNTHETIC_PLAIN, ""]
    lines += [f"- {b}" for b in bullets] if bullets else [NOTHING]
    return "\n".join([*lines, ""])
