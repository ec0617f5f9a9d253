"""Regional reports (kenniswerkplaatsen): regions, region figures, the index page.

Region levels
-------------
- *jeugdregio*: the 42 ``JZxx`` regions of :mod:`analysis.regions`;
- a *grouping* of jeugdregio's that the edition file names under
  ``regions.groupings`` (``landsdelen``, or e.g. the bovenregionale
  expertisenetwerken) as a CSV with its source (:func:`load_grouping`);
- *Nederland*: the national report itself.

Gemeente-level figures need data with a gemeente per person-year (CBS
microdata with a user-supplied CBS mapping, or StatLine ``GMxxxx`` rows); the
synthetic population has none, so gemeente codes are refused with that reason.

What a regional report computes (:func:`region_report`), all on person-level
data and all through the disclosure gate:

- jeugdhulp and verblijf among residents aged 0-17 per year
  (:func:`analysis.patterns.care_prevalence`), the region against Nederland:
  the difference in procentpunt with a 95% interval, and the Mann-Kendall
  trend of the region;
- the region's position in the funnel plot of its level (jeugdregio's among
  the 42, a landsdeel among the landsdelen) for the last year;
- the 18+ cohort results (actielijn 4) for the region, for the last cohort
  year. Small regions get suppressed cells; the report then says so instead of
  failing.

Difference with Nederland
-------------------------
The region is part of Nederland, so region and country are not independent
samples. With ``w = n_regio / n_NL``, ``p_regio - p_NL = (1 - w)(p_regio -
p_rest)``, where *rest* is the country without the region; the interval is
Newcombe's interval for ``p_regio - p_rest`` (independent groups) times
``1 - w``. Percentages are percent (0-100), differences procentpunt.
"""

from __future__ import annotations

import dataclasses
import difflib
import html
import math
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis.config import PROJECT_ROOT
from analysis.disclosure import PERCENTAGE, DisclosureSettings, ProtectedTable, protect_proportions
from analysis.dutch import format_number, format_percent, join_dutch
from analysis.editions import Edition, RegionGrouping
from analysis.errors import VoortgangError
from analysis.regions import GEMEENTE_CODE, jeugdregios
from analysis.yamlio import display_path

if TYPE_CHECKING:
    from analysis.microdata.load import MicrodataTables

# The statistics (analysis.patterns, analysis.stats, analysis.cohort) are imported
# inside the functions that compute a report: the build only needs the region
# catalogue here, and importing statsmodels would cost it a second.

#: Level name of the 42 jeugdregio's (groupings use their own name as level).
JEUGDREGIO_LEVEL = "jeugdregio"
#: Source line of the jeugdregio list (see data/reference/README.md).
JEUGDREGIO_SOURCE = "CBS-indeling in 42 jeugdregio's (data/reference/jeugdregios.csv)"
#: ``--regions`` value for every jeugdregio.
ALL_JEUGDREGIOS = "all"
#: Region codes become folder and file names: letters, digits, '-' and '_'.
REGION_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
#: How many near codes an unknown-code message lists.
NEAREST = 5

#: What the report says where the gate hides a figure of a small region.
TOO_FEW = "Voor deze regio zijn te weinig jongeren om dit cijfer te tonen."

#: Dutch labels of the comparison table.
YEAR_LABEL = "Jaar"
WITH_CARE = "Jongeren met zorg (regio)"
RESIDENTS_LABEL = "Inwoners 0-17 jaar (regio)"
REGION_PCT = "Regio (%)"
NL_PCT = "Nederland (%)"
DIFF = "Verschil (procentpunt)"
DIFF_LOW = "Ondergrens 95%-interval"
DIFF_HIGH = "Bovengrens 95%-interval"


# --------------------------------------------------------------------------- regions


