"""Content of the appendix "Methoden en kanttekeningen" (Dutch), from the registries and settings.

Everything printed here comes from one place: indicator definitions, sources,
units, directions and series breaks from ``params/indicators.yaml``; the
glossary from ``params/glossary.yaml``; the thresholds that steer conclusions
from ``params/analysis.yaml``; the disclosure-control settings from
``params/disclosure.yaml``; the conventions of the tests from :mod:`analysis.stats`.
"""

from __future__ import annotations

import pandas as pd

from analysis.config import CBS_MIN_COUNT, CBS_ROUNDING_BASE, MISSING_SYMBOL
from analysis.inputs.analysis_settings import AnalysisSettings
from analysis.inputs.disclosure_settings import DisclosureSettings
from analysis.inputs.glossary import Term
from analysis.inputs.programme import Programme
from analysis.inputs.registry import Indicator, Registry
from analysis.measures.periods import in_segment
from analysis.present.labels import CORRECTION_LIMITS, CORRECTION_NAMES, DIRECTION_TEXT, UNIT_TEXT
from analysis.present.numbers import format_number
from analysis.present.wording import coverage_text, join_dutch, period_label, sentence_case


def glossary_markdown(terms: tuple[Term, ...]) -> str:
    """The glossary as a markdown definition list."""
    return "\n\n".join(f"**{t.term}**\n: {t.uitleg}" for t in terms)


def unit_text(ind: Indicator) -> str:
    """The unit of an indicator in Dutch: ``'%'``, ``'indexcijfer (2015=100)'``, ``'per 1.000'``."""
    if ind.unit == "index":
        return f"{UNIT_TEXT['index']} ({ind.index_base})"
    if ind.unit == "rate":
        return f"{UNIT_TEXT['rate']} {format_number(ind.rate_per)}"
    return UNIT_TEXT[ind.unit]


