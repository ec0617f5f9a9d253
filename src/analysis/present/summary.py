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
