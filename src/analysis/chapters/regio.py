"""Chapter of a regional report (regiorapportage): one region against Nederland.

Notebook ``notebooks/40-regio.ipynb``, once per region (``voortgang build
--regions ...``). For a jeugdregio or a grouping of them (landsdeel,
expertisenetwerk) it shows, from the count tables that the build makes once
from person-level data with a jeugdregio per person-year
(:mod:`analysis.inputs.region_counts`: the execution reads the region's rows,
never person records), all through the disclosure gate:

- jeugdhulp and verblijf among residents aged 0-17 per year, the region against
  Nederland: the difference in procentpunt with a 95% interval
  (:func:`analysis.measures.regional.difference_to_country`) and the region's
  Mann-Kendall trend;
- the region's position in the funnel plot of its level (jeugdregio's among the
  42, a landsdeel among the landsdelen) for the last year;
- the 18+ cohort results (actielijn 4) for the region, for the last cohort
  year. Small regions get suppressed cells; the report then says so instead of
  failing.

:func:`region_report` computes and protects everything; :func:`build` puts it
in order with the researchers' text ``params/tekst/<edition>/regio-<code>.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from analysis.disclosure.marking import ProtectedTable
from analysis.disclosure.suppression import PERCENTAGE, protect_proportions
from analysis.disclosure.tables import funnel_points
from analysis.inputs.analysis_settings import AnalysisSettings, load_analysis_settings
from analysis.inputs.disclosure_settings import (
    DisclosureSettings,
    load_disclosure_settings,
)
from analysis.inputs.editions import Edition, load_edition
from analysis.inputs.groupings import (
    JEUGDREGIO_LEVEL,
    Catalogue,
    Region,
    find_region,
    region_catalogue,
    text_stem,
)
from analysis.inputs.programme import load_programme
from analysis.inputs.region_counts import RegionCounts, read_region_counts
from analysis.inputs.registry import load_registry
from analysis.measures.deviations import funnel_flags
from analysis.measures.prevalence import RESIDENTS
from analysis.measures.region_counts import cohort_rows, region_prevalence
from analysis.measures.regional import region_rows, to_units
from analysis.present.charts.bar import bar_chart
from analysis.present.charts.funnel import FunnelPanel, funnel_chart
from analysis.present.charts.line import line_chart
from analysis.present.cohorts import (
    chart_frame,
    cohort_gap_findings,
    protect_cohort_a,
    protect_cohort_b,
    protected_gaps,
)
from analysis.present.display import ChapterOutput, protected_display
from analysis.present.labels import KIND_LABELS
from analysis.present.notices import mark_synthetic, synthetic_chapter_callout, synthetic_footnotes
from analysis.present.patterns import position_words
from analysis.present.regional import (
    NL_PCT,
    REGION_PCT,
    TOO_FEW,
    YEAR_LABEL,
    cohort_chart_frame,
    comparison_chart_frame,
    comparison_table,
    difference_finding,
    membership_note,
    no_persons_text,
    trend_sentence,
)
from analysis.present.safety import own_text
from analysis.present.summary import IN_HET_KORT, regional_summary_markdown
from analysis.present.wording import coverage_text


@dataclass(frozen=True, eq=False)
class FunnelView:
    """A region's place among the regions of its level, for one kind of care and year."""

    kind: str
    year: int
    points: ProtectedTable
    target: float
    position: str | None