@dataclass(frozen=True)
class Region:
    """One region a report can be made for.

    Attributes
    ----------
    code : str
        ``JZxx`` for a jeugdregio, the grouping's code (e.g. ``LD03``) otherwise.
    naam : str
        Name (Dutch).
    niveau : str
        :data:`JEUGDREGIO_LEVEL` or the name of the grouping (``landsdelen``).
    jeugdregios : tuple of str
        The jeugdregio codes it consists of.
    bron : str
        Source of the region definition (or the assumption it rests on).
    """

    code: str
    naam: str
    niveau: str
    jeugdregios: tuple[str, ...]
    bron: str

    @property
    def label(self) -> str:
        """``"Twente (JZ14)"``."""
        return f"{self.naam} ({self.code})"


@dataclass(frozen=True)
class Catalogue:
    """Every region an edition can report on: the jeugdregio's and its groupings."""

    jeugdregios: tuple[Region, ...]
    groupings: Mapping[str, tuple[Region, ...]] = field(default_factory=dict)

    @property
    def regions(self) -> dict[str, Region]:
        """Code -> region, jeugdregio's first."""
        out = {r.code: r for r in self.jeugdregios}
        for regions in self.groupings.values():
            out.update({r.code: r for r in regions})
        return out

    def level(self, niveau: str) -> tuple[Region, ...]:
        """The regions of one level (the units of a funnel plot)."""
        return self.jeugdregios if niveau == JEUGDREGIO_LEVEL else tuple(self.groupings.get(niveau, ()))

    def grouping(self, name: str, argument: str = "strata") -> tuple[Region, ...]:
        """The regions of a grouping; an unknown name is a VoortgangError naming ``argument``."""
        if name not in self.groupings:
            known = ", ".join(self.groupings) or "none (add them under regions.groupings in the edition file)"
            raise VoortgangError(f"argument {argument!r}: unknown grouping {name!r}; groupings: {known}")
        return tuple(self.groupings[name])

    @property
    def names(self) -> dict[str, str]:
        """Code -> name of every region."""
        return {code: r.naam for code, r in self.regions.items()}


def jeugdregio_regions() -> tuple[Region, ...]:
    """The 42 jeugdregio's as regions of one jeugdregio each."""
    return tuple(
        Region(code=c, naam=n, niveau=JEUGDREGIO_LEVEL, jeugdregios=(c,), bron=JEUGDREGIO_SOURCE)
        for c, n in zip(jeugdregios()["code"], jeugdregios()["naam"], strict=True)
    )


def load_grouping(name: str, spec: RegionGrouping, root: Path = PROJECT_ROOT) -> tuple[Region, ...]:
    """Read a grouping of jeugdregio's from its CSV (one row per jeugdregio).

    Parameters
    ----------
    name : str
        Name of the grouping in the edition file (its level name).
    spec : RegionGrouping
        File, column names and source.
    root : Path
        Directory ``spec.pad`` is relative to.

    Returns
    -------
    tuple of Region
        One per group code, in code order.

    Raises
    ------
    VoortgangError
        A missing file or column, an unknown jeugdregio code, a jeugdregio in
        two groups, a group code that cannot be a folder name or a code with
        two names (naming the file, the column and the number of rows).
    """
    path = root / spec.pad
    where = display_path(path)
    if not path.is_file():
        raise VoortgangError(f"{where}: file of grouping {name!r} not found")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in (spec.jeugdregio, spec.code, spec.naam) if c not in frame.columns]
    if missing:
        raise VoortgangError(
            f"{where}: column(s) {', '.join(map(repr, missing))} of grouping {name!r} not found "
            f"(columns: {', '.join(frame.columns)})"
        )
    jz, code, naam = (frame[c].str.strip() for c in (spec.jeugdregio, spec.code, spec.naam))
    known = {r.code for r in jeugdregio_regions()}
    problems = []
    if (bad := ~jz.isin(known)).any():
        problems.append(f"column {spec.jeugdregio!r}: {int(bad.sum())} row(s) without one of the 42 jeugdregio codes")
    if (dup := jz.duplicated()).any():
        problems.append(f"column {spec.jeugdregio!r}: {int(dup.sum())} jeugdregio('s) listed twice")
    if (badcode := ~code.str.fullmatch(REGION_CODE)).any():
        problems.append(f"column {spec.code!r}: {int(badcode.sum())} code(s) not of letters, digits, '-' or '_'")
    if (clash := code.isin(known)).any():
        problems.append(f"column {spec.code!r}: {int(clash.sum())} group code(s) equal to a jeugdregio code")
    names = pd.DataFrame({"code": code, "naam": naam}).drop_duplicates()
    if (two := names["code"].duplicated()).any():
        problems.append(f"column {spec.naam!r}: {int(two.sum())} group code(s) with more than one name")
    if problems:
        raise VoortgangError(f"{where} (grouping {name!r}): " + "; ".join(problems))
    out = []
    for c in sorted(set(code)):
        members = tuple(sorted(jz[code == c]))
        out.append(Region(code=c, naam=str(naam[code == c].iloc[0]), niveau=name, jeugdregios=members, bron=spec.bron))
    return tuple(out)


