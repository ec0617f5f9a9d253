""""In het kort": the summary in plain Dutch at the start of every national report.

Not a notebook: the build places it in the first chapter (the book's ``index.qmd``,
:func:`analysis.chapters.inleiding.inleiding_markdown`), so every edition starts with
it. It is made from the same figures and Kernindicatoren rows as the chapter with
the Kernindicatoren, with the researchers' text ``params/tekst/<edition>/in-het-kort.md``
above the generated lines. Reads the edition, its figures, the registry, the
programme content (title, Kernindicatoren selection with plain subjects) and
``params/analysis.yaml``.
"""

from __future__ import annotations

from analysis.inputs.analysis_settings import load_analysis_settings
from analysis.inputs.editions import load_edition
from analysis.inputs.figures import edition_figures
from analysis.inputs.programme import load_kern_selection, load_programme
from analysis.inputs.registry import load_registry
from analysis.measures.indicators import kern_rows
from analysis.measures.summary import key_changes
from analysis.present.safety import own_text
from analysis.present.summary import IN_HET_KORT, summary_markdown

#: Stem of the researchers' text and the key of the section's title in the programme's ``hoofdstukken``.
TEXT_ID = IN_HET_KORT


def summary(edition: str) -> str:
    """The section "In het kort" of ``edition`` as markdown (a level-2 heading)."""
    spec = load_edition(edition)
    registry = load_registry()
    settings = load_analysis_settings()
    selection = load_kern_selection(spec, registry)
    subjects = {row.label: row.eenvoudig for row in selection if row.eenvoudig}
    rows = [r for r in kern_rows(edition_figures(spec, registry), selection, registry, list(spec.years))
            if r.label in subjects]
    keys = key_changes(rows, settings.change, settings.in_het_kort.aantal)
    title = load_programme(spec, registry).hoofdstuk(TEXT_ID)
    return summary_markdown(title, keys, subjects, own_text(edition, TEXT_ID))
