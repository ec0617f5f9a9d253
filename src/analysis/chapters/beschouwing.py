"""The Beschouwing: the researchers' own reflection, a place in every national report.

Not a notebook: the build places it in the first chapter after "In het kort"
(:func:`analysis.chapters.inleiding.inleiding_markdown`). The text is
``params/tekst/<edition>/beschouwing.md``; while it is missing a concept report says
where to write it, and a definitief edition is refused before anything runs
(:func:`analysis.inputs.validation.check_final_texts`).
"""

from __future__ import annotations

from analysis.inputs.editions import load_edition
from analysis.inputs.programme import load_programme
from analysis.inputs.registry import load_registry
from analysis.inputs.texts import BESCHOUWING
from analysis.present.safety import own_text, plain_text

#: Shown in a concept while the beschouwing is not written (the path is added).
NOT_WRITTEN = "Nog te schrijven: de beschouwing van de onderzoekers"


def section(edition: str) -> str:
    """The section "Beschouwing" of ``edition`` as markdown (a level-2 heading)."""
    spec = load_edition(edition)
    title = load_programme(spec, load_registry()).hoofdstuk(BESCHOUWING)
    words = own_text(edition, BESCHOUWING)
    body = words or f"*{NOT_WRITTEN} (params/tekst/{edition}/{BESCHOUWING}.md).*"
    return f"## {plain_text(title)}\n\n{body}\n"
