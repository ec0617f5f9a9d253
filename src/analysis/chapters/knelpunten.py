"""Chapter "Knelpunten": per leercyclus the knelpunten, the acties and the lessen carried forward.

Notebook ``notebooks/84-knelpunten.ipynb``. Reads ``params/leercycli.yaml``, the programme
(the chapter's title) and the researchers' text ``params/tekst/<edition>/knelpunten.md``.
"""

from __future__ import annotations

from analysis.chapters.opening import open_chapter
from analysis.inputs.leercyclus import load_leercycli
from analysis.measures.learning import cycles_as_of, knelpunten_frame
from analysis.present.display import ChapterOutput
from analysis.present.learning import (
    SOURCE_NOTE,
    actions_markdown,
    cycle_heading,
    cycle_name,
    cycle_summary,
    knelpunten_table,
    lessons_markdown,
)

#: Stem of the researchers' text and the chapter's key in the programme's ``hoofdstukken``.
TEXT_ID = "knelpunten"


def build(edition: str) -> ChapterOutput:
    """The leercycli reported up to ``edition``, newest first."""
    views = cycles_as_of(load_leercycli(), edition)
    out, _ = open_chapter(edition, TEXT_ID)
    out.markdown(
        "In elke leercyclus zoeken de expertteams en de bovenregionale expertisenetwerken naar knelpunten op "
        "inhoud en op proces, voor de korte en de lange termijn, en naar de acties die daarbij horen. Wat zij "
        "leren gaat mee naar de volgende cyclus. Een knelpunt dat terugkomt uit de vorige cyclus tellen we: "
        "als dezelfde vragen niet telkens terugkomen, kan dat erop wijzen dat het stelsel leert."
    )
    if not views:
        out.markdown(f"Tot en met {edition} is er nog geen leercyclus vastgelegd.")
    for view in views:
        out.markdown(f"## {cycle_heading(view)}")
        out.markdown(cycle_summary(view))
        if view.cycle.knelpunten:
            out.table(knelpunten_table(knelpunten_frame(view.cycle)),
                      caption=f"Knelpunten: {cycle_name(view)}",
                      footnotes=["Een punt (.): de bron deelt het knelpunt niet in.", SOURCE_NOTE])
        for block in (actions_markdown(view), lessons_markdown(view)):
            if block:
                out.markdown(block)
    return out
