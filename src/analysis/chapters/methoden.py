"""Chapter "Bijlage: methoden en kanttekeningen": definitions, methods, breaks, disclosure, glossary.

Notebook ``notebooks/90-methoden.ipynb``. Everything printed comes from one
place: indicator definitions from ``params/indicators.yaml`` (the Kernindicatoren
and the indicators of the factsheets of the edition's content), the thresholds of ``params/analysis.yaml``,
the disclosure settings of ``params/disclosure.yaml`` and the glossary of
``params/glossary.yaml``.
"""

from __future__ import annotations

from analysis.inputs.analysis_settings import load_analysis_settings
from analysis.inputs.disclosure_settings import load_disclosure_settings
from analysis.inputs.editions import load_edition
from analysis.inputs.factsheets import load_factsheets
from analysis.inputs.figures import edition_figures
from analysis.inputs.glossary import load_glossary
from analysis.inputs.programme import load_kern_selection, load_programme
from analysis.inputs.registry import load_registry
from analysis.present.display import ChapterOutput
from analysis.present.methods import (
    definitions_table,
    glossary_markdown,
    methods_paragraph,
    series_breaks_markdown,
    statistics_markdown,
)


def build(edition: str) -> ChapterOutput:
    """The appendix of ``edition``."""
    spec = load_edition(edition)
    registry = load_registry()
    figures = edition_figures(spec, registry)
    shown = [row.indicator for row in load_kern_selection(spec, registry)] + [
        s.indicator for sheet in load_factsheets(spec, registry, figures).values() for p in sheet.panels
        for s in p.series
    ]
    out = ChapterOutput()
    out.markdown("# Bijlage: methoden en kanttekeningen")
    out.markdown("## Definities van de indicatoren")
    out.table(definitions_table(registry, shown, load_programme(spec, registry)),
              caption="Definities, eenheden, gewenste richting en bronnen")
    out.markdown("## Statistische methoden")
    out.markdown(statistics_markdown(load_analysis_settings()))
    out.markdown("## Trendbreuken")
    out.markdown(series_breaks_markdown(registry))
    out.markdown("## Geheimhouding (statistische beveiliging)")
    out.markdown(methods_paragraph(load_disclosure_settings()))
    out.markdown("## Begrippenlijst")
    out.markdown(glossary_markdown(load_glossary()))
    return out
