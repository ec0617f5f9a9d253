"""Chapter "Aanbevelingen": advice given to named parties and how it fared since the previous edition.

Notebook ``notebooks/83-aanbevelingen.ipynb``. Reads ``params/aanbevelingen.yaml``, the
programme (the chapter's title) and the researchers' text ``params/tekst/<edition>/aanbevelingen.md``.
``previous`` names the edition compared with (``"2020-H1"``; a version ``2020-H1/v2`` counts
as its edition: the registry itself holds every status per edition).
"""

from __future__ import annotations

from analysis.chapters.opening import open_chapter
from analysis.inputs.leercyclus import load_aanbevelingen
from analysis.measures.learning import aanbevelingen_frame
from analysis.present.display import ChapterOutput
from analysis.present.learning import SOURCE_NOTE, aanbevelingen_summary, aanbevelingen_table, group_title

#: Stem of the researchers' text and the chapter's key in the programme's ``hoofdstukken``.
TEXT_ID = "aanbevelingen"


def build(edition: str, previous: str = "") -> ChapterOutput:
    """The advice of ``edition``: new, changed and still open since ``previous`` (``""``: all new)."""
    before = previous.split("/")[0] or None
    frame = aanbevelingen_frame(load_aanbevelingen(), edition, before)
    out, _ = open_chapter(edition, TEXT_ID)
    since = f"sinds {before}" if before else "tot nu toe"
    out.markdown(
        "Adviezen worden pas iets waard als een partij ze uitvoert. Daarom volgt dit rapport elk advies: aan wie "
        f"het is gegeven, wanneer, en hoe het ervoor staat ({since}). "
        + aanbevelingen_summary(frame)
    )
    if frame.empty:
        out.markdown("Er zijn (nog) geen adviezen vastgelegd.")
    for group in ("nieuw", "gewijzigd", "open"):
        rows = frame[frame["groep"] == group]
        if rows.empty:
            continue
        out.markdown(f"## {group_title(group)}")
        out.table(aanbevelingen_table(rows), caption=f"{group_title(group)} ({edition})", footnotes=[SOURCE_NOTE])
    return out
