"""Chapter with the Kernindicatoren (the programme's `cijfers_titel`): headline lines, the table, the themes.

Notebook ``notebooks/01-kernindicatoren.ipynb``. Reads the edition's figures
(:func:`analysis.inputs.figures.edition_figures`), the indicator registry, the
edition's content (programme, Kernindicatoren selection, headline lines:
``params/inhoud/<inhoud>/``) and the thresholds of ``params/analysis.yaml``.
"""

from __future__ import annotations

from analysis.inputs.analysis_settings import load_analysis_settings
from analysis.inputs.editions import load_edition
from analysis.inputs.figures import edition_figures
from analysis.inputs.headlines import load_kerncijfers
from analysis.inputs.programme import load_kern_selection, load_programme
from analysis.inputs.registry import load_registry
from analysis.measures.indicators import kern_rows, years_with_values
from analysis.present.display import ChapterOutput
from analysis.present.kernindicatoren import (
    headline_lines,
    kern_display,
    table_footnotes,
    thema_paragraphs,
    with_trend_column,
)
from analysis.present.wording import COLUMN_RULE


def build(edition: str) -> ChapterOutput:
    """The chapter for ``edition`` (e.g. ``"2020-H1"``), in the years of its edition file."""
    spec = load_edition(edition)
    registry = load_registry()
    programme = load_programme(spec, registry)
    settings = load_analysis_settings()
    figures = edition_figures(spec, registry)
    rows = kern_rows(figures, load_kern_selection(spec, registry), registry, list(spec.years))
    years = years_with_values(rows, list(spec.years))
    out = ChapterOutput()
    out.markdown(f"# {programme.cijfers_titel}")
    lines = headline_lines(figures, registry, load_kerncijfers(spec, registry), settings.change)
    out.markdown("\n".join(f"- {line}" for line in lines))
    out.markdown("## Kernindicatoren")
    table, colours, trend_notes = with_trend_column(kern_display(rows, years), rows, settings)
    out.table(
        table,
        caption=f"{programme.kernindicatoren_titel} {years[0]}-{years[-1]}",
        footnotes=[
            COLUMN_RULE,
            "Een punt (.) betekent: cijfer ontbreekt of is onleesbaar in de bron.",
            "Trend: de toets hangt af van wat de cijfers zijn (zie hieronder), tweezijdig, binnen de reeks na een "
            "eventuele trendbreuk. Groen: een aangetoonde trend in de gewenste richting; rood: niet in de "
            "gewenste richting; zonder kleur: geen aangetoonde trend of geen gewenste richting.",
            *trend_notes,
            *table_footnotes(rows, years),
        ],
        cell_classes=colours,
    )
    out.markdown(f"## Ontwikkeling per {programme.thema_woord}")
    out.markdowns(thema_paragraphs(rows, programme, settings.change).values())
    return out
