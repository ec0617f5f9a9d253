"""Chapter "Factsheet actielijn N": the panels, their sources and the generated findings.

Notebook ``notebooks/10-factsheet.ipynb``, once per actielijn. Reads the
edition's figures, the indicator registry, the factsheet definitions
(``params/factsheets.yaml``), the researchers' own text
``params/tekst/<edition>/factsheet-al<N>.md`` and ``params/analysis.yaml``.
"""

from __future__ import annotations

from analysis.inputs.analysis_settings import load_analysis_settings
from analysis.inputs.editions import load_edition
from analysis.inputs.factsheets import load_factsheets
from analysis.inputs.figures import edition_figures
from analysis.inputs.registry import load_registry
from analysis.measures.indicators import panel_frame
from analysis.present.display import ChapterOutput
from analysis.present.factsheets import bron_lines, factsheet_findings, panel_chart
from analysis.present.safety import own_text


def text_id(actielijn: int) -> str:
    """Stem of the researchers' text of this factsheet: ``factsheet-al<N>``."""
    return f"factsheet-al{actielijn}"


def build(edition: str, actielijn: int) -> ChapterOutput:
    """The factsheet of one actielijn (1-6) of ``edition``."""
    registry = load_registry()
    figures = edition_figures(load_edition(edition), registry)
    sheet = load_factsheets(registry, figures)[actielijn]
    line = registry.actielijn(actielijn)
    out = ChapterOutput()
    out.markdown(f"# Factsheet actielijn {actielijn}: {line.titel}")
    out.markdown(f"**Beweging:** {line.beweging}")
    for number, panel in enumerate(sheet.panels, start=1):
        out.figure(*panel_chart(panel, panel_frame(figures, panel), registry, number))
    out.markdown("\n\n".join(bron_lines(registry, sheet)))
    out.markdown("## Wat zegt deze factsheet ons?")
    own_words = own_text(edition, text_id(actielijn))
    if own_words:
        out.markdown(own_words)
    findings = factsheet_findings(figures, registry, sheet, load_analysis_settings())
    out.markdowns(finding.markdown() for finding in findings)
    return out
