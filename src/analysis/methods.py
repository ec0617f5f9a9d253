"""Content of the appendix "Methoden en kanttekeningen" (Dutch), from the registries.

Everything printed here comes from one place: indicator definitions, sources,
units, directions and series breaks from ``params/indicators.yaml``; the
glossary from ``params/glossary.yaml``; the disclosure-control settings from
``params/disclosure.yaml`` (:func:`analysis.disclosure.methods_paragraph`);
the statistical conventions from :mod:`analysis.stats` and
:mod:`analysis.config`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict

from analysis.config import GLOSSARY, LARGE_PP, MODEST_PP, STABLE_PP, STABLE_REL_PCT
from analysis.dutch import format_number
from analysis.registry import Registry
from analysis.yamlio import load_model
from analysis.stats.trend import DEFAULT_SIGNIFICANCE, MIN_POINTS_MANN_KENDALL

UNIT_TEXT = {
    "count": "aantal",
    "percent": "%",
    "percentage_point": "procentpunt",
    "percent_change": "% verandering",
    "one_in_n": "1 op de N",
    "eur": "euro",
    "eur_million": "miljoen euro",
}
DIRECTION_TEXT = {
    "higher_is_better": "hoger is beter",
    "lower_is_better": "lager is beter",
    "neutral": "geen gewenste richting",
}


class Term(BaseModel):
    """One entry of the glossary."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    term: str
    uitleg: str


class _Glossary(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    begrippen: tuple[Term, ...]


def load_glossary(path: Path = GLOSSARY) -> tuple[Term, ...]:
    """Read the glossary, sorted by term (case-insensitive)."""
    data = load_model(path, _Glossary)
    return tuple(sorted(data.begrippen, key=lambda t: t.term.lower()))


def glossary_markdown(terms: tuple[Term, ...]) -> str:
    """The glossary as a markdown definition list."""
    return "\n\n".join(f"**{t.term}**\n: {t.uitleg}" for t in terms)


def definitions_table(registry: Registry, ids: list[str]) -> pd.DataFrame:
    """Definitions of the indicators shown in the report.

    Returns
    -------
    DataFrame
        Index ``Indicator`` (Dutch label); columns Actielijn, Definitie, Eenheid,
        Gewenste richting, Bron.
    """
    rows = {}
    for i in dict.fromkeys(ids):
        ind = registry.get(i)
        rows[ind.label] = {
            "Actielijn": str(ind.actielijn),
            "Definitie": ind.definition,
            "Eenheid": UNIT_TEXT[ind.unit],
            "Gewenste richting": DIRECTION_TEXT[ind.direction],
            "Bron": ind.source,
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "Indicator"
    return table


def series_breaks_markdown(registry: Registry) -> str:
    """Bulleted list of the series breaks in the registry, with their caveats."""
    items = []
    for ind in registry.indicators:
        if ind.series_breaks:
            years = ", ".join(ind.series_breaks)
            why = next((c for c in ind.caveats if "vergelijk" in c.lower()), "")
            items.append(f"- **{ind.label}**: trendbreuk vanaf {years}." + (f" {why}" if why else ""))
    return "\n".join(items) if items else "Er zijn geen trendbreuken vastgelegd."


def statistics_markdown() -> str:
    """The statistical conventions of the report, in Dutch, with the thresholds in force."""
    alpha = format_number(DEFAULT_SIGNIFICANCE, 2)
    return "\n\n".join(
        [
            "**Verandering.** Een verandering van een percentage drukken we uit in procentpunt "
            "(nieuw min oud); een verandering van een aantal als relatieve verandering in % "
            "((nieuw / oud - 1) x 100). Afronding: half van nul af (2,5 wordt 3).",
            f"**Stabiel.** Een verandering kleiner dan {format_number(STABLE_PP, 0)} procentpunt of "
            f"{format_number(STABLE_REL_PCT, 0)}% heet \"vrijwel gelijk gebleven\". Kopjes zeggen \"iets meer\" "
            f"bij minder dan {format_number(MODEST_PP, 0)} procentpunt en \"veel meer\" vanaf "
            f"{format_number(LARGE_PP, 0)} procentpunt.",
            "**Trend.** De trendkolom en de kanttekeningen gebruiken de Mann-Kendall-toets "
            "(tweezijdig, variantie gecorrigeerd voor gelijke waarden, met continuïteitscorrectie) "
            f"met de hellingschatter van Sen. Bij minder dan {MIN_POINTS_MANN_KENDALL} meetpunten doen we "
            "geen toets (\"te weinig meetpunten\"). Een trend heet stijgend of dalend bij p < "
            f"{alpha}. Met vier of vijf jaarcijfers is een trend zelden statistisch aan te tonen: "
            "\"geen trend\" betekent dan vooral dat de reeks nog kort is.",
            "**Trendbreuk.** Een toets loopt nooit over een trendbreuk heen: alleen de meetpunten vanaf "
            "de laatste breuk tellen mee, en de tekst zegt dat.",
            "**Groepsverschillen.** Verschillen tussen groepen (bijvoorbeeld met en zonder jeugdhulp) "
            "staan in procentpunt, met een 95%-betrouwbaarheidsinterval volgens Newcombe (hybride "
            "score-interval).",
        ]
    )