def definitions_table(registry: Registry, ids: list[str], programme: Programme) -> pd.DataFrame:
    """Definitions of the indicators shown in the report.

    Returns
    -------
    DataFrame
        Index ``Indicator`` (Dutch label); columns: the programme's theme
        (``Actielijn``; empty for an indicator without a theme), Definitie,
        Eenheid, Gewenste richting, Bron.
    """
    rows = {}
    theme_column = sentence_case(programme.thema_woord)
    for i in dict.fromkeys(ids):
        ind = registry.get(i)
        thema = programme.thema_of(i)
        rows[ind.label] = {
            theme_column: "" if thema is None else str(thema.id),
            "Definitie": ind.definition,
            "Eenheid": unit_text(ind),
            "Gewenste richting": DIRECTION_TEXT[ind.direction],
            "Bron": ind.source,
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "Indicator"
    return table


def series_breaks_markdown(registry: Registry, figures: pd.DataFrame) -> str:
    """Bulleted list of the series breaks that fall within the edition's figures, with their reasons.

    A break counts when ``figures`` (the edition's merged figures) reach it: a
    period of the indicator lies in the segment the break starts (a series that
    begins at its break is "gemeten sinds"); a break after an edition's last
    period is not this edition's concern.
    """
    items = []
    periods = figures.groupby("indicator_id")["period"].agg(list)
    for ind in registry.indicators:
        for brk in ind.series_breaks:
            if ind.id not in periods or not any(in_segment(p, brk.periode) for p in periods[ind.id]):
                continue
            items.append(f"- **{ind.label}**: trendbreuk vanaf {period_label(brk.periode)}. {brk.reden}")
    return "\n".join(items) if items else "Er zijn geen trendbreuken vastgelegd."


def _threshold(x: float) -> str:
    """A threshold as the settings file has it, Dutch: ``1.0 -> '1'``, ``0.05 -> '0,05'``."""
    return format_number(x, len(repr(float(x)).rstrip("0").split(".")[1]) if x % 1 else 0)


def statistics_markdown(settings: AnalysisSettings) -> str:
    """The statistical conventions of the report, in Dutch, with the thresholds in force.

    Parameters
    ----------
    settings : AnalysisSettings
        ``params/analysis.yaml``: every value printed here comes from it (or from
        the properties of the tests in :mod:`analysis.stats`).
    """
    # imported here: scipy and statsmodels (analysis.stats) are not needed by the build's index chapter
    from analysis.stats.trend import mann_kendall_min_points

    words, flags = settings.change, settings.patterns
    alpha = format_number(settings.significance, 2)
    levels = join_dutch([f"{coverage_text(level)}%" for level in flags.funnel_levels])
    return "\n\n".join(
        [
            "**Verandering.** Een verandering van een percentage drukken we uit in procentpunt "
            "(nieuw min oud); een verandering van een aantal als relatieve verandering in % "
            "((nieuw / oud - 1) x 100). Afronding: half van nul af (2,5 wordt 3).",
            f"**Stabiel.** Een verandering kleiner dan {_threshold(words.stable_pp)} procentpunt of "
            f"{_threshold(words.stable_rel_pct)}% heet \"vrijwel gelijk gebleven\". Kopjes zeggen \"iets meer\" "
            f"bij minder dan {_threshold(words.modest_pp)} procentpunt en \"veel meer\" vanaf "
            f"{_threshold(words.large_pp)} procentpunt; bij aantallen \"lichte toename\" bij minder dan "
            f"{_threshold(words.modest_rel_pct)}% en \"sterke toename\" vanaf {_threshold(words.large_rel_pct)}%.",
            "**Trend.** Welke toets een reeks krijgt, hangt af van wat de cijfers zijn. Aantallen (registraties "
            "van de hele groep, geen steekproef) toetsen we met quasi-Poisson-regressie over de jaren: de "
            "schommeling van jaar tot jaar wordt uit de reeks zelf geschat (Pearson-chi-kwadraat gedeeld door "
            "n - 2, minstens 1), met een t-toets met n - 2 vrijheidsgraden; daarvoor zijn minstens drie "
            "meetpunten nodig. Een percentage met bekende noemer toetsen we zo op de personen erachter "
            "(quasi-binomiaal). Percentages zonder noemer en indexcijfers toetsen we met de Mann-Kendall-toets "
            "(variantie gecorrigeerd voor gelijke waarden, met continuïteitscorrectie, met de hellingschatter van "
            f"Sen), maar pas vanaf {mann_kendall_min_points(settings.significance)} meetpunten: met minder "
            "meetpunten kan die toets bij dit significantieniveau geen trend aantonen, wat de data ook zijn, en "
            "dan staat er \"te weinig meetpunten voor een trendtoets\" met de richting en grootte van de "
            f"verandering. Een trend heet stijgend of dalend bij een tweezijdige p < {alpha}; alleen een "
            "aangetoonde trend krijgt in de tabel een kleur.",
            "**Trendbreuk.** Een toets loopt nooit over een trendbreuk heen: alleen de meetpunten vanaf "
            "de laatste breuk tellen mee, en de tekst zegt dat.",
            "**Groepsverschillen.** Verschillen tussen groepen (bijvoorbeeld met en zonder jeugdhulp) "
            "staan in procentpunt, met een 95%-betrouwbaarheidsinterval volgens Newcombe (hybride "
            "score-interval).",
            "**Patronen en veel toetsen tegelijk.** Een groep (leeftijd en geslacht, jeugdregio, cel van een "
            "tabel) wijkt duidelijk af van het gemiddelde als de toets op haar gecorrigeerde residu van de "
            f"chi-kwadraattoets significant is na de {CORRECTION_NAMES[flags.correction]} (die "
            f"{CORRECTION_LIMITS[flags.correction]} beperkt) over alle groepen van de "
            f"tabel, op niveau {_threshold(flags.family_alpha)}. Zo toetsen we ook regio's tegen het landelijke "
            "percentage of dat van hun netwerk (exacte binomiale toets) en de regio's die bij de Breslow-Day-toets "
            f"afwijken. Zonder correctie vind je bij 42 regio's en een niveau van {_threshold(flags.family_alpha)} "
            f"door toeval alleen al ongeveer {format_number(42 * flags.family_alpha, 1)} afwijkingen; elk "
            "hoofdstuk noemt het aantal toetsen en die verwachting. Het verschil tussen jongeren met en zonder "
            "jeugdhulp heet regionaal verschillend als de Breslow-Day-toets p < "
            f"{_threshold(flags.homogeneity_alpha)} geeft. Naast elk \"geen verschil\" van een regio staat het "
            f"kleinste verschil dat een regio van die omvang met {coverage_text(flags.power)}% kans had gevonden "
            "(onderscheidend vermogen; toets van één regio tegen het vergelijkingspercentage, op het niveau van "
            "één toets in de familie). De trechterdiagrammen tonen de "
            f"{levels}-grenzen rond het landelijke percentage; ze zijn de eerste weergave, er is geen ranglijst "
            "van regio's.",
            f"**In het kort.** De samenvatting vooraan toont de {settings.in_het_kort.aantal} grootste laatste "
            "veranderingen van de Kernindicatoren, gemeten tegen de grens van \"vrijwel gelijk gebleven\", in "
            f"zinnen van hoogstens {settings.in_het_kort.max_woorden} woorden, met alleen cijfers die ook in het "
            "rapport staan.",
        ]
    )


def methods_paragraph(settings: DisclosureSettings) -> str:
    """The Dutch paragraph on disclosure control for the methods appendix.

    Parameters
    ----------
    settings : DisclosureSettings
        The thresholds used (they are written into the text).

    Returns
    -------
    str
        One paragraph of Dutch text (markdown without markup).
    """
    m = settings.min_count
    if settings.rounding_base > 1:
        rounding = (
            f"Gepubliceerde aantallen, ook totalen, zijn afgerond op een veelvoud van "
            f"{settings.rounding_base}; door afronding kunnen totalen afwijken van de som "
            "van de afzonderlijke cijfers."
        )
    else:
        rounding = "Gepubliceerde aantallen zijn niet afgerond."
    d = settings.percentage_decimals
    places = "hele procenten" if d == 0 else f"{d} {'decimaal' if d == 1 else 'decimalen'}"
    return (
        "Alle tabellen die zijn berekend uit gegevens over personen (microdata van het "
        "CBS) zijn voor publicatie beveiligd tegen onthulling van gegevens over "
        f"individuele personen. Aantallen van minder dan {m} personen zijn niet "
        "gepubliceerd (primaire onderdrukking); een lege cel (nul) in een kruistabel "
        "wordt wel getoond. Waar een onderdrukt cijfer uit de overige cijfers en de "
        "rij- of kolomtotalen zou zijn terug te rekenen, zijn ook andere cijfers "
        "onderdrukt (secundaire onderdrukking): telkens de kleinste combinatie van "
        "cijfers die het onderdrukte cijfer onbepaald laat, een totaal alleen als het "
        "niet anders kan. Een percentage is niet gepubliceerd als de teller, de noemer "
        f"of het verschil tussen noemer en teller kleiner is dan {m}. {rounding} "
        "Percentages zijn berekend uit de afgeronde aantallen (zo is uit een percentage "
        f"en zijn noemer geen niet-afgerond aantal terug te rekenen) en afgerond op {places}. "
        f"Onderdrukte cijfers zijn in de tabellen aangegeven met een punt ({MISSING_SYMBOL}). "
        + settings_sentence(settings)
    )


def settings_sentence(settings: DisclosureSettings) -> str:
    """The disclosure settings in force, in one Dutch sentence (and the CBS-akkoord when below the floor).

    Examples
    --------
    >>> settings_sentence(DisclosureSettings()).startswith("Instellingen van de geheimhouding")
    True
    """
    d = settings.percentage_decimals
    text = (
        f"Instellingen van de geheimhouding in dit rapport: minimaal {settings.min_count} personen per cijfer, "
        + (f"aantallen afgerond op {settings.rounding_base}" if settings.rounding_base > 1
           else "aantallen niet afgerond")
        + f", percentages met {d} {'decimaal' if d == 1 else 'decimalen'}."
    )
    if settings.cbs_akkoord is not None:
        a = settings.cbs_akkoord
        text += (f" Deze drempels liggen onder de CBS-regels ({CBS_MIN_COUNT} personen, afronding op "
                 f"{CBS_ROUNDING_BASE}) met akkoord van het CBS: {a.door}, {a.datum}, kenmerk {a.kenmerk}.")
    return text