def region_catalogue(edition: Edition | None = None, root: Path = PROJECT_ROOT) -> Catalogue:
    """The jeugdregio's plus the groupings the edition file names."""
    groupings = {}
    if edition is not None and edition.regions is not None:
        groupings = {name: load_grouping(name, spec, root) for name, spec in edition.regions.groupings.items()}
    catalogue = Catalogue(jeugdregios=jeugdregio_regions(), groupings=groupings)
    seen: dict[str, str] = {}
    for name, regions in groupings.items():
        for r in regions:
            if r.code in seen:
                raise VoortgangError(
                    f"regions.groupings: code {r.code!r} is in both {seen[r.code]!r} and {name!r}; codes must be unique"
                )
            seen[r.code] = name
    return catalogue


def nearest_codes(text: str, catalogue: Catalogue, n: int = NEAREST) -> list[str]:
    """Valid region codes nearest to ``text`` (by code, and by name for names typed as codes)."""
    regions = catalogue.regions
    wanted = text.strip().upper()
    # "jz8", "JR08", "8": the jeugdregio with that number first
    number = re.search(r"(\d{1,2})$", wanted)
    by_number = [f"JZ{int(number[1]):02d}"] if number and f"JZ{int(number[1]):02d}" in regions else []
    by_code = difflib.get_close_matches(wanted, list(regions), n=n, cutoff=0.5)
    names = {r.naam.upper(): r.code for r in regions.values()}
    by_name = [names[m] for m in difflib.get_close_matches(wanted, list(names), n=n, cutoff=0.6)]
    return list(dict.fromkeys(by_number + by_name + by_code))[:n]


def find_region(code: str, catalogue: Catalogue, argument: str = "region") -> Region:
    """The region with this code.

    Raises
    ------
    VoortgangError
        For a gemeente code (not computable from the data at hand) or an
        unknown code; the message lists the nearest valid codes.
    """
    regions = catalogue.regions
    text = str(code).strip()
    if text in regions:
        return regions[text]
    if text.upper() in regions:
        return regions[text.upper()]
    if GEMEENTE_CODE.match(text.upper()):
        raise VoortgangError(
            f"argument {argument!r}: {text!r} is a gemeente code; gemeente reports need data with a gemeente per "
            "person-year (CBS microdata with the CBS gemeente mapping, or StatLine GMxxxx rows), which this "
            "edition does not have; choose a jeugdregio (JZxx) or a grouping"
        )
    near = nearest_codes(text, catalogue)
    groups = ", ".join(catalogue.groupings) or "none"
    hint = f"; nearest valid codes: {', '.join(near)}" if near else ""
    raise VoortgangError(
        f"argument {argument!r}: unknown region code {text!r} (jeugdregio's JZ01-JZ43, groupings: {groups})" + hint
    )


