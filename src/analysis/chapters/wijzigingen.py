"""Chapter "Wijzigingen ten opzichte van de vorige editie": new periods, revisions, registries.

Notebook ``notebooks/95-wijzigingen.ipynb``. Compares the figures and registries
of the edition being built (:func:`analysis.inputs.releases.current_data`, the
same figures loader as every chapter and the manifest) with the released
version that ``previous`` names; ``voortgang diff`` shows the same.
"""

from __future__ import annotations

from analysis.inputs.editions import load_edition
from analysis.inputs.releases import current_data, load_version, resolve
from analysis.measures.revisions import diff_data
from analysis.present.display import ChapterOutput
from analysis.present.revisions import display_tables, labels_of, summary_markdown


def build(edition: str, previous: str = "") -> ChapterOutput:
    """The change log of ``edition`` against ``previous`` (``""``: there is none)."""
    out = ChapterOutput()
    out.markdown("# Wijzigingen ten opzichte van de vorige editie")
    if not previous:
        out.markdown("Dit is de eerste editie in deze reeks: er is geen vorige editie om mee te vergelijken.")
        return out
    before = load_version(resolve(previous, argument="previous"))
    now = current_data(load_edition(edition))
    diff = diff_data(before, now)
    out.markdown(summary_markdown(diff))
    for caption, table in display_tables(diff, labels_of(before, now)):
        out.table(table, caption=caption)
    return out
