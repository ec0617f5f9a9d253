"""Chapter "Factsheet": the panels, their sources and the generated findings.

Notebook ``notebooks/10-factsheet.ipynb``, once per factsheet of the edition's
content (``params/inhoud/<inhoud>/factsheets.yaml``; for Zorg voor de Jeugd one
per actielijn). Reads the edition's figures, the indicator registry, the
programme (the theme's title and *Beweging*), the edition's caveats, the
researchers' own text ``params/tekst/<edition>/factsheet-<id>.md`` and
``params/analysis.yaml``.
"""

from __future__ import annotations

from analysis.errors import VoortgangError
from analysis.inputs.analysis_settings import load_analysis_settings
from analysis.inputs.editions import load_edition
from analysis.inputs.factsheets import load_factsheets
from analysis.inputs.figures import edition_figures
from analysis.inputs.programme import load_caveats, load_programme
from analysis.inputs.registry import load_registry
from analysis.measures.indicators import panel_frame
from analysis.present.display import ChapterOutput
from analysis.present.factsheets import (
    bron_lines,
    factsheet_findings,
    factsheet_panel_notes,
    factsheet_title,
    panel_chart,
    panel_table,
)
from analysis.present.safety import own_text, plain_text


def text_id(factsheet: str) -> str:
    """Stem of the researchers' text of this factsheet: ``factsheet-<id>``."""
    return f"factsheet-{factsheet}"


def build(edition: str, factsheet: str) -> ChapterOutput:
    """The factsheet with id ``factsheet`` (``al1``) of ``edition``."""
    spec = load_edition(edition)
    registry = load_registry()
    figures = edition_figures(spec, registry)
    sheets = load_factsheets(spec, registry, figures)
    if factsheet not in sheets:
        raise VoortgangError(f"parameter 'factsheet': {factsheet!r} is not a factsheet of {spec.inhoud} "
                             f"(known: {', '.join(sheets)})")
    sheet = sheets[factsheet]
    programme = load_programme(spec, registry)
    thema = programme.thema(sheet.thema) if sheet.thema is not None else None
    out = ChapterOutput()
    out.markdown(f"# {factsheet_title(sheet, programme)}")
    if thema is not None and thema.beweging:
        out.markdown(f"**Beweging:** {thema.beweging}")
    frames = [panel_frame(figures, panel) for panel in sheet.panels]
    all_notes = factsheet_panel_notes(sheet.panels, frames, registry)
    for number, (panel, frame, notes) in enumerate(zip(sheet.panels, frames, all_notes, strict=True), start=1):
        out.figure(*panel_chart(panel, frame, registry, number))
        if panel.tabel:
            table, footnotes = panel_table(frame, registry.get(panel.series[0].indicator).unit)
            out.table(table, caption=f"{number}. {panel.titel}: cijfers", footnotes=footnotes)
        if notes:
            out.markdown("\n\n".join(f"*{plain_text(note)}*" for note in notes))
    # the small print under the factsheet: sources, then the definitions and remarks (voetnoten)
    out.markdown("\n\n".join([*bron_lines(registry, sheet), *(plain_text(v) for v in sheet.voetnoten)]))
    out.markdown("## Wat zegt deze factsheet ons?")
    own_words = own_text(edition, text_id(factsheet))
    if own_words:
        out.markdown(own_words)
    findings = factsheet_findings(figures, registry, sheet, load_analysis_settings(), load_caveats(spec, registry))
    out.markdowns(finding.markdown() for finding in findings)
    return out