def select_regions(spec: str, catalogue: Catalogue) -> list[Region]:
    """The regions a ``--regions`` value names.

    Parameters
    ----------
    spec : str
        ``all`` (the 42 jeugdregio's), the name of a grouping (``landsdelen``:
        one report per landsdeel), or comma-separated codes (``JZ08,JZ12``,
        grouping codes allowed).
    catalogue : Catalogue

    Returns
    -------
    list of Region
        In the order given, without repeats.

    Raises
    ------
    VoortgangError
        Empty spec, or an unknown code (naming ``--regions`` and the nearest codes).
    """
    text = (spec or "").strip()
    if not text:
        raise VoortgangError("argument '--regions': give 'all', a grouping name or codes such as JZ08,JZ12")
    if text.lower() == ALL_JEUGDREGIOS:
        return list(catalogue.jeugdregios)
    if text.lower() in catalogue.groupings:
        return list(catalogue.groupings[text.lower()])
    out: dict[str, Region] = {}
    parts = [p.strip() for p in text.split(",") if p.strip()]
    for part in parts:
        try:
            region = find_region(part, catalogue, argument="--regions")
        except VoortgangError as exc:
            specs = difflib.get_close_matches(part.lower(), [ALL_JEUGDREGIOS, *catalogue.groupings], n=2, cutoff=0.6)
            if len(parts) == 1 and specs:
                raise VoortgangError(f"{exc}; or did you mean {' or '.join(repr(s) for s in specs)}?") from None
            raise
        out[region.code] = region
    if not out:
        raise VoortgangError("argument '--regions': no region codes given")
    return list(out.values())


# --------------------------------------------------------------------------- region figures


def to_units(frame: pd.DataFrame, units: Sequence[Region], counts: Sequence[str], column: str = "jeugdregio",
             unit_column: str = "regio") -> pd.DataFrame:
    """Sum jeugdregio-level counts into regions.

    Parameters
    ----------
    frame : DataFrame
        Has ``column`` (jeugdregio codes) and the ``counts`` columns; other
        columns are kept as keys.
    units : sequence of Region
        Target regions; jeugdregio's in none of them are dropped.
    counts : sequence of str
        Count columns to sum.
    column, unit_column : str
        The jeugdregio column and the name of the region-code column made.

    Returns
    -------
    DataFrame
        Keys, ``unit_column`` and the summed counts (only units with rows).
    """
    membership = {jz: r.code for r in units for jz in r.jeugdregios}
    keys = [c for c in frame.columns if c not in (column, *counts)]
    mapped = frame.assign(**{unit_column: frame[column].astype(str).map(membership)}).dropna(subset=[unit_column])
    return mapped.groupby([*keys, unit_column], sort=True, observed=True)[list(counts)].sum().reset_index()


def region_rows(frame: pd.DataFrame, region: Region, counts: Sequence[str], column: str = "jeugdregio") -> pd.DataFrame:
    """Counts of one region: ``frame`` summed over the region's jeugdregio's (``column`` dropped).

    Key combinations with no row in the region get zero counts, so the result
    has the shape of the national frame.
    """
    keys = [c for c in frame.columns if c not in (column, *counts)]
    inside = frame[frame[column].astype(str).isin(region.jeugdregios)]
    summed = inside.groupby(keys, sort=False, observed=True)[list(counts)].sum()
    shape = frame[keys].drop_duplicates()
    out = shape.merge(summed.reset_index(), on=keys, how="left")
    out[list(counts)] = out[list(counts)].fillna(0).astype("int64")
    return out.reset_index(drop=True)


def has_persons(tables: MicrodataTables, region: Region, years: Sequence[int]) -> bool:
    """Whether any person lives in the region in any of ``years``."""
    res = tables.residence
    sel = res["year"].isin(list(years)) & res["jeugdregio"].isin(region.jeugdregios)
    return bool(sel.any())


def restrict_to_region(tables: MicrodataTables, region: Region) -> MicrodataTables:
    """The records of every person who lived in the region in any year.

    Cohort and prevalence rules are per person (a person's own records decide),
    so results for the region's rows are the same as on the full tables, for a
    fraction of the work. When the region's records do not cover the same years
    as the full data (a region without residents in the first or last year),
    the full tables are returned, so coverage checks stay the same.
    """
    res = tables.residence
    ids = res.loc[res["jeugdregio"].isin(region.jeugdregios), "person_id"].unique()

    def keep(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["person_id"].isin(ids)]

    restricted = dataclasses.replace(
        tables,
        persons=keep(tables.persons),
        residence=keep(res),
        jeugdhulp=keep(tables.jeugdhulp),
        jeugdbescherming=keep(tables.jeugdbescherming),
        outcomes=keep(tables.outcomes),
        vervolgzorg=keep(tables.vervolgzorg),
    )
    return restricted if restricted.coverage == tables.coverage else tables


