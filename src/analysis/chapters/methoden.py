"""Chapter "Bijlage: methoden en kanttekeningen": definitions, methods, breaks, disclosure, glossary.

Notebook ``notebooks/90-methoden.ipynb``. Everything printed comes from one
place: the sources of the figures and every choice between them
(:func:`analysis.inputs.figures.load_edition_figures`), indicator definitions from
``params/indicators.yaml`` (the Kernindicatoren and the indicators of the factsheets
of the edition's content), the thresholds of ``params/analysis.yaml``,
the disclosure settings of ``params/disclosure.yaml`` and the glossary of
``params/glossary.yaml``.
"""

from __future__ import annotations

from analysis.inputs.analysis_settings import load_analysis_settings
from analysis.inputs.disclosure_settings import load_disclosure_settings
from analysis.inputs.editions import load_edition
from analysis.inputs.factsheets import load_factsheets
from analysis.inputs.figures import load_edition_figures
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
from analysis.present.numbers import count_text
from analysis.present.sources import conflicts_table, precedence_text, sources_table


def build(edition: str) -> ChapterOutput:
    """The appendix of ``edition``."""
    spec = load_edition(edition)
    registry = load_registry()
    loaded = load_edition_figures(spec, registry)
    figures = loaded.figures
    shown = [row.indicator for row in load_kern_selection(spec, registry)] + [
        s.indicator for sheet in load_factsheets(spec, registry, figures).values() for p in sheet.panels
        for s in p.series
    ]
    out = ChapterOutput()
    out.markdown("# Bijlage: methoden en kanttekeningen")
    out.markdown("## Definities van de indicatoren")
    out.table(definitions_table(registry, shown, load_programme(spec, registry)),
              caption="Definities, eenheden, gewenste richting en bronnen")
    out.markdown("## Bronnen van de cijfers")
    out.table(sources_table(loaded.sources), caption="Publicaties waar de cijfers van deze rapportage uit komen")
    if loaded.conflicts.empty:
        out.markdown("Geen van de cijfers verschilt tussen de bronnen.")
    else:
        rules = precedence_text(load_analysis_settings().figures)
        out.markdown(f"{count_text(len(loaded.conflicts), 'cijfer verschilt', 'cijfers verschillen')} tussen de "
                     f"bronnen. We kiezen volgens vaste regels, in deze volgorde: {rules}.")
        labels = {ind.id: ind.label for ind in registry.indicators}
        out.table(conflicts_table(loaded.conflicts, labels), caption="Verschillen tussen bronnen en de keuze")
    out.markdown("## Statistische methoden")
    out.markdown(statistics_markdown(load_analysis_settings()))
    out.markdown("## Trendbreuken")
    out.markdown(series_breaks_markdown(registry, figures))
    out.markdown("## Geheimhouding (statistische beveiliging)")
    out.markdown(methods_paragraph(load_disclosure_settings()))
    out.markdown("## Begrippenlijst")
    out.markdown(glossary_markdown(load_glossary()))
    return out
