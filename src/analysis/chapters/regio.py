"""TODO docstring."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

from analysis.disclosure.marking import ProtectedTable
from analysis.disclosure.suppression import PERCENTAGE, protect_proportions
from analysis.inputs.disclosure_settings import DisclosureSettings
from analysis.inputs.groupings import JEUGDREGIO_LEVEL, Catalogue, Region
from analysis.inputs.microdata.load import MicrodataTables
from analysis.measures.regional import has_persons, region_rows, restrict_to_region, to_units
from analysis.present.regional import TOO_FEW, _difference_finding, _trend_sentence, comparison_table


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
    tables: MicrodataTables,
    region: Region,
    catalogue: Catalogue,
    years: Sequence[int],
    cohort_a_years: Sequence[int],
    cohort_b_years: Sequence[int],
    settings: DisclosureSettings,
) -> RegionReport:
    """Compute (and protect) everything of one regional report.

    Parameters
    ----------
    tables : MicrodataTables
        Person-level data with a jeugdregio per person-year.
    region : Region
    catalogue : Catalogue
        For the other regions of the region's level (funnel plot).
    years : sequence of int
        Reporting years of jeugdhulp and verblijf.
    cohort_a_years, cohort_b_years : sequence of int
        Cohort years (actielijn 4) of the edition; the regional report computes
        and shows the last year of each (a region's cohorts are small).
    settings : DisclosureSettings

    Returns
    -------
    RegionReport
        With ``has_persons`` False (and nothing else) for a region without persons.
    """
    from analysis.measures.cohorts import cohort_a, cohort_b
    from analysis.measures.patterns import funnel_flags
    from analysis.measures.prevalence import RESIDENTS, care_prevalence
    from analysis.present.cohorts import protect_cohort_a, protect_cohort_b, protected_gaps
    from analysis.present.labels import KIND_LABELS
    from analysis.present.patterns import position_words

    if not has_persons(tables, region, years):
        return RegionReport(region=region, has_persons=False)
    counts = [RESIDENTS, "jeugdhulp", "verblijf"]
    prev = care_prevalence(tables, years, by=("jeugdregio",))
    mine = region_rows(prev, region, counts)
    nl = prev.groupby("year", sort=True)[counts].sum().reset_index()
    comparison, trends, funnels = {}, {}, {}
    findings: list[str] = []
    last = max(years)
    units = catalogue.level(region.niveau)
    unit_frame = to_units(prev[prev["year"] == last], units, counts)
    nl_last = nl[nl["year"] == last].iloc[0]
    for kind in KIND_LABELS:
        comparison[kind] = comparison_table(mine, nl, kind, settings)
        trends[kind] = _trend_sentence(mine, kind, comparison[kind], region)
        findings.append(_difference_finding(comparison[kind], kind, region) + " " + trends[kind])
        target = float(nl_last[kind] / nl_last[RESIDENTS])
        points = protect_proportions(
            unit_frame[["regio", kind, RESIDENTS]].rename(columns={kind: "numerator", RESIDENTS: "denominator"}),
            settings=settings,
        )
        flags = funnel_flags(unit_frame, "regio", kind, RESIDENTS, proportion=target)
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
    own = restrict_to_region(tables, region)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        a = cohort_a(own, [max(cohort_a_years)], by=("jeugdregio",))
        b = cohort_b(own, [max(cohort_b_years)], by=("jeugdregio",))
    a_region = region_rows(a, region, ["numerator", "denominator"])
    b_region = region_rows(b, region, ["numerator", "denominator"])
    protected_a = protect_cohort_a(a_region, settings)
    gap_year = max(cohort_a_years)
    return RegionReport(
        region=region,
        has_persons=True,
        comparison=comparison,
        trends=trends,
        funnels=funnels,
        cohort_a=protected_a,
        cohort_b=protect_cohort_b(b_region, settings),
        gaps=protected_gaps(a_region, protected_a, gap_year),
        gap_year=gap_year,
        coverage_warning=bool(caught),
        findings=findings,
    )