def difference_to_country(x_r: int, n_r: int, x_nl: int, n_nl: int) -> tuple[float, float, float]:
    """Region minus Nederland in procentpunt, with a 95% interval (see the module docstring).

    Returns
    -------
    (float, float, float)
        Difference, lower and upper bound (procentpunt); NaN when the region or
        the rest of the country has no persons.
    """
    from analysis.stats.compare import proportion_difference

    n_rest, x_rest = n_nl - n_r, x_nl - x_r
    if n_r <= 0 or n_rest <= 0:
        return math.nan, math.nan, math.nan
    w = n_r / n_nl
    r = proportion_difference(x_r, n_r, x_rest, n_rest)
    diff = 100 * (x_r / n_r - x_nl / n_nl)
    return diff, 100 * (1 - w) * r.ci_low, 100 * (1 - w) * r.ci_high


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
        :mod:`analysis.cohort`).
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


def all_hidden(protected: ProtectedTable, column: str = PERCENTAGE) -> bool:
    """True when the gate hid every value of ``column`` (nothing to chart)."""
    return bool(protected.suppressed[column].all())


def comparison_table(region_frame: pd.DataFrame, nl_frame: pd.DataFrame, kind: str,
                     settings: DisclosureSettings) -> ProtectedTable:
    """Per year: region count, residents, percentage; Nederland; difference (protected).

    Parameters
    ----------
    region_frame, nl_frame : DataFrame
        ``year``, :data:`RESIDENTS`, ``jeugdhulp``, ``verblijf`` of the region
        and of the country, one row per year (same years).
    kind : {"jeugdhulp", "verblijf"}
    settings : DisclosureSettings
    """
    from analysis.patterns import RESIDENTS, extend_protected, relabel

    merged = region_frame.merge(nl_frame, on="year", suffixes=("", "_nl")).sort_values("year")
    frame = pd.DataFrame({
        YEAR_LABEL: merged["year"].astype(str).to_numpy(),
        "numerator": merged[kind].to_numpy(),
        "denominator": merged[RESIDENTS].to_numpy(),
    })
    protected = protect_proportions(frame, settings=settings)
    stats = [difference_to_country(int(x), int(n), int(xn), int(nn)) for x, n, xn, nn in
             merged[[kind, RESIDENTS, f"{kind}_nl", f"{RESIDENTS}_nl"]].itertuples(index=False)]
    nl_pct = [100 * xn / nn if nn else math.nan
              for xn, nn in merged[[f"{kind}_nl", f"{RESIDENTS}_nl"]].itertuples(index=False)]
    # Shown with the percentage decimals (rounded half away from zero by analysis.dutch).
    protected = extend_protected(protected, {NL_PCT: nl_pct}, follow_suppression=False)
    protected = extend_protected(protected, {
        DIFF: [s[0] for s in stats], DIFF_LOW: [s[1] for s in stats], DIFF_HIGH: [s[2] for s in stats],
    })
    return relabel(protected, {"numerator": WITH_CARE, "denominator": RESIDENTS_LABEL, PERCENTAGE: REGION_PCT})


def comparison_chart_frame(table: ProtectedTable, naam: str) -> pd.DataFrame:
    """Long frame for a line chart of the region against Nederland (published values only).

    Returns
    -------
    DataFrame
        ``Jaar``, ``reeks`` (``naam`` or ``"Nederland"``) and ``waarde`` (percent;
        NaN where the region's percentage is suppressed).
    """
    data = table.data
    region = [math.nan if h else float(v) for v, h in zip(data[REGION_PCT], table.suppressed[REGION_PCT], strict=True)]
    nl = [float(v) for v in data[NL_PCT]]
    years = list(data[YEAR_LABEL].astype(str))
    return pd.DataFrame({
        YEAR_LABEL: years + years,
        "reeks": [naam] * len(years) + ["Nederland"] * len(years),
        "waarde": region + nl,
    })


