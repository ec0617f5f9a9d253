"""Chapter "Mijlpalen": the Mijlpalenoverzicht and the Bijlage 1 tables of the edition.

Notebook ``notebooks/81-mijlpalen.ipynb``. Reads ``params/mijlpalen.yaml``.
"""

from __future__ import annotations

from analysis.inputs.agenda import load_mijlpalen
from analysis.measures.agenda import actielijn_tabel_frame, mijlpalen_frame
from analysis.present.agenda import bullet_cells, mijlpalen_overview_table, vgr_label
from analysis.present.display import ChapterOutput


def build(edition: str) -> ChapterOutput:
    """The milestones as they stood in ``edition``."""
    mijlpalen = load_mijlpalen()
    overzicht = mijlpalen_frame(mijlpalen, edition)
    tabellen = [t for t in mijlpalen.tabellen if t.editie == edition]
    out = ChapterOutput()
    out.markdown("# Mijlpalen")
    out.markdown("## Mijlpalenoverzicht")
    reached = int((overzicht["status"] == "behaald").sum())
    out.markdown(
        f"Sinds de start van het programma (april 2018) zijn {reached} mijlpalen behaald. In deze editie "
        f"({vgr_label(edition)}) zijn {int(overzicht['in_editie'].sum())} mijlpalen bereikt of verder gekomen."
    )
    out.table(
        mijlpalen_overview_table(overzicht),
        caption=f"Mijlpalenoverzicht tot en met {vgr_label(edition)}",
        footnotes=["Actielijn R: randvoorwaarden. Wanneer: de voortgangsrapportage (VGR) van de laatste stap."],
    )
    out.markdown("## Resultaten en vervolgstappen per actielijn")
    if not tabellen:
        out.markdown(f"Voor {edition} zijn (nog) geen tabellen met resultaten en vervolgstappen vastgelegd.")
    for t in tabellen:
        heading = t.titel if t.actielijn == "R" else f"Actielijn {t.actielijn}: {t.titel}"
        out.markdown(f"### {heading}")
        out.table(bullet_cells(actielijn_tabel_frame(mijlpalen, t.actielijn, edition)),
                  caption=f"{heading}: {t.kolommen[1].lower()} en {t.kolommen[2].lower()}")
    return out
