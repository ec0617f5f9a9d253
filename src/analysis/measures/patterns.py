"""Pattern statistics on counts: the "rode draden" (pure: frames in, results out).

1. :func:`strata_residuals` puts any breakdown of the prevalence counts
   (:mod:`analysis.measures.prevalence`) in a chi-square test of independence
   (strata x met/zonder) and flags the strata whose Haberman adjusted residual
   is significant after a correction for the number of strata (``correction``
   and ``family_alpha`` of ``params/analysis.yaml``; two-sided normal p-values
   of the residuals, :func:`analysis.stats.multiple.adjust_pvalues`).
2. :func:`gap_homogeneity`: for each 18+ outcome of cohort A, the gap between
   young people with (``wel_jeugdhulp``) and without (``geen_jeugdhulp``)
   jeugdhulp at 16-17 as a Cochran-Mantel-Haenszel common odds ratio across
   strata (jeugdregio's, or a grouping of them), and the Breslow-Day test that
   says whether the gap is a *landelijk patroon* (the same odds ratio in every
   stratum) or *regionaal verschillend*; the strata that deviate most are
   named after the same correction.

Funnel positions, corrected tests per region and trends per stratum are in
:mod:`analysis.measures.deviations`.

Shares are proportions in [0, 1]; percentages (0-100) only in published tables
and text (:mod:`analysis.present.patterns`). Each result carries the threshold
it was flagged with (:class:`~analysis.stats.multiple.AdjustedTests`), so the
text can state the correction and the number of deviations expected by chance.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.stats.contingency_tables import Table2x2

from analysis.errors import VoortgangError
from analysis.measures.cohorts import EXPOSED_GROUP, REFERENCE_GROUP
from analysis.stats.multiple import AdjustedTests, Correction, adjust_pvalues, two_sided_p_from_z
from analysis.stats.strata import (
    ChiSquareResult,
    CMHResult,
    chi2_independence,
    cochran_mantel_haenszel,
)

LANDELIJK_PATROON = "landelijk patroon"
REGIONAAL_VERSCHILLEND = "regionaal verschillend"
#: Verdict when the homogeneity test cannot be done (see the reason).
GEEN_OORDEEL = "geen oordeel mogelijk"

#: Cohort A outcomes compared across strata: (outcome, category) of
#: :func:`analysis.measures.cohorts.cohort_a`; woonsituatie as "zelfstandig" vs the rest.
GAP_OUTCOMES: tuple[tuple[str, str], ...] = (
    ("woonsituatie", "zelfstandig"),
    ("economisch_zelfstandig", "ja"),
    ("werk_onderwijs", "ja"),
    ("wanbetaler", "ja"),
)


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
        ``p`` (two-sided normal p-value of the residual), ``p_adjusted`` and
        ``afwijking`` (``"vaker"``, ``"minder vaak"`` or ``""``: flagged after
        the correction).
    chi2 : ChiSquareResult
        The test on the strata x (numerator, denominator - numerator) table.
    overall : float
        The share over all strata (proportion).
    strata : tuple of str
        The stratum columns.
    tests : AdjustedTests
        The residual tests of all strata, corrected as one family.
    """

    table: pd.DataFrame
    chi2: ChiSquareResult
    overall: float
    strata: tuple[str, ...]
    tests: AdjustedTests

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
    *,
    correction: Correction,
    alpha: float,
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
    correction : {"holm", "fdr_bh", "none"}
        Correction over the strata (``correction`` of ``params/analysis.yaml``).
    alpha : float
        Level of the family (``family_alpha``).

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
    tests = adjust_pvalues(two_sided_p_from_z(residual), correction, alpha)
    direction = np.where(tests.reject & (residual > 0), "vaker",
                         np.where(tests.reject & (residual < 0), "minder vaak", ""))
    table = rows.assign(
        numerator=num.astype("int64"),
        denominator=den.astype("int64"),
        share=num / den,
        residual=residual,
        p=tests.p,
        p_adjusted=tests.p_adjusted,
        afwijking=direction,
    )
    return PatternTest(table=table, chi2=result, overall=float(num.sum() / den.sum()), strata=tuple(strata),
                       tests=tests)


# --------------------------------------------------------------------------- CMH / Breslow-Day


def pool_cohort_years(frame: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    """Sum cohort A counts over cohort years that share no person.

    Cohort A of year t holds persons born in t-19 and t-18, so cohorts of years
    less than 2 apart share persons (an 18-year-old in t is 19 in t+1); pooling
    them would count persons twice and overstate every test.

    Parameters
    ----------
    frame : DataFrame
        :func:`analysis.measures.cohorts.cohort_a` output (with a ``year`` column).
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
        Per informative stratum without zero cells: ``stratum``, ``odds_ratio``,
        ``z`` = (log OR_k - log OR_MH) / SE_k (Woolf standard error), its
        two-sided ``p`` and ``p_adjusted`` (corrected over the strata), and
        ``deviating`` (flagged after the correction).
    tests : AdjustedTests
        The per-stratum tests as one family.
    """

    outcome: str
    category: str
    cmh: CMHResult
    verdict: str
    strata: pd.DataFrame
    tests: AdjustedTests

    @property
    def deviating(self) -> pd.DataFrame:
        """Strata flagged after the correction, largest ``|z|`` first."""
        rows = self.strata[self.strata["deviating"]]
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
    *,
    alpha: float,
    correction: Correction,
    family_alpha: float,
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
        Level of the Breslow-Day test (``homogeneity_alpha`` of ``params/analysis.yaml``).
    correction, family_alpha
        Correction and level of the per-stratum deviation tests (``correction``,
        ``family_alpha``): a stratum is named as deviating when its corrected
        p-value is below ``family_alpha``.

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
        cmh = cochran_mantel_haenszel(tables, layout="strata_first")
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
        tests = adjust_pvalues(two_sided_p_from_z(strata["z"].to_numpy(float)), correction, family_alpha)
        strata = strata.assign(p=tests.p, p_adjusted=tests.p_adjusted, deviating=tests.reject)
        out.append(GapPattern(outcome=outcome, category=category, cmh=cmh, verdict=verdict, strata=strata,
                              tests=tests))
    return out