#: Cohort A outcomes in the regional chart (the panels of the actielijn 4 factsheet).
COHORT_CHART_OUTCOMES: tuple[str, ...] = ("Zelfstandig wonend", "Economisch zelfstandig", "Werk en/of onderwijs")


def cohort_chart_frame(protected: ProtectedTable, year: int) -> pd.DataFrame:
    """Published cohort A percentages of one year for one chart: ``uitkomst`` x ``groep``.

    A region's cohorts are small, so the regional report shows one year with the
    three factsheet outcomes side by side instead of one chart per outcome.

    Returns
    -------
    DataFrame
        ``uitkomst``, ``groep`` and ``waarde`` (percent; NaN where suppressed).
    """
    data = protected.data
    keep = (data["year"] == year).to_numpy() & data["uitkomst"].isin(COHORT_CHART_OUTCOMES).to_numpy()
    values = [math.nan if h else float(v) for v, h in
              zip(data.loc[keep, PERCENTAGE], protected.suppressed.loc[keep, PERCENTAGE], strict=True)]
    return pd.DataFrame({"uitkomst": data.loc[keep, "uitkomst"].to_numpy(), "groep": data.loc[keep, "groep"].to_numpy(),
                         "waarde": values})


def _trend_sentence(region_frame: pd.DataFrame, kind: str, protected: ProtectedTable, region: Region) -> str:
    """The region's Mann-Kendall trend, only when every yearly percentage is published."""
    from analysis.findings import trend_caveat
    from analysis.patterns import RESIDENTS
    from analysis.stats.trend import mann_kendall

    if protected.suppressed[REGION_PCT].any():
        return f"Voor {region.naam} zijn niet alle jaren te tonen; daarom is er geen trendtoets."
    pct = 100 * region_frame[kind] / region_frame[RESIDENTS]
    result = mann_kendall(pct.to_numpy(float), region_frame["year"].to_numpy(float))
    return trend_caveat(result.trend, result.n, result.p)


def _difference_finding(table: ProtectedTable, kind: str, region: Region) -> str:
    from analysis.patterns import KIND_LABELS

    data, hidden = table.data, table.suppressed
    last = len(data) - 1
    year = data[YEAR_LABEL].iloc[last]
    what = KIND_LABELS[kind].lower()
    if hidden[REGION_PCT].iloc[last] or hidden[DIFF].iloc[last]:
        return f"### {KIND_LABELS[kind]} in {year}\n\n{TOO_FEW}"
    p_r, p_nl = float(data[REGION_PCT].iloc[last]), float(data[NL_PCT].iloc[last])
    d, lo, hi = (float(data[c].iloc[last]) for c in (DIFF, DIFF_LOW, DIFF_HIGH))
    if lo > 0:
        how, heading = "meer", f"In {region.naam} krijgen meer jongeren {what} dan in heel Nederland"
    elif hi < 0:
        how, heading = "minder", f"In {region.naam} krijgen minder jongeren {what} dan in heel Nederland"
    else:
        how, heading = None, f"In {region.naam} krijgen ongeveer evenveel jongeren {what} als in heel Nederland"
    interval = (f"95%-betrouwbaarheidsinterval {format_number(lo, 1)} tot {format_number(hi, 1)} procentpunt")
    if how is None:
        gap = f"een verschil van {format_number(d, 1)} procentpunt ({interval}; het verschil kan op toeval berusten)"
    else:
        gap = f"{format_number(abs(d), 1)} procentpunt {how} ({interval})"
    return (f"### {heading}\n\nIn {year} kreeg {format_percent(p_r, 1)} van de jongeren van 0-17 jaar in "
            f"{region.naam} {what}, tegenover {format_percent(p_nl, 1)} in heel Nederland: {gap}.")


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
    from analysis.cohort import cohort_a, cohort_b
    from analysis.cohort_report import protect_cohort_a, protect_cohort_b, protected_gaps
    from analysis.patterns import KIND_LABELS, RESIDENTS, care_prevalence, funnel_flags, position_words

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