@dataclass(frozen=True, eq=False)
class RegionReport:
    """Everything a regional report shows, already through the disclosure gate.

    Attributes
    ----------
    region : Region
    has_persons : bool
        False when no one in the data lives in the region (then the other
        fields are empty and the report says so).
    comparison : dict of str to ProtectedTable
        Per kind (``jeugdhulp``, ``verblijf``): per year the region's count,
        residents and percentage, the national percentage and the difference
        in procentpunt with its 95% interval.
    trends : dict of str to str
        Per kind, a Dutch sentence on the region's Mann-Kendall trend.
    funnels : dict of str to FunnelView
    cohort_a, cohort_b, gaps : ProtectedTable or None
        Cohort A and B of the last cohort year and the gaps of cohort A.
    gap_year : int
    coverage_warning : bool
        The first cohort A years miss part of the exposure window (see
        :mod:`analysis.measures.cohorts`).
    findings : list of str
        Generated Dutch findings (markdown).
    """

    region: Region
    has_persons: bool
    comparison: dict[str, ProtectedTable] = field(default_factory=dict)
    trends: dict[str, str] = field(default_factory=dict)
    funnels: dict[str, FunnelView] = field(default_factory=dict)
    cohort_a: ProtectedTable | None = None
    cohort_b: ProtectedTable | None = None
    gaps: ProtectedTable | None = None
    gap_year: int | None = None
    coverage_warning: bool = False
    findings: list[str] = field(default_factory=list)


def region_report(
    counts: RegionCounts,
    region: Region,
    catalogue: Catalogue,
    years: Sequence[int],
    cohort_a_years: Sequence[int],
    cohort_b_years: Sequence[int],
    settings: DisclosureSettings,
    analysis: AnalysisSettings,
) -> RegionReport:
    """Compute (and protect) everything of one regional report.

    Parameters
    ----------
    counts : RegionCounts
        The count tables of every jeugdregio (the build's national pass,
        :mod:`analysis.inputs.region_counts`); the region takes its rows.
    region : Region
    catalogue : Catalogue
        For the other regions of the region's level (funnel plot).
    years : sequence of int
        Reporting years of jeugdhulp and verblijf.
    cohort_a_years, cohort_b_years : sequence of int
        Cohort years (actielijn 4) of the edition; the regional report computes
        and shows the last year of each (a region's cohorts are small).
    settings : DisclosureSettings
    analysis : AnalysisSettings
        The significance level of the trend test and the funnel limits.

    Returns
    -------
    RegionReport
        With ``has_persons`` False (and nothing else) for a region without persons.
    """

    counted = [RESIDENTS, "jeugdhulp", "verblijf"]
    prev = region_prevalence(counts, years)
    mine = region_rows(prev, region, counted)
    if not (mine[RESIDENTS] > 0).any():
        return RegionReport(region=region, has_persons=False)
    nl = prev.groupby("year", sort=True)[counted].sum().reset_index()
    comparison, trends, funnels = {}, {}, {}
    findings: list[str] = []
    last = max(years)
    units = catalogue.level(region.niveau)
    unit_frame = to_units(prev[prev["year"] == last], units, counted)
    nl_last = nl[nl["year"] == last].iloc[0]
    for kind in KIND_LABELS:
        comparison[kind] = comparison_table(mine, nl, kind, settings)
        trends[kind] = trend_sentence(mine, kind, comparison[kind], region, analysis.significance)
        findings.append(difference_finding(comparison[kind], kind, region) + " " + trends[kind])
        target = float(nl_last[kind] / nl_last[RESIDENTS])
        points = protect_proportions(
            unit_frame[["regio", kind, RESIDENTS]].rename(columns={kind: "numerator", RESIDENTS: "denominator"}),
            settings=settings,
        )
        flags = funnel_flags(unit_frame, "regio", kind, RESIDENTS, analysis.patterns.funnel_levels,
                             proportion=target)
        position = None
        shown = dict(zip(points.data["regio"].astype(str), ~points.suppressed[PERCENTAGE].to_numpy(bool), strict=True))
        if shown.get(region.code):
            row = flags.loc[region.code]
            position = position_words(row["direction"], float(row["beyond_level"]))
        funnels[kind] = FunnelView(kind=kind, year=last, points=points, target=target, position=position)
        level = "de jeugdregio's" if region.niveau == JEUGDREGIO_LEVEL else f"de {region.niveau}"
        findings.append(
            f"In de trechter van {level} ({last}, {KIND_LABELS[kind].lower()}) ligt {region.naam} {position}."
            if position else f"Trechter van {level} ({KIND_LABELS[kind].lower()}, {last}): {TOO_FEW}"
        )
    # A region's cohorts are small: the report shows the last cohort year of each only.
    year_a, year_b = max(cohort_a_years), max(cohort_b_years)
    a_region = region_rows(cohort_rows(counts.cohort_a, [year_a]), region, ["numerator", "denominator"])
    b_region = region_rows(cohort_rows(counts.cohort_b, [year_b]), region, ["numerator", "denominator"])
    protected_a = protect_cohort_a(a_region, settings)
    return RegionReport(
        region=region,
        has_persons=True,
        comparison=comparison,
        trends=trends,
        funnels=funnels,
        cohort_a=protected_a,
        cohort_b=protect_cohort_b(b_region, settings),
        gaps=protected_gaps(a_region, protected_a, year_a),
        gap_year=year_a,
        coverage_warning=year_a in counts.incomplete_a or year_b in counts.incomplete_b,
        findings=findings,
    )


