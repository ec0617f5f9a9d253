"""Contingency tables and stratified 2x2 tables.

- :func:`chi2_independence`: Pearson chi-square with Haberman adjusted
  residuals and Cramér's V.
- :func:`cochran_mantel_haenszel`: CMH test, Mantel-Haenszel common odds ratio
  and the Breslow-Day homogeneity test (Tarone-adjusted), for K strata of 2x2.

Funnel-plot limits are in :mod:`analysis.stats.funnel`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import optimize, stats
from statsmodels.stats.contingency_tables import StratifiedTable, Table

from analysis.errors import VoortgangError
from analysis.stats._validate import check_confidence


def _check_cells(arr: np.ndarray, name: str, label: Any) -> None:
    """Every cell present, finite, non-negative; the message names the cell."""
    for test, what in (
        (np.isnan, "is missing (NaN)"),
        (lambda a: ~np.isfinite(a), "is infinite"),
        (lambda a: a < 0, "is negative"),
    ):
        bad = np.argwhere(test(arr))
        if bad.size:
            idx = tuple(int(v) for v in bad[0])
            raise VoortgangError(
                f"{name}[{label(idx)}] = {arr[idx]:g} {what}; counts must be >= 0"
                if what == "is negative"
                else f"{name}[{label(idx)}] {what}; counts must be present and finite"
            )


# --------------------------------------------------------------------------
# Chi-square test of independence
# --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ChiSquareResult:
    """Pearson chi-square test of independence for an r x c table.

    Attributes
    ----------
    statistic, dof, p
        Chi-square (Yates-corrected only when ``correction`` and 2x2), degrees
        of freedom, p-value. None when undefined (see ``reason``).
    cramers_v
        ``sqrt(statistic / (N (min(r, c) - 1)))`` from the statistic reported
        here (so from the corrected one when a correction was applied).
    expected
        Expected counts under independence (same labels as the input).
    adjusted_residuals
        Haberman adjusted (standardised) residuals
        ``(O - E) / sqrt(E (1 - r_i/N)(1 - c_j/N))``, never continuity-corrected;
        |value| > 2 marks a cell that departs from independence.
    n
        Table total.
    """

    statistic: float | None
    dof: int
    p: float | None
    cramers_v: float | None
    expected: pd.DataFrame
    adjusted_residuals: pd.DataFrame | None
    n: float
    method: str
    reason: str | None = None


def chi2_independence(table: ArrayLike | pd.DataFrame, correction: bool = False) -> ChiSquareResult:
    """Pearson chi-square test of independence with adjusted residuals.

    Parameters
    ----------
    table
        Counts, rows x columns (a DataFrame keeps its labels in the output).
    correction
        Yates continuity correction; as in R and scipy it only applies to 2x2
        tables. Default False (R's ``chisq.test`` corrects 2x2 tables by
        default: pass True to match that).

    Returns
    -------
    ChiSquareResult
        With a row or column of zeros the expected counts contain zeros and the
        statistic is undefined: statistic, p and V are None with a reason.

    Raises
    ------
    VoortgangError
        If the table is not 2-D with at least 2 rows and 2 columns, has NaN or
        negative cells, or is all zero.
    """
    rows = table.index if isinstance(table, pd.DataFrame) else None
    cols = table.columns if isinstance(table, pd.DataFrame) else None
    try:
        obs = np.asarray(table, dtype=float)
    except (TypeError, ValueError):
        raise VoortgangError("table: expected a 2-D table of counts") from None
    if obs.ndim != 2 or obs.shape[0] < 2 or obs.shape[1] < 2:
        raise VoortgangError(
            f"table: expected a 2-D table with at least 2 rows and 2 columns, got shape {obs.shape}"
        )
    rows = rows if rows is not None else pd.RangeIndex(obs.shape[0])
    cols = cols if cols is not None else pd.RangeIndex(obs.shape[1])
    _check_cells(obs, "table", lambda idx: f"{rows[idx[0]]!r}, {cols[idx[1]]!r}")
    N = float(obs.sum())
    if N == 0:
        raise VoortgangError("table: all cells are zero")
    r, c = obs.shape
    dof = (r - 1) * (c - 1)
    expected = pd.DataFrame(stats.contingency.expected_freq(obs), index=rows, columns=cols)
    yates = correction and dof == 1
    method = (
        "Pearson chi-square test of independence, "
        + ("Yates continuity correction (2x2)" if yates else "no continuity correction")
        + "; Haberman adjusted residuals (uncorrected); Cramér's V from the reported statistic"
    )
    empty_rows = [rows[i] for i in np.flatnonzero(obs.sum(axis=1) == 0)]
    empty_cols = [cols[j] for j in np.flatnonzero(obs.sum(axis=0) == 0)]
    if empty_rows or empty_cols:
        what = (
            f"row(s) {empty_rows}" if empty_rows else ""
        ) + (" and " if empty_rows and empty_cols else "") + (
            f"column(s) {empty_cols}" if empty_cols else ""
        )
        return ChiSquareResult(
            statistic=None, dof=dof, p=None, cramers_v=None, expected=expected,
            adjusted_residuals=None, n=N, method=method,
            reason=f"{what} all zero: expected counts of 0, the statistic is undefined "
            "(leave the empty categories out)",
        )
    res = stats.chi2_contingency(obs, correction=correction)
    stat = float(res.statistic)
    # shift_zeros=False: statsmodels would otherwise put 0.5 in every empty cell (and write it into
    # the array it is given); R's chisq.test()$stdres uses the observed zeros.
    resid = pd.DataFrame(np.asarray(Table(obs.copy(), shift_zeros=False).standardized_resids), index=rows,
                         columns=cols)
    return ChiSquareResult(
        statistic=stat, dof=int(res.dof), p=float(res.pvalue),
        cramers_v=float(np.sqrt(stat / (N * (min(r, c) - 1)))),
        expected=expected, adjusted_residuals=resid, n=N, method=method,
    )


# --------------------------------------------------------------------------
# Cochran-Mantel-Haenszel and Breslow-Day
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class CMHResult:
    """Cochran-Mantel-Haenszel test for K strata of 2x2 tables.

    Attributes
    ----------
    statistic, p
        CMH chi-square (df 1) and two-sided p-value; None if undefined.
    odds_ratio, ci_low, ci_high
        Mantel-Haenszel common odds ratio (exposed vs unexposed odds of the
        event) with the Robins-Breslow-Greenland log-scale interval.
    breslow_day, breslow_day_df, breslow_day_p
        Breslow-Day test of homogeneous odds ratios with Tarone's adjustment,
        over the informative strata (df = informative strata - 1).
    n_strata, n_informative
        All strata, and those with both exposure groups and both outcomes
        present (only these carry information; the others add 0 to every sum).
    reason, breslow_day_reason
        Why a part of the result is undefined; None otherwise.
    """

    statistic: float | None
    p: float | None
    odds_ratio: float | None
    ci_low: float | None
    ci_high: float | None
    breslow_day: float | None
    breslow_day_df: int | None
    breslow_day_p: float | None
    n_strata: int
    n_informative: int
    confidence: float
    method: str
    df: int = 1
    reason: str | None = None
    breslow_day_reason: str | None = None


_ORIENTATION = (
    "shape (K, 2, 2): one 2x2 table per stratum, rows = exposure (exposed, "
    "unexposed), columns = outcome (event, no event)"
)


#: ``layout`` of :func:`cochran_mantel_haenszel`: strata first (K, 2, 2), or R's (2, 2, K).
Layout = Literal["strata_first", "r"]


def _strata_array(tables: Any, layout: Layout | None = None) -> np.ndarray:
    try:
        arr = np.asarray(tables, dtype=float)
    except (TypeError, ValueError):
        raise VoortgangError(f"tables: expected numbers in {_ORIENTATION}") from None
    if layout is None and arr.shape == (2, 2, 2):
        # two strata in our layout and two strata in R's read the same: refuse to guess
        raise VoortgangError(
            "tables: shape (2, 2, 2) is ambiguous (two strata as (K, 2, 2), or R's 2 x 2 x K with K = 2); "
            "pass layout='strata_first' or layout='r'"
        )
    if layout == "r":
        if arr.ndim != 3 or arr.shape[:2] != (2, 2):
            raise VoortgangError(f"tables: layout 'r' expects shape (2, 2, K), got {arr.shape}")
        arr = np.moveaxis(arr, -1, 0)
    elif layout not in (None, "strata_first"):
        raise VoortgangError(f"argument 'layout': {layout!r} is not 'strata_first' or 'r'")
    if arr.ndim != 3 or arr.shape[1:] != (2, 2):
        hint = ""
        if arr.ndim == 3 and arr.shape[:2] == (2, 2):
            hint = (
                "; this looks like R's 2 x 2 x K layout, use numpy.moveaxis(tables, -1, 0)"
            )
        elif arr.shape == (2, 2):
            hint = "; for a single table pass [table]"
        raise VoortgangError(f"tables: expected {_ORIENTATION}, got shape {arr.shape}{hint}")
    _check_cells(arr, "tables", lambda idx: f"{idx[0]}][{idx[1]}, {idx[2]}")
    totals = arr.sum(axis=(1, 2))
    empty = np.flatnonzero(totals == 0)
    if empty.size:
        raise VoortgangError(
            f"tables[{empty[0]}]: all cells are zero (an empty stratum; "
            f"{empty.size} in total); leave empty strata out"
        )
    return arr


def _breslow_day_tarone(tabs: np.ndarray, odds_ratio: float) -> tuple[float, int, float]:
    """Breslow-Day statistic with Tarone's adjustment over informative strata.

    Written here because statsmodels' ``StratifiedTable.test_equal_odds``
    divides by (1 - OR), so it fails when the MH odds ratio is exactly 1, is
    numerically unstable near 1, and returns NaN as soon as one stratum has a
    zero margin. The expected a-cell under the common OR solves
    ``e (n - n1 - m1 + e) = OR (n1 - e)(m1 - e)`` on the interval allowed by the
    margins; we find that root with a bracketing solver instead of choosing
    between the two roots of the quadratic.
    """
    a = tabs[:, 0, 0]
    n1 = tabs[:, 0, :].sum(axis=1)
    m1 = tabs[:, :, 0].sum(axis=1)
    n = tabs.sum(axis=(1, 2))
    e = np.empty_like(a)
    for k in range(a.size):
        lo, hi = max(0.0, n1[k] + m1[k] - n[k]), min(n1[k], m1[k])

        def f(x: float, k: int = k) -> float:
            return x * (n[k] - n1[k] - m1[k] + x) - odds_ratio * (n1[k] - x) * (m1[k] - x)

        e[k] = optimize.brentq(f, lo, hi, xtol=1e-13, rtol=1e-15)
    v = 1.0 / (1 / e + 1 / (m1 - e) + 1 / (n1 - e) + 1 / (n - n1 - m1 + e))
    bd = float(np.sum((a - e) ** 2 / v) - (a.sum() - e.sum()) ** 2 / v.sum())
    df = a.size - 1
    return bd, df, float(stats.chi2.sf(bd, df))


def cochran_mantel_haenszel(
    tables: ArrayLike, correction: bool = True, confidence: float = 0.95, layout: Layout | None = None
) -> CMHResult:
    """Cochran-Mantel-Haenszel test and common odds ratio over K 2x2 strata.

    Parameters
    ----------
    tables
        Counts of shape (K, 2, 2): ``tables[k]`` is stratum k with rows =
        exposure (row 0 exposed, row 1 unexposed) and columns = outcome
        (column 0 event, column 1 no event). R's ``mantelhaen.test`` takes
        the transposed layout (2, 2, K).
    correction
        Continuity correction of the CMH statistic, R's default (True):
        ``(|sum(a - E a)| - 0.5)^2 / sum Var a``, where the 0.5 is only
        subtracted when ``|sum(a - E a)| >= 0.5``. statsmodels' default is
        False, and it always subtracts 0.5; pass False for the uncorrected test.
    confidence
        Level of the odds ratio interval.
    layout : {"strata_first", "r"}, optional
        ``strata_first``: (K, 2, 2) as above; ``r``: R's (2, 2, K). Without it
        the shape decides, and the one shape both could have, (2, 2, 2), is
        refused as ambiguous.

    Returns
    -------
    CMHResult
        Strata with a zero row or column add nothing to any sum and are kept
        out of Breslow-Day; when no stratum is informative, or the common OR
        is 0 or infinite, the affected fields are None with a reason.

    Raises
    ------
    VoortgangError
        For the wrong shape, NaN or negative cells, or an all-zero stratum.
    """
    confidence = check_confidence(confidence)
    arr = _strata_array(tables, layout)
    informative = (arr.sum(axis=2) > 0).all(axis=1) & (arr.sum(axis=1) > 0).all(axis=1)
    tabs = arr[informative]
    n_inf = int(informative.sum())
    method = (
        "Cochran-Mantel-Haenszel chi-square, df 1, "
        + ("continuity correction as R mantelhaen.test" if correction else "no continuity correction")
        + f"; Mantel-Haenszel common odds ratio with Robins-Breslow-Greenland {confidence:.0%} CI "
        "(statsmodels StratifiedTable); Breslow-Day homogeneity test with Tarone adjustment "
        "over informative strata"
    )
    base = dict(n_strata=int(arr.shape[0]), n_informative=n_inf, confidence=confidence, method=method)
    if n_inf == 0:
        return CMHResult(
            statistic=None, p=None, odds_ratio=None, ci_low=None, ci_high=None,
            breslow_day=None, breslow_day_df=None, breslow_day_p=None,
            reason="no stratum has both exposure groups and both outcomes: the CMH "
            "statistic and the common odds ratio are undefined",
            breslow_day_reason="no informative strata", **base,
        )
    st = StratifiedTable(np.moveaxis(tabs, 0, -1))
    a = tabs[:, 0, 0]
    n1, m1, n = tabs[:, 0, :].sum(axis=1), tabs[:, :, 0].sum(axis=1), tabs.sum(axis=(1, 2))
    delta = float(np.sum(a - n1 * m1 / n))
    # R applies the 0.5 only when |delta| >= 0.5; statsmodels would always subtract it.
    statistic = float(st.test_null_odds(correction=correction and abs(delta) >= 0.5).statistic)
    p = float(stats.chi2.sf(statistic, 1))  # sf keeps precision for tiny p (1 - cdf does not)
    r_sum = float(np.sum(tabs[:, 0, 0] * tabs[:, 1, 1] / n))
    s_sum = float(np.sum(tabs[:, 0, 1] * tabs[:, 1, 0] / n))
    reasons = []
    odds_ratio = ci_low = ci_high = None
    if s_sum == 0:
        reasons.append("no stratum has b*c > 0: the common odds ratio is infinite")
    elif r_sum == 0:
        odds_ratio = 0.0
        reasons.append("no stratum has a*d > 0: the common odds ratio is 0, no log-scale CI")
    else:
        odds_ratio = float(st.oddsratio_pooled)
        lo, hi = st.oddsratio_pooled_confint(alpha=1 - confidence, method="normal")
        ci_low, ci_high = float(lo), float(hi)
    bd = bd_df = bd_p = None
    bd_reason = None
    if n_inf < 2:
        bd_reason = f"{n_inf} informative stratum: homogeneity needs at least 2"
    elif odds_ratio is None or odds_ratio == 0:
        bd_reason = "the common odds ratio is 0 or infinite"
    else:
        bd, bd_df, bd_p = _breslow_day_tarone(tabs, odds_ratio)
    return CMHResult(
        statistic=statistic, p=p, odds_ratio=odds_ratio, ci_low=ci_low, ci_high=ci_high,
        breslow_day=bd, breslow_day_df=bd_df, breslow_day_p=bd_p,
        reason="; ".join(reasons) or None, breslow_day_reason=bd_reason, **base,
    )