def no_persons_text(region: Region, years: Sequence[int]) -> str:
    """The short report of a region without persons in the data."""
    span = f"{min(years)}-{max(years)}" if len(years) > 1 else str(years[0])
    return (
        f"In de gegevens van deze editie woont in {span} niemand in {region.label}. Deze regiorapportage "
        "bevat daarom geen cijfers. Controleer of de regiocode klopt en of de gegevens deze regio bevatten."
    )


# --------------------------------------------------------------------------- report pages


def regional_inleiding(edition: Edition, region: Region) -> str:
    """Markdown of the first chapter (``index.qmd``) of a regional report."""
    members = (f" Deze regio bestaat uit de jeugdregio's {join_dutch(list(region.jeugdregios))}."
               if region.niveau != JEUGDREGIO_LEVEL else "")
    lines = [
        f"# Regiorapportage {region.naam} {{.unnumbered}}",
        "",
        f"Deze regiorapportage hoort bij de {edition.subtitle.lower()} ({edition.edition}). Ze toont voor "
        f"{region.label} de cijfers die op het niveau van de regio te berekenen zijn, naast de landelijke "
        f"cijfers, met dezelfde analyses als het landelijke rapport.{members}",
        "",
        f"Regio-indeling: {region.bron}.",
        "",
    ]
    synthetic = [s.naam[:1].lower() + s.naam[1:] for s in edition.sources if s.soort == "synthetisch"]
    if synthetic:
        lines += [
            "::: {.callout-warning}",
            f"**Let op: synthetische data.** De cijfers komen uit {join_dutch(synthetic)}: een gesimuleerde "
            "populatie, geen echte persoonsgegevens. Ze laten zien hoe de analyse werkt; het zijn geen "
            "feitelijke uitkomsten.",
            ":::",
            "",
        ]
    lines += [
        "Percentages worden geschreven als `10,1%`; een verschil tussen twee percentages heet een verschil "
        "in *procentpunt*. Een punt (`.`) betekent dat een cijfer om redenen van geheimhouding niet wordt "
        "getoond: in kleine regio's gebeurt dat vaker.",
        "",
    ]
    return "\n".join(lines)


@dataclass(frozen=True)
class IndexEntry:
    """One regional report on the index page."""

    code: str
    naam: str
    niveau: str
    edition: str
    date: str
    link: str


def regional_index_html(entries: Sequence[IndexEntry], edition: Edition, css: str = "") -> str:
    """The index page of all regional reports of an edition (standalone HTML, Dutch).

    Parameters
    ----------
    entries : sequence of IndexEntry
        Shown sorted by level and code.
    edition : Edition
    css : str
        Style sheet to embed (the house style of the HTML report).

    Returns
    -------
    str
        A complete HTML document with one table: regio, niveau, editie, datum, link.
    """
    esc = html.escape
    rows = []
    for e in sorted(entries, key=lambda e: (e.niveau != JEUGDREGIO_LEVEL, e.niveau, e.code)):
        rows.append(
            f"<tr><th scope=\"row\">{esc(e.naam)} ({esc(e.code)})</th><td>{esc(e.niveau)}</td>"
            f"<td>{esc(e.edition)}</td><td>{esc(e.date)}</td>"
            f"<td><a href=\"{esc(e.link, quote=True)}\">rapport</a></td></tr>"
        )
    body = "".join(rows) or '<tr><td colspan="5">Nog geen regiorapportages gebouwd.</td></tr>'
    title = f"Regiorapportages {edition.edition}"
    return (
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{esc(title)}</title>\n"
        f"<style>\n{css}\n</style>\n</head>\n<body>\n"
        f"<h1>{esc(title)}</h1>\n"
        f"<p>{esc(edition.title)}, {esc(edition.subtitle.lower())}. Eén rapport per regio, gemaakt met dezelfde "
        "notebooks als het landelijke rapport. De datum is de dag waarop het rapport is gebouwd.</p>\n"
        '<table class="voortgang-tabel"><caption>Regiorapportages</caption>'
        "<thead><tr><th>Regio</th><th>Niveau</th><th>Editie</th><th>Datum</th><th>Link</th></tr></thead>"
        f"<tbody>{body}</tbody></table>\n</body>\n</html>\n"
    )