#: Said when the first cohort years start before the data (see :mod:`analysis.measures.cohorts`).
COVERAGE_CAVEAT = (
    "*Kanttekening: voor de eerste cohortjaren valt een deel van de periode op 16-17-jarige leeftijd "
    "vóór het begin van de gegevens.*"
)


def regional_summary(spec: Edition, place: Region, report: RegionReport, synthetic: bool) -> str:
    """"In het kort" of the regional report: the shown percentages of the comparison tables, in plain Dutch."""
    title = load_programme(spec, load_registry()).hoofdstuk(IN_HET_KORT)
    shown = {}
    for kind, table in report.comparison.items():
        rows = protected_display(table)
        shown[kind] = list(zip(rows[YEAR_LABEL].astype(str), rows[REGION_PCT], rows[NL_PCT], strict=True))
    return regional_summary_markdown(title, place.naam, shown, synthetic)


def build(
    edition: str, region: str, microdata: str, cohort_a_years: Sequence[int], cohort_b_years: Sequence[int]
) -> ChapterOutput:
    """The regional chapter of ``region`` (a code: ``JZ14``, ``LD03``) in ``edition``."""
    spec = load_edition(edition)
    years = list(spec.years)
    catalogue = region_catalogue(spec)
    place = find_region(region, catalogue)
    counts = read_region_counts(edition, microdata)
    analysis = load_analysis_settings()
    report = region_report(counts, place, catalogue, years, cohort_a_years, cohort_b_years,
                           load_disclosure_settings(), analysis)
    synthetic = counts.synthetic
    note = synthetic_footnotes(synthetic)
    out = ChapterOutput()

    def chart_or_note(frame, protected: ProtectedTable, **chart) -> None:
        """A bar chart of published values, or the sentence that the region is too small."""
        if frame["waarde"].isna().all():
            out.markdown(f"*{chart['title']}.* {TOO_FEW}")
        else:
            fig, alt = bar_chart(frame, y="waarde", unit="percent", synthetic=synthetic, **chart)
            out.figure(fig, alt, data=protected)

    out.markdown(f"# {place.label}")
    if synthetic:
        out.markdown(synthetic_chapter_callout())
    if membership_note(place, catalogue.names):
        out.markdown(membership_note(place, catalogue.names))
    if report.has_persons:
        out.markdown(regional_summary(spec, place, report, synthetic))
    if not report.has_persons:
        out.markdown(no_persons_text(place, years))
    else:
        out.markdown("## Jeugdhulp en jeugdhulp met verblijf")
        out.markdown(
            f"Jongeren van 0 tot 18 jaar die in {place.naam} wonen en in het jaar jeugdhulp kregen, naast heel "
            "Nederland. Het verschil staat in procentpunt, met een 95%-betrouwbaarheidsinterval."
        )
        for kind, label in KIND_LABELS.items():
            table = report.comparison[kind]
            out.table(table, caption=f"{label}: {place.naam} en Nederland (jongeren van 0 tot 18 jaar)",
                      index=YEAR_LABEL, footnotes=note)
            frame = comparison_chart_frame(table, place.naam)
            if frame["waarde"].iloc[: len(years)].isna().all():
                out.markdown(TOO_FEW)
            else:
                fig, alt = line_chart(frame, x=YEAR_LABEL, y="waarde", hue="reeks", unit="percent",
                                      title=f"{label}, {place.naam} en Nederland",
                                      ylabel="% van de jongeren van 0 tot 18 jaar", synthetic=synthetic)
                out.figure(fig, alt, data=table)
            out.markdown(report.trends[kind])
        out.markdown("## Plaats in de trechter")
        out.markdown(
            f"Elke stip is een regio van hetzelfde niveau ({place.niveau}); de lijnen zijn de grenzen waarbinnen "
            "een regio door toeval kan afwijken van het landelijke percentage. Een regio buiten de "
            f"{coverage_text(max(analysis.patterns.funnel_levels))}%-grens wijkt duidelijk af."
        )
        panels = [FunnelPanel(funnel_points(view.points, "regio"), view.target, f"{KIND_LABELS[kind]}, {view.year}")
                  for kind, view in report.funnels.items()]
        panels = [panel for panel in panels if not panel.points.empty]
        if panels:
            fig, alt = funnel_chart(panels, xlabel="Inwoners van 0 tot 18 jaar (logaritmische as)",
                                    ylabel="% van de jongeren van 0 tot 18 jaar", highlight=place.code,
                                    synthetic=synthetic,
                                    levels=analysis.patterns.funnel_levels)
            # every panel is drawn from a protected table (report.funnels[...].points)
            out.figure(fig, alt, data=[view.points for view in report.funnels.values()])
        for kind, view in report.funnels.items():
            where = f"ligt {place.naam} {view.position}." if view.position else TOO_FEW
            out.markdown(f"{KIND_LABELS[kind]}: {where}")
        out.markdown("## Jongeren op weg naar volwassenheid (18+)")
        out.markdown(
            f"De cohorten van de factsheet van actielijn 4, voor jongeren die in {place.naam} wonen. In kleine "
            "regio's zijn veel cijfers te klein om te tonen."
        )
        last_a = cohort_a_years[-1]
        chart_or_note(cohort_chart_frame(report.cohort_a, last_a), report.cohort_a, x="uitkomst", hue="groep",
                      title=f"Jongeren van 18-19 jaar in {last_a}, {place.naam}", ylabel="% van de groep")
        last_b = cohort_b_years[-1]
        chart_or_note(chart_frame(report.cohort_b, {"year": last_b}, x="termijn", hue="regeling"),
                      report.cohort_b, x="termijn", hue="regeling",
                      title=f"Verlengde jeugdhulp en vervolgzorg na de 18e verjaardag ({last_b}), {place.naam}",
                      ylabel="% van de jongeren met jeugdhulp vlak voor 18")
        out.table(report.gaps, caption=f"Verschil met leeftijdsgenoten zonder jeugdhulp in {report.gap_year}, "
                  f"{place.naam} (procentpunt, 95%-interval)", index="groep", footnotes=note)
    own_words = own_text(edition, text_stem(place))
    if report.has_persons or own_words:
        out.markdown("## Wat zegt deze regiorapportage ons?")
    if own_words:
        out.markdown(own_words)
    if report.has_persons:
        out.markdowns(mark_synthetic(list(report.findings), synthetic))
        out.markdowns(mark_synthetic(cohort_gap_findings(report.gaps, report.cohort_a, report.gap_year), synthetic))
        if report.coverage_warning:
            out.markdown(COVERAGE_CAVEAT)
    return out
