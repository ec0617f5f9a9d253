"""Stratified pattern statistics on person-level data: the "rode draden".

Three analyses, each from aggregate counts (never person rows), each shown only
after the disclosure gate (:mod:`analysis.disclosure`):

1. :func:`care_prevalence` counts residents aged 0-17 and those among them with
   jeugdhulp and with jeugdhulp met verblijf, by age group x sex x jeugdregio;
   :func:`strata_residuals` puts any breakdown of it in a chi-square test of
   independence (strata x met/zonder) and flags the strata whose Haberman
   adjusted residual exceeds :data:`RESIDUAL_FLAG` in absolute value.
2. :func:`gap_homogeneity`: for each 18+ outcome of cohort A, the gap between
   young people with (``wel_jeugdhulp``) and without (``geen_jeugdhulp``)
   jeugdhulp at 16-17 as a Cochran-Mantel-Haenszel common odds ratio across
   strata (jeugdregio's, or a grouping of them), and the Breslow-Day test that
   says whether the gap is a *landelijk patroon* (the same odds ratio in every
   stratum) or *regionaal verschillend*.
3. :func:`funnel_chart`: jeugdregio (or other unit) percentages against the
   national percentage with Spiegelhalter funnel limits
   (:func:`analysis.stats.strata.flag_funnel_outliers`).

Conventions
-----------
- Prevalence in year t follows :mod:`analysis.microdata.margins`: residents with
  a residence record for t, age in completed years on 31 December of t (birth
  on day 1 of the birth month), *jeugdhulp* = a trajectory with at least one
  day of care in t, *verblijf* = such a trajectory that is met verblijf.
- Age groups are those of the AL2 table restricted to 0-17: ``0-4`` (0-3
  years), ``4-12`` (4-11) and ``12-18`` (12-17).
- Shares are proportions in [0, 1] in frames; percentages (0-100) only in
  published tables and text. Differences of percentages are in procentpunt.
- A residual or a percentage is published only where the disclosure gate
  publishes the percentage of the same cell.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, NullLocator
from statsmodels.stats.contingency_tables import Table2x2

from analysis.cohort import check_years, has_care
from analysis.disclosure import (
    PERCENTAGE,
    PROTECTED_ATTR,
    DisclosureSettings,
    ProtectedTable,
    protect_proportions,
)
from analysis.dutch import format_number, format_percent, join_dutch
from analysis.errors import VoortgangError
from analysis.findings import p_text
from analysis.house_style import load_house_style
from analysis.microdata.load import MicrodataTables
from analysis.microdata.margins import AGE_GROUPS, age_at
from analysis.plots import SYNTHETIC_MARK, DutchFormatter, house_style, series_styles
from analysis.stats.strata import (
    BOVEN,
    DEFAULT_FUNNEL_LEVELS,
    ONDER,
    ChiSquareResult,
    CMHResult,
    chi2_independence,
    cochran_mantel_haenszel,
    flag_funnel_outliers,
    funnel_limits,
)

#: Age groups of the youth population (AL2 labels; completed years, inclusive).
YOUTH_AGE_GROUPS: dict[str, tuple[int, int]] = {k: v for k, v in AGE_GROUPS.items() if v[1] <= 17}
#: Columns :func:`care_prevalence` may break down by.
PREVALENCE_BY: tuple[str, ...] = ("age_group", "sex", "jeugdregio")
#: The two kinds of care counted, with their Dutch labels.
KIND_LABELS: dict[str, str] = {"jeugdhulp": "Jeugdhulp", "verblijf": "Jeugdhulp met verblijf"}
#: Dutch labels of the sex codes (persons aged 0-17).
SEX_LABELS: dict[str, str] = {"M": "jongens", "V": "meisjes"}
#: Column of the residents (the denominator) in :func:`care_prevalence` output.
RESIDENTS = "inwoners"

#: A stratum is a "rode draad" when its adjusted residual exceeds this in absolute
#: value. 3 rather than the usual 2: with 42 regions x 2 kinds, |r| > 2 would flag
#: about four strata by chance alone; |r| > 3 (two-sided p about 0.003 per cell)
#: flags about one in four such tables by chance.
RESIDUAL_FLAG: float = 3.0
#: Breslow-Day p below this: the gap differs between strata ("regionaal verschillend").
HOMOGENEITY_ALPHA: float = 0.05
#: A stratum whose log odds ratio lies more than this many of its standard errors
#: from the common (Mantel-Haenszel) log odds ratio is named as deviating.
DEVIATION_Z: float = 3.0
LANDELIJK_PATROON = "landelijk patroon"
REGIONAAL_VERSCHILLEND = "regionaal verschillend"
#: Verdict when the homogeneity test cannot be done (see the reason).
GEEN_OORDEEL = "geen oordeel mogelijk"

#: Cohort A outcomes compared across strata: (outcome, category) of
#: :func:`analysis.cohort.cohort_a`; woonsituatie as "zelfstandig" vs the rest.
GAP_OUTCOMES: tuple[tuple[str, str], ...] = (
    ("woonsituatie", "zelfstandig"),
    ("economisch_zelfstandig", "ja"),
    ("werk_onderwijs", "ja"),
    ("wanbetaler", "ja"),
)
#: Exposed and reference group of the gap (cohort A groups).
EXPOSED_GROUP = "wel_jeugdhulp"
REFERENCE_GROUP = "geen_jeugdhulp"


# --------------------------------------------------------------------------- prevalence


def age_group_of(age: np.ndarray) -> pd.Categorical:
    """AL2 age group (:data:`YOUTH_AGE_GROUPS`, categories in that order) of completed ages 0-17."""
    edges = [lo for lo, _ in YOUTH_AGE_GROUPS.values()][1:]
    codes = np.searchsorted(edges, np.asarray(age), side="right")
    return pd.Categorical.from_codes(codes, categories=list(YOUTH_AGE_GROUPS))


def _youth_year(tables: MicrodataTables, year: int, care: tuple[np.ndarray, ...]) -> pd.DataFrame:
    """Residents aged 0-17 in ``year`` with their strata and care flags (person rows, internal).

    ``care`` holds the jeugdhulp person ids, start and end dates and verblijf
    flags as arrays (converted once for all years).
    """
    res = tables.residence.loc[tables.residence["year"] == year, ["person_id", "jeugdregio"]]
    people = res.merge(tables.persons[["person_id", "birth_month", "sex"]], on="person_id", how="inner")
    age = age_at(people["birth_month"], np.full(len(people), np.datetime64(f"{year}-12-31", "s")))
    keep = (age >= 0) & (age <= max(hi for _, hi in YOUTH_AGE_GROUPS.values()))
    people = people.loc[keep, ["person_id", "jeugdregio", "sex"]].assign(age_group=age_group_of(age[keep]))
    ids, start, end, verblijf = care
    in_year = has_care(start, end, np.datetime64(f"{year}-01-01", "s"), np.datetime64(f"{year + 1}-01-01", "s"))
    pid = people["person_id"].to_numpy()
    people["jeugdhulp"] = np.isin(pid, ids[in_year])
    people["verblijf"] = np.isin(pid, ids[in_year & verblijf])
    return people


def care_prevalence(
    tables: MicrodataTables, years: Sequence[int], by: Sequence[str] = PREVALENCE_BY
) -> pd.DataFrame:
    """Residents aged 0-17 with jeugdhulp and with verblijf, per year and stratum.

    Parameters
    ----------
    tables : MicrodataTables
    years : sequence of int
        Calendar years within the data's coverage.
    by : sequence of str
        Breakdown columns among :data:`PREVALENCE_BY` (``age_group``, ``sex``,
        ``jeugdregio``); empty for the national total.

    Returns
    -------
    pandas.DataFrame
        ``year``, the ``by`` columns (strings; only strata with residents; age
        groups in AL2 order, not string order),
        :data:`RESIDENTS` (persons aged 0-17 on 31 December), ``jeugdhulp`` and
        ``verblijf`` (persons with that care in the year; verblijf is a subset
        of jeugdhulp). Counts of persons, int64.

    Raises
    ------
    VoortgangError
        A year outside the data, or an unknown ``by`` column (naming the argument).
    """
    years = check_years(years, tables)
    by = [by] if isinstance(by, str) else list(by)
    bad = [b for b in by if b not in PREVALENCE_BY]
    if bad:
        raise VoortgangError(f"by = {by!r}: {bad} not among {list(PREVALENCE_BY)}")
    jh = tables.jeugdhulp
    care = (
        jh["person_id"].to_numpy(),
        jh["start_date"].to_numpy("datetime64[s]"),
        jh["end_date"].to_numpy("datetime64[s]"),
        jh["verblijf"].to_numpy(bool),
    )
    frames = []
    for t in years:
        people = _youth_year(tables, t, care)
        if by:
            agg = people.groupby(by, sort=True, observed=True).agg(
                **{RESIDENTS: ("person_id", "size"), "jeugdhulp": ("jeugdhulp", "sum"), "verblijf": ("verblijf", "sum")}
            ).reset_index()
            for col in by:  # labels as plain strings (the inputs may be categorical)
                agg[col] = agg[col].astype(str)
        else:
            agg = pd.DataFrame(
                {RESIDENTS: [len(people)], "jeugdhulp": [people["jeugdhulp"].sum()], "verblijf": [people["verblijf"].sum()]}
            )
        agg.insert(0, "year", t)
        frames.append(agg)
    out = pd.concat(frames, ignore_index=True)
    out[[RESIDENTS, "jeugdhulp", "verblijf"]] = out[[RESIDENTS, "jeugdhulp", "verblijf"]].astype("int64")
    return out


def collapse(frame: pd.DataFrame, keep: Sequence[str],
             counts: Sequence[str] = (RESIDENTS, "jeugdhulp", "verblijf")) -> pd.DataFrame:
    """Sum :func:`care_prevalence` counts over every breakdown column not in ``keep``.

    Examples
    --------
    ``collapse(prev, ["age_group", "sex"])`` gives the national age x sex table;
    ``collapse(prev, ["jeugdregio"])`` the regions over all ages.
    """
    keep = list(keep)
    missing = [c for c in (*keep, *counts) if c not in frame.columns]
    if missing:
        raise VoortgangError(f"frame: column(s) {', '.join(map(repr, missing))} not found")
    return frame.groupby(keep, sort=False, observed=True)[list(counts)].sum().reset_index()


# --------------------------------------------------------------------------- chi-square


@dataclass(frozen=True, eq=False)
class PatternTest:
    """Chi-square test of strata x (with / without) and the flagged strata.

    Attributes
    ----------
    table : DataFrame
        One row per stratum: the stratum columns, ``numerator``,
        ``denominator``, ``share`` (proportion in [0, 1]), ``residual`` (Haberman
        adjusted residual of the "with" cell; NaN when the test is undefined)
        and ``afwijking`` (``"vaker"``, ``"minder vaak"`` or ``""``).
    chi2 : ChiSquareResult
        The test on the strata x (numerator, denominator - numerator) table.
    overall : float
        The share over all strata (proportion).
    strata : tuple of str
        The stratum columns.
    """

    table: pd.DataFrame
    chi2: ChiSquareResult
    overall: float
    strata: tuple[str, ...]

    @property
    def flagged(self) -> pd.DataFrame:
        """The rows with ``afwijking`` set, largest absolute residual first."""
        rows = self.table[self.table["afwijking"] != ""]
        return rows.reindex(rows["residual"].abs().sort_values(ascending=False).index)


def strata_residuals(
    frame: pd.DataFrame,
    strata: Sequence[str],
    numerator: str,
    denominator: str,
    threshold: float = RESIDUAL_FLAG,
) -> PatternTest:
    """Which strata deviate from the overall share: chi-square with adjusted residuals.

    Parameters
    ----------
    frame : DataFrame
        One row per stratum with counts ``numerator`` <= ``denominator``
        (e.g. :func:`care_prevalence` output for one year).
    strata : sequence of str
        Columns identifying a stratum (their combinations must be unique).
    numerator, denominator : str
        Count columns: persons with the characteristic, persons in the stratum.
    threshold : float
        Flag a stratum when ``|residual| > threshold`` (default :data:`RESIDUAL_FLAG`).

    Returns
    -------
    PatternTest
        Strata with denominator 0 are left out (they carry no information).

    Raises
    ------
    VoortgangError
        A missing column, repeated strata, negative counts or numerators above
        denominators (naming the column and the number of rows), or fewer than
        two strata with persons.
    """
    strata = [strata] if isinstance(strata, str) else list(strata)
    missing = [c for c in (*strata, numerator, denominator) if c not in frame.columns]
    if missing:
        raise VoortgangError(f"frame: column(s) {', '.join(map(repr, missing))} not found")
    if (dup := frame.duplicated(strata)).any():
        raise VoortgangError(f"frame: {int(dup.sum())} row(s) repeat a stratum of {strata}; one row per stratum")
    num = frame[numerator].to_numpy(dtype=float)
    den = frame[denominator].to_numpy(dtype=float)
    if (bad := (num < 0) | (den < 0) | (num > den) | np.isnan(num) | np.isnan(den)).any():
        raise VoortgangError(
            f"frame: {int(bad.sum())} row(s) with {numerator!r} missing, negative or above {denominator!r}"
        )
    keep = den > 0
    if keep.sum() < 2:
        raise VoortgangError(f"frame: {int(keep.sum())} stratum/strata with persons; the test needs at least 2")
    rows = frame.loc[keep, strata].reset_index(drop=True)
    num, den = num[keep], den[keep]
    counts = pd.DataFrame({"met": num, "zonder": den - num})
    result = chi2_independence(counts)
    if result.adjusted_residuals is None:
        residual = np.full(len(rows), np.nan)
    else:
        residual = result.adjusted_residuals["met"].to_numpy(dtype=float)
    direction = np.where(residual > threshold, "vaker", np.where(residual < -threshold, "minder vaak", ""))
    table = rows.assign(
        numerator=num.astype("int64"),
        denominator=den.astype("int64"),
        share=num / den,
        residual=residual,
        afwijking=direction,
    )
    return PatternTest(table=table, chi2=result, overall=float(num.sum() / den.sum()), strata=tuple(strata))


# --------------------------------------------------------------------------- protected tables


def extend_protected(
    protected: ProtectedTable, columns: Mapping[str, Sequence[float]], follow_suppression: bool = True
) -> ProtectedTable:
    """Add statistic columns to a protected table, hidden wherever its percentage is hidden.

    Parameters
    ----------
    protected : ProtectedTable
        From :func:`analysis.disclosure.protect_proportions` (has :data:`PERCENTAGE`).
    columns : mapping of str to sequence of float
        New columns aligned with ``protected.data`` rows (e.g. adjusted
        residuals, differences in procentpunt). They are shown with the
        percentage decimals (added to ``percentage_columns``, which sets only
        their display format).
    follow_suppression : bool
        Hide a value wherever the row's percentage is hidden (default). Pass
        False only for values that do not depend on the row's counts (e.g.
        the national percentage next to a region's).

    Returns
    -------
    ProtectedTable
        A new table; with ``follow_suppression`` a statistic of a cell whose
        percentage is suppressed is suppressed too, so it cannot reveal the
        hidden count. Missing values (NaN) are shown as suppressed.
    """
    data = pd.DataFrame(protected.data, copy=True)
    suppressed = pd.DataFrame(protected.suppressed, copy=True)
    hidden = protected.suppressed[PERCENTAGE].to_numpy(bool)
    if not follow_suppression:
        hidden = np.zeros_like(hidden)
    for name, values in columns.items():
        arr = np.asarray(values, dtype=float)
        mask = hidden | np.isnan(arr)
        data[name] = pd.array(np.where(mask, np.nan, arr), dtype="Float64")
        data[name] = data[name].mask(mask)
        suppressed[name] = mask
    data.attrs = {PROTECTED_ATTR: True}
    return ProtectedTable(
        data=data,
        suppressed=suppressed,
        settings=protected.settings,
        n_primary=protected.n_primary,
        n_secondary=protected.n_secondary,
        count_columns=protected.count_columns,
        percentage_columns=(*protected.percentage_columns, *columns),
    )


def subset(protected: ProtectedTable, rows: Sequence[bool] | np.ndarray) -> ProtectedTable:
    """Some rows of a protected table (e.g. only the flagged strata), still protected.

    Taking rows away reveals nothing that the whole table did not show.
    """
    mask = np.asarray(rows, dtype=bool)
    data = protected.data[mask].reset_index(drop=True)
    data.attrs = {PROTECTED_ATTR: True}
    return ProtectedTable(
        data=data,
        suppressed=protected.suppressed[mask].reset_index(drop=True),
        settings=protected.settings,
        n_primary=protected.n_primary,
        n_secondary=protected.n_secondary,
        count_columns=protected.count_columns,
        percentage_columns=protected.percentage_columns,
    )


def relabel(protected: ProtectedTable, names: Mapping[Hashable, str]) -> ProtectedTable:
    """The same protected table with columns renamed (Dutch headers for display)."""
    data = protected.data.rename(columns=dict(names))
    data.attrs = {PROTECTED_ATTR: True}
    return ProtectedTable(
        data=data,
        suppressed=protected.suppressed.rename(columns=dict(names)),
        settings=protected.settings,
        n_primary=protected.n_primary,
        n_secondary=protected.n_secondary,
        count_columns=tuple(names.get(c, c) for c in protected.count_columns),
        percentage_columns=tuple(names.get(c, c) for c in protected.percentage_columns),
    )


def text_table(frame: pd.DataFrame, settings: DisclosureSettings) -> ProtectedTable:
    """A table of formatted statistics (no counts of persons) as a publishable table.

    For results computed over many strata at once (odds ratios, p-values,
    verdicts) that show no count and no percentage of a single cell. Every
    column is text; nothing is suppressed.
    """
    data = pd.DataFrame(frame, copy=True).astype(str)
    data.attrs = {PROTECTED_ATTR: True}
    return ProtectedTable(
        data=data,
        suppressed=pd.DataFrame(False, index=data.index, columns=data.columns),
        settings=settings,
        n_primary=0,
        n_secondary=0,
        count_columns=(),
        percentage_columns=(),
    )


def stratum_label(row: Mapping[str, object], names: Mapping[str, str] | None = None) -> str:
    """Dutch label of a stratum: ``"jongens 4-12 jaar"``, ``"Zeeland (JZ38)"``.

    Parameters
    ----------
    row : mapping
        Values of the stratum columns: ``age_group``, ``sex``, ``jeugdregio``
        or a region code column named ``regio`` get Dutch words; any other
        column is shown as its value.
    names : mapping, optional
        Region code -> name, for ``jeugdregio``/``regio`` values.
    """
    parts = []
    if "sex" in row:
        parts.append(SEX_LABELS.get(str(row["sex"]), str(row["sex"])))
    if "age_group" in row:
        parts.append(f"{row['age_group']} jaar")
    for col in ("jeugdregio", "regio"):
        if col in row:
            code = str(row[col])
            parts.append(f"{names[code]} ({code})" if names and code in names else code)
    parts += [str(v) for k, v in row.items() if k not in ("sex", "age_group", "jeugdregio", "regio")]
    return " ".join(parts)


def protect_pattern(
    test: PatternTest,
    settings: DisclosureSettings,
    numerator_label: str,
    denominator_label: str,
    names: Mapping[str, str] | None = None,
) -> ProtectedTable:
    """The strata of a :class:`PatternTest` through the gate, with Dutch headers.

    Returns
    -------
    ProtectedTable
        Columns ``Groep`` (stratum label), ``numerator_label``,
        ``denominator_label`` (rounded counts), ``Percentage`` (percent) and
        ``Gecorrigeerd residu``; a residual is hidden with its percentage.
    """
    frame = pd.DataFrame(
        {
            "Groep": [stratum_label(r, names) for r in test.table[list(test.strata)].to_dict("records")],
            "numerator": test.table["numerator"].to_numpy(),
            "denominator": test.table["denominator"].to_numpy(),
        }
    )
    protected = protect_proportions(frame, settings=settings)
    protected = extend_protected(protected, {"Gecorrigeerd residu": test.table["residual"].to_numpy()})
    return relabel(
        protected, {"numerator": numerator_label, "denominator": denominator_label, PERCENTAGE: "Percentage"}
    )


def pattern_findings(
    test: PatternTest, protected: ProtectedTable, what: str, names: Mapping[str, str] | None = None
) -> list[str]:
    """Dutch sentences (markdown bullets) on the flagged strata whose figures are published.

    Parameters
    ----------
    test : PatternTest
    protected : ProtectedTable
        :func:`protect_pattern` of the same test (same row order).
    what : str
        What is counted, as it reads after "krijgen vaker": e.g. ``"jeugdhulp"``.
    names : mapping, optional
        Region code -> name.

    Returns
    -------
    list of str
        One bullet per flagged stratum with a published percentage, e.g.
        ``"- **jongens 4-12 jaar** krijgen vaker jeugdhulp dan gemiddeld: 16,0%
        tegenover 12,5% (gecorrigeerd residu 9,1)."``; flagged strata with a
        hidden percentage are counted in one closing sentence.
    """
    hidden = protected.suppressed["Percentage"].to_numpy(bool)
    pct = protected.data["Percentage"]
    out = []
    n_hidden = 0
    for i in test.flagged.index:
        if hidden[i]:
            n_hidden += 1
            continue
        row = test.table.loc[i]
        label = stratum_label(row[list(test.strata)].to_dict(), names)
        out.append(
            f"- **{label}**: {row['afwijking']} {what} dan gemiddeld, {format_percent(float(pct.iloc[i]), 1)} "
            f"tegenover {format_percent(100 * test.overall, 1)} (gecorrigeerd residu "
            f"{format_number(float(row['residual']), 1)})."
        )
    if n_hidden == 1:
        out.append("- Nog 1 groep wijkt af, maar is te klein om het cijfer te tonen.")
    elif n_hidden:
        out.append(f"- Nog {n_hidden} groepen wijken af, maar zijn te klein om de cijfers te tonen.")
    return out


def chi2_sentence(test: PatternTest) -> str:
    """One Dutch sentence with the chi-square result (or why it is undefined)."""
    r = test.chi2
    if r.statistic is None or r.p is None:
        return "De chi-kwadraattoets is hier niet te berekenen (een groep zonder personen)."
    return (
        f"Chi-kwadraattoets op onafhankelijkheid: χ² = {format_number(r.statistic, 1)} met {r.dof} vrijheidsgraden, "
        f"{p_text(r.p)}; Cramérs V = {format_number(r.cramers_v, 3)}. Groepen met een gecorrigeerd residu "
        f"groter dan {format_number(RESIDUAL_FLAG, 0)} of kleiner dan -{format_number(RESIDUAL_FLAG, 0)} "
        "wijken duidelijk af van het gemiddelde."
    )


# --------------------------------------------------------------------------- CMH / Breslow-Day


def pool_cohort_years(frame: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    """Sum cohort A counts over cohort years that share no person.

    Cohort A of year t holds persons born in t-19 and t-18, so cohorts of years
    less than 2 apart share persons (an 18-year-old in t is 19 in t+1); pooling
    them would count persons twice and overstate every test.

    Parameters
    ----------
    frame : DataFrame
        :func:`analysis.cohort.cohort_a` output (with a ``year`` column).
    years : sequence of int
        The years to pool, each at least 2 apart from the others.

    Returns
    -------
    DataFrame
        The other columns, with ``numerator`` and ``denominator`` summed over the years.

    Raises
    ------
    VoortgangError
        Years closer than 2, or a year absent from ``frame`` (naming ``years``).
    """
    ys = sorted({int(y) for y in years})
    if not ys:
        raise VoortgangError("years = []: give at least one cohort year")
    close = [(a, b) for a, b in zip(ys, ys[1:], strict=False) if b - a < 2]
    if close:
        raise VoortgangError(
            f"years = {list(years)!r}: cohort years {close[0][0]} and {close[0][1]} share persons "
            "(cohort A of year t is born in t-19 and t-18); pool years at least 2 apart"
        )
    absent = [y for y in ys if y not in set(frame["year"])]
    if absent:
        raise VoortgangError(f"years = {list(years)!r}: {absent} not in the cohort frame")
    keys = [c for c in frame.columns if c not in ("year", "numerator", "denominator")]
    sel = frame[frame["year"].isin(ys)]
    return sel.groupby(keys, sort=False, observed=True)[["numerator", "denominator"]].sum().reset_index()


@dataclass(frozen=True, eq=False)
class GapPattern:
    """The gap with/without jeugdhulp on one outcome, across strata.

    Attributes
    ----------
    outcome, category : str
        The cohort A outcome and the category counted as the event.
    cmh : CMHResult
        CMH test, common odds ratio (exposed = ``wel_jeugdhulp`` vs reference
        ``geen_jeugdhulp``, event = the category) and Breslow-Day.
    verdict : str
        :data:`LANDELIJK_PATROON` (Breslow-Day p >= alpha),
        :data:`REGIONAAL_VERSCHILLEND` (p < alpha) or :data:`GEEN_OORDEEL`.
    strata : DataFrame
        Per informative stratum without zero cells: ``stratum``, ``odds_ratio``
        and ``z`` = (log OR_k - log OR_MH) / SE_k (Woolf standard error).
    """

    outcome: str
    category: str
    cmh: CMHResult
    verdict: str
    strata: pd.DataFrame

    @property
    def deviating(self) -> pd.DataFrame:
        """Strata with ``|z| >`` :data:`DEVIATION_Z`, largest first."""
        rows = self.strata[self.strata["z"].abs() > DEVIATION_Z]
        return rows.reindex(rows["z"].abs().sort_values(ascending=False).index)


def gap_tables(frame: pd.DataFrame, stratum: str, outcome: str, category: str) -> tuple[list[str], np.ndarray]:
    """The K x 2 x 2 tables of one outcome: rows (exposed, reference), columns (event, no event).

    Strata in which neither group has anyone with a known value are left out.
    """
    sel = frame[(frame["outcome"] == outcome) & (frame["category"] == category)]
    if sel.empty:
        raise VoortgangError(f"frame: no rows for outcome {outcome!r}, category {category!r}")
    wide = sel.pivot_table(index=stratum, columns="group", values=["numerator", "denominator"], aggfunc="sum",
                           fill_value=0, observed=True)
    for group in (EXPOSED_GROUP, REFERENCE_GROUP):
        if ("numerator", group) not in wide.columns:
            raise VoortgangError(f"frame: column 'group' has no rows {group!r} for outcome {outcome!r}")
    a = wide[("numerator", EXPOSED_GROUP)].to_numpy(float)
    n1 = wide[("denominator", EXPOSED_GROUP)].to_numpy(float)
    c = wide[("numerator", REFERENCE_GROUP)].to_numpy(float)
    n0 = wide[("denominator", REFERENCE_GROUP)].to_numpy(float)
    tables = np.stack([np.stack([a, n1 - a], axis=1), np.stack([c, n0 - c], axis=1)], axis=1)
    keep = (n1 + n0) > 0
    return [str(s) for s in wide.index[keep]], tables[keep]


def gap_homogeneity(
    frame: pd.DataFrame,
    stratum: str = "jeugdregio",
    outcomes: Sequence[tuple[str, str]] = GAP_OUTCOMES,
    alpha: float = HOMOGENEITY_ALPHA,
) -> list[GapPattern]:
    """Is the gap between young people with and without jeugdhulp the same everywhere?

    Parameters
    ----------
    frame : DataFrame
        Cohort A counts of one cohort (or of cohorts pooled with
        :func:`pool_cohort_years`): ``stratum``, ``group``, ``outcome``,
        ``category``, ``numerator``, ``denominator``; no ``year`` column with
        more than one year.
    stratum : str
        The stratum column (``jeugdregio``, or a grouping's ``regio`` column).
    outcomes : sequence of (str, str)
        Outcome and event category (default :data:`GAP_OUTCOMES`).
    alpha : float
        Level of the Breslow-Day test (default :data:`HOMOGENEITY_ALPHA`).

    Returns
    -------
    list of GapPattern
        One per outcome, in the order given.

    Raises
    ------
    VoortgangError
        A missing column, several years not pooled, or an outcome without rows.

    Notes
    -----
    The CMH test and Breslow-Day come from
    :func:`analysis.stats.strata.cochran_mantel_haenszel` (R's continuity
    correction, Tarone-adjusted Breslow-Day over informative strata). The
    per-stratum deviation is written here because no library reports which
    stratum drives a Breslow-Day result; it uses statsmodels' ``Table2x2`` log
    odds ratio and its Woolf standard error, for strata without zero cells
    (no 0.5 is added silently).
    """
    need = [stratum, "group", "outcome", "category", "numerator", "denominator"]
    missing = [c for c in need if c not in frame.columns]
    if missing:
        raise VoortgangError(f"frame: column(s) {', '.join(map(repr, missing))} not found")
    if "year" in frame.columns and frame["year"].nunique() > 1:
        raise VoortgangError(
            f"frame: {frame['year'].nunique()} cohort years; pool them with pool_cohort_years() or select one"
        )
    out = []
    for outcome, category in outcomes:
        labels, tables = gap_tables(frame, stratum, outcome, category)
        cmh = cochran_mantel_haenszel(tables)
        if cmh.breslow_day_p is None:
            verdict = GEEN_OORDEEL
        elif cmh.breslow_day_p < alpha:
            verdict = REGIONAAL_VERSCHILLEND
        else:
            verdict = LANDELIJK_PATROON
        rows = []
        if cmh.odds_ratio:
            common = math.log(cmh.odds_ratio)
            for label, tab in zip(labels, tables, strict=True):
                if (tab > 0).all():
                    t = Table2x2(tab)
                    rows.append({"stratum": label, "odds_ratio": float(t.oddsratio),
                                 "z": (float(t.log_oddsratio) - common) / float(t.log_oddsratio_se)})
        strata = pd.DataFrame(rows, columns=["stratum", "odds_ratio", "z"])
        out.append(GapPattern(outcome=outcome, category=category, cmh=cmh, verdict=verdict, strata=strata))
    return out


def gap_table(patterns: Sequence[GapPattern], outcome_labels: Mapping[tuple[str, str], str],
              names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Dutch text table of :func:`gap_homogeneity` results (for :func:`text_table`).

    Columns: Uitkomst, Odds ratio (95%-interval) wel vs geen jeugdhulp,
    CMH-toets, Breslow-Day, Oordeel, Afwijkende regio's.
    """
    rows = []
    for g in patterns:
        r = g.cmh
        if r.odds_ratio is None or r.ci_low is None or r.ci_high is None:
            ratio = f"niet te berekenen ({r.reason})"
        else:
            ratio = (f"{format_number(r.odds_ratio, 2)} ({format_number(r.ci_low, 2)} tot "
                     f"{format_number(r.ci_high, 2)})")
        bd = (f"χ² = {format_number(r.breslow_day, 1)}, df = {r.breslow_day_df}, {p_text(r.breslow_day_p)}"
              if r.breslow_day_p is not None else str(r.breslow_day_reason))
        deviating = [_region_name(s, names) for s in g.deviating["stratum"]] if g.verdict == REGIONAAL_VERSCHILLEND else []
        rows.append({
            "Uitkomst": outcome_labels.get((g.outcome, g.category), f"{g.outcome}: {g.category}"),
            "Odds ratio wel/geen jeugdhulp (95%-interval)": ratio,
            "CMH-toets": p_text(r.p) if r.p is not None else str(r.reason),
            "Breslow-Day": bd,
            "Oordeel": g.verdict,
            "Afwijkende regio's": join_dutch(deviating) if deviating else "-",
        })
    return pd.DataFrame(rows)


def _region_name(code: str, names: Mapping[str, str] | None) -> str:
    return f"{names[code]} ({code})" if names and code in names else code


def gap_findings(patterns: Sequence[GapPattern], outcome_labels: Mapping[tuple[str, str], str],
                 names: Mapping[str, str] | None = None) -> list[str]:
    """Dutch sentences: per outcome, landelijk patroon or regionaal verschillend, and where."""
    out = []
    for g in patterns:
        label = outcome_labels.get((g.outcome, g.category), g.outcome)
        r = g.cmh
        if g.verdict == GEEN_OORDEEL:
            out.append(f"- **{label}**: geen oordeel mogelijk ({r.breslow_day_reason}).")
            continue
        if g.verdict == LANDELIJK_PATROON:
            text = (f"- **{label}**: {LANDELIJK_PATROON}. Het verschil tussen jongeren met en zonder jeugdhulp "
                    f"is in alle regio's ongeveer even groot (Breslow-Day, {p_text(r.breslow_day_p)}).")
        else:
            where = [_region_name(s, names) for s in g.deviating["stratum"]]
            extra = (f" Het duidelijkst wijkt {join_dutch(where)} af." if len(where) == 1
                     else f" Het duidelijkst wijken {join_dutch(where)} af." if where else "")
            text = (f"- **{label}**: {REGIONAAL_VERSCHILLEND}. Het verschil tussen jongeren met en zonder "
                    f"jeugdhulp verschilt tussen de regio's (Breslow-Day, {p_text(r.breslow_day_p)}).{extra}")
        out.append(text)
    return out


# --------------------------------------------------------------------------- funnel plot


def funnel_points(
    protected: ProtectedTable, unit: str, denominator: str = "denominator"
) -> pd.DataFrame:
    """Published points of a funnel plot: unit, denominator (rounded), percentage.

    Units whose percentage the gate suppressed are left out.
    """
    data = protected.data
    shown = ~protected.suppressed[PERCENTAGE].to_numpy(bool) & ~protected.suppressed[denominator].to_numpy(bool)
    return pd.DataFrame({
        "unit": data.loc[shown, unit].astype(str).to_numpy(),
        "denominator": data.loc[shown, denominator].astype(float).to_numpy(),
        "percentage": data.loc[shown, PERCENTAGE].astype(float).to_numpy(),
    })


def funnel_flags(frame: pd.DataFrame, unit: str, numerator: str, denominator: str,
                 proportion: float | None = None) -> pd.DataFrame:
    """Position of each unit against the funnel limits around ``proportion``.

    Parameters
    ----------
    frame : DataFrame
        One row per unit with counts.
    unit, numerator, denominator : str
        Columns.
    proportion : float, optional
        Target proportion in (0, 1); default the pooled proportion of all units
        (= the national one when the units cover the country).

    Returns
    -------
    DataFrame
        Indexed by unit: ``observed`` (proportion), ``beyond_level`` (widest
        level crossed, NaN if none), ``direction`` (``boven``/``onder``/``binnen``)
        and the limits (see :func:`analysis.stats.strata.flag_funnel_outliers`).
    """
    events = pd.Series(frame[numerator].to_numpy(), index=frame[unit].astype(str).to_numpy())
    flags = flag_funnel_outliers(events, frame[denominator].to_numpy(), proportion=proportion)
    return flags.units


@dataclass(frozen=True, eq=False)
class FunnelPanel:
    """One panel of a funnel figure.

    Attributes
    ----------
    points : DataFrame
        :func:`funnel_points` output (``unit``, ``denominator``, ``percentage``
        in percent 0-100), published values only.
    target : float
        The national proportion in (0, 1) (drawn as a line, in percent).
    title : str
        Dutch panel title (also in the alt text).
    """

    points: pd.DataFrame
    target: float
    title: str


def _widest_text(levels: Sequence[float]) -> str:
    widest = 100 * max(levels)
    return format_number(widest, 1 if widest % 1 else 0)


def _draw_funnel(ax, panel: FunnelPanel, highlight: str | None, levels: Sequence[float]) -> tuple[list[str], list[str]]:
    """Draw one panel; returns the labels of the units above and below the widest limits."""
    n = panel.points["denominator"].to_numpy(float)
    pct = panel.points["percentage"].to_numpy(float)
    grid = np.unique(np.round(np.geomspace(max(1.0, n.min() * 0.8), n.max() * 1.15, 200)))
    limits = funnel_limits(panel.target, grid, levels).limits
    styles = series_styles()
    text_colour = load_house_style().text_colour
    ax.axhline(100 * panel.target, color=text_colour, linewidth=1.2, marker="", label="Nederland")
    for level, linestyle in zip(sorted(levels), ("--", ":", "-."), strict=False):
        lim = limits[limits["level"] == level]
        label = f"{format_number(100 * level, 1 if (100 * level) % 1 else 0)}%-grenzen"
        for bound, name in (("lower", label), ("upper", "_nolegend_")):
            ax.plot(lim["denominator"], 100 * lim[bound], color=styles[1].colour, linestyle=linestyle,
                    marker="", label=name)
    wl = limits[limits["level"] == max(levels)]
    lo = np.interp(n, wl["denominator"], 100 * wl["lower"])
    hi = np.interp(n, wl["denominator"], 100 * wl["upper"])
    ax.scatter(n, pct, s=18, color=styles[0].colour, edgecolor=text_colour, linewidth=0.5, label="regio's", zorder=3)
    above, below = [], []
    for unit, x, y, low, high in zip(panel.points["unit"], n, pct, lo, hi, strict=True):
        if y > high:
            above.append(f"{unit} ({format_percent(y, 1)})")
        elif y < low:
            below.append(f"{unit} ({format_percent(y, 1)})")
        if y > high or y < low or unit == highlight:
            ax.annotate(unit, (x, y), xytext=(4, 3), textcoords="offset points", fontsize=7.5, color=text_colour)
    if highlight is not None and highlight in set(panel.points["unit"]):
        row = panel.points[panel.points["unit"] == highlight].iloc[0]
        ax.scatter([row["denominator"]], [row["percentage"]], s=60, color=text_colour, marker="D",
                   label=highlight, zorder=4)
    ax.set_title(panel.title)
    ax.set_xscale("log")
    # Labelled ticks at 1, 2 and 5 times powers of ten within the range; no minor ticks.
    low, high = grid.min(), grid.max()
    nice = [m * 10**e for e in range(int(np.log10(low)) - 1, int(np.log10(high)) + 2) for m in (1, 2, 5)]
    ax.xaxis.set_major_locator(FixedLocator([t for t in nice if low <= t <= high]))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_major_formatter(DutchFormatter(0))
    ax.yaxis.set_major_formatter(DutchFormatter(None, percent=True))
    ax.set_ylim(0, max(float(np.nanmax(pct)), 100 * float(limits["upper"].max())) * 1.1)
    return above, below


def funnel_chart(
    panels: Sequence[FunnelPanel],
    xlabel: str,
    ylabel: str = "",
    highlight: str | None = None,
    synthetic: bool = False,
    levels: Sequence[float] = DEFAULT_FUNNEL_LEVELS,
) -> tuple[Figure, str]:
    """Funnel plots: unit percentages against their denominators, with control limits.

    Parameters
    ----------
    panels : sequence of FunnelPanel
        One panel each (e.g. jeugdhulp and verblijf), stacked; one figure saves
        drawing time and keeps the two side by side for the reader.
    xlabel, ylabel : str
        Dutch axis labels (shared by the panels).
    highlight : str, optional
        A unit to mark (a larger, dark point with its code).
    synthetic : bool
        Mark the figure and alt text as synthetic data.
    levels : sequence of float
        Two-sided coverage of the limits (default 95% and 99,8%).

    Returns
    -------
    (Figure, str)
        The figure and its Dutch alt text, for ``show_figure(fig, alt, data=protected)``.
        Units outside the widest limits are labelled with their code and named in
        the alt text.

    Raises
    ------
    VoortgangError
        No panel, a panel without published units, or a panel without a title.

    Notes
    -----
    :mod:`analysis.plots` has line and bar charts only; this scatter with limit
    curves uses its house style, Dutch formatters and synthetic mark.
    """
    if not panels:
        raise VoortgangError("argument 'panels': give at least one panel")
    for i, panel in enumerate(panels):
        if panel.points.empty:
            raise VoortgangError(f"argument 'panels': panel {i} ({panel.title!r}) has no published units to plot")
        if not panel.title.strip():
            raise VoortgangError(f"argument 'panels': panel {i} needs a title (it is also used in the alt text)")
    text_colour = load_house_style().text_colour
    parts = []
    with house_style():
        width, height = mpl.rcParams["figure.figsize"]
        fig = Figure(figsize=(width, height * (0.15 + 0.85 * len(panels))), layout="constrained")
        FigureCanvasAgg(fig)
        axes = fig.subplots(len(panels), 1, squeeze=False)[:, 0]
        for ax, panel in zip(axes, panels, strict=True):
            above, below = _draw_funnel(ax, panel, highlight, levels)
            ax.set_ylabel(ylabel)
            widest = _widest_text(levels)
            text = [f"'{panel.title}': {len(panel.points)} regio's rond het landelijke percentage van "
                    f"{format_percent(100 * panel.target, 1)};"]
            text.append(f"boven de {widest}%-grens {join_dutch(above)}" if above else f"geen regio boven de {widest}%-grens")
            text.append(f"en onder de {widest}%-grens {join_dutch(below)}." if below
                        else f"en geen regio onder de {widest}%-grens.")
            if highlight is not None and highlight in set(panel.points["unit"]):
                row = panel.points[panel.points["unit"] == highlight].iloc[0]
                text.append(f"Gemarkeerd: {highlight} met {format_percent(float(row['percentage']), 1)}.")
            parts.append(" ".join(text))
        axes[-1].set_xlabel(xlabel)
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=min(len(labels), 5))
        if synthetic:
            axes[0].set_title(SYNTHETIC_MARK, loc="right", fontsize=8.5, fontweight="bold", color="white",
                              bbox={"boxstyle": "square,pad=0.3", "facecolor": text_colour, "edgecolor": "none"})
    alt = ("Trechterdiagram" + (f" met {len(panels)} panelen" if len(panels) > 1 else "")
           + ", het percentage per regio tegen het aantal (logaritmische as), met controlegrenzen. "
           + " ".join(parts))
    if synthetic:
        alt += " " + SYNTHETIC_MARK.capitalize() + "."
    return fig, alt


def position_words(direction: str | None, beyond_level: float) -> str:
    """Dutch words for a funnel position: ``"boven de 99,8%-grens"``, ``"binnen de grenzen"``."""
    if direction in (BOVEN, ONDER) and not math.isnan(beyond_level):
        level = format_number(100 * beyond_level, 1 if (100 * beyond_level) % 1 else 0)
        return f"{direction} de {level}%-grens"
    return "binnen de grenzen"
