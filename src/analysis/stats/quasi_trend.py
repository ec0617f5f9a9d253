"""Trends in registrations that cover the whole population: quasi-Poisson and quasi-binomial.

A count of every young person with jeugdhulp is not a sample: a binomial or
Poisson test would call every year-to-year wobble significant, because its
standard error only knows sampling noise. These tests estimate the
year-to-year variation from the series itself (the quasi-likelihood families
of R's ``glm``: ``quasipoisson`` for counts, ``quasibinomial`` for proportions
with known denominators):

- the slope ``b`` is the Poisson (log link) or binomial (logit link) maximum
  likelihood estimate of ``y ~ a + b t``;
- the dispersion is Pearson's chi-square over the residual degrees of freedom,
  ``phi = X^2 / (n - 2)``, **at least 1** (a series that varies less than
  sampling alone would is not taken as more precise than that; R keeps phi < 1);
- ``se = se_ML * sqrt(phi)`` and the two-sided p-value comes from Student's t
  with ``n - 2`` degrees of freedom (R's convention for the quasi families).

With ``n - 2`` degrees of freedom the dispersion needs at least three points.
The conventions of :mod:`analysis.stats.trend` hold: periods as numbers, only
the segment after the last series break is tested, the same trend words.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

from analysis.stats._validate import (
    as_float_1d,
    check_counts,
    check_same_length,
    check_successes,
    periods_or_positions,
    segment_after_breaks,
)
from analysis.stats.trend import (
    DEFAULT_SIGNIFICANCE,
    GEEN_TREND,
    TE_WEINIG_MEETPUNTEN,
    _check_significance,
    _span,
    trend_word,
)

#: Fewest points for a quasi test: the dispersion needs ``n - 2 >= 1`` degrees of freedom.
MIN_POINTS_QUASI = 3

QuasiFamily = Literal["quasipoisson", "quasibinomial"]


@dataclass(frozen=True)
class QuasiTrendResult:
    """A quasi-likelihood trend test.

    Attributes
    ----------
    slope : float or None
        ``b`` per unit of period, on the log scale (counts) or the logit scale
        (proportions).
    se : float or None
        Standard error of ``b`` with the dispersion applied.
    t, p : float or None
        ``b / se`` and its two-sided p-value from Student's t with ``df``.
    df : int
        Residual degrees of freedom, ``n - 2``.
    dispersion : float or None
        The dispersion used: Pearson's chi-square / df, at least 1.
    dispersion_estimate : float or None
        Pearson's chi-square / df as estimated (may be below 1).
    n : int
        Points in the tested segment.
    family : {"quasipoisson", "quasibinomial"}
    trend, method, reason, segment_start, segment_end, break_at, n_excluded
        As in :class:`analysis.stats.trend.MannKendallResult`.
    """

    slope: float | None
    se: float | None
    t: float | None
    p: float | None
    df: int
    dispersion: float | None
    dispersion_estimate: float | None
    n: int
    family: str
    trend: str
    method: str
    reason: str | None = None
    segment_start: float | None = None
    segment_end: float | None = None
    break_at: float | None = None
    n_excluded: int = 0


def quasi_glm_slope(
    endog: np.ndarray, design: np.ndarray, family: QuasiFamily
) -> tuple[float, float, float, float, int]:
    """Slope (second column of ``design``) with its quasi standard error.

    Parameters
    ----------
    endog : numpy.ndarray
        Counts (quasipoisson), or an (n, 2) array of successes and failures (quasibinomial).
    design : numpy.ndarray
        (n, 2): a constant and the covariate.
    family : {"quasipoisson", "quasibinomial"}

    Returns
    -------
    (b, se, phi_used, phi_estimate, df)
        ``se`` is the maximum-likelihood standard error times ``sqrt(phi_used)``,
        ``phi_used = max(1, phi_estimate)``, ``phi_estimate = X^2 / df``.
    """
    glm_family = sm.families.Poisson() if family == "quasipoisson" else sm.families.Binomial()
    with warnings.catch_warnings():
        # an exact fit is identified for these models; the separation warning is no failure
        warnings.simplefilter("ignore", PerfectSeparationWarning)
        res = sm.GLM(endog, design, family=glm_family).fit(tol=1e-10, tol_criterion="params")
    df = int(design.shape[0] - design.shape[1])
    phi_estimate = float(res.pearson_chi2 / df)
    phi = max(1.0, phi_estimate)
    return float(res.params[1]), float(res.bse[1]) * math.sqrt(phi), phi, phi_estimate, df


def _result(
    endog: np.ndarray, t: np.ndarray, family: QuasiFamily, significance: float, seg, method_base: str,
) -> QuasiTrendResult:
    start, end = _span(t)
    n = int(t.size)
    common = dict(n=n, family=family, segment_start=start, segment_end=end, break_at=seg.break_at,
                  n_excluded=seg.n_excluded, method=method_base + seg.describe(), df=max(n - 2, 0))
    undefined = dict(slope=None, se=None, t=None, p=None, dispersion=None, dispersion_estimate=None)
    if n < MIN_POINTS_QUASI:
        return QuasiTrendResult(**undefined, trend=TE_WEINIG_MEETPUNTEN, **common,
                                reason=f"{n} period(s) in the tested segment; a quasi test needs at least "
                                       f"{MIN_POINTS_QUASI} (the dispersion needs n - 2 >= 1)")
    design = np.column_stack([np.ones(n), t - t.mean()])
    b, se, phi, phi_estimate, df = quasi_glm_slope(endog, design, family)
    if not (math.isfinite(b) and math.isfinite(se) and se > 0):
        return QuasiTrendResult(**undefined, trend=GEEN_TREND, **common,
                                reason="the slope is not estimable (all values at a boundary)")
    tstat = b / se
    p = float(2 * stats.t.sf(abs(tstat), df))
    return QuasiTrendResult(slope=b, se=se, t=tstat, p=p, dispersion=phi, dispersion_estimate=phi_estimate,
                            trend=trend_word(p, b, significance), **common)


def quasi_poisson_trend(
    counts: Sequence[float] | np.ndarray | pd.Series,
    periods: Sequence[float] | np.ndarray | pd.Series,
    breaks: Iterable[float] = (),
    *,
    significance: float = DEFAULT_SIGNIFICANCE,
) -> QuasiTrendResult:
    """Trend in a count of a whole population: log E[y] = a + b t, dispersion from the series.

    Parameters
    ----------
    counts
        Counts per period (persons, not thousands); NaN is an error.
    periods
        Period of each count as a number (years, or positions of half-years).
    breaks
        Series breaks (periods); only the segment after the last one is tested.
    significance
        Two-sided level for calling a trend stijgend/dalend.

    Returns
    -------
    QuasiTrendResult
        ``te weinig meetpunten`` below :data:`MIN_POINTS_QUASI` points.
    """
    significance = _check_significance(significance)
    y, labels = as_float_1d(counts, "counts")
    check_counts(y, "counts", labels)
    t, _ = periods_or_positions(periods, y.size)
    order = np.argsort(t, kind="stable")
    y, t = y[order], t[order]
    seg = segment_after_breaks(t, breaks)
    method = ("quasi-Poisson: log-linear Poisson regression over the periods, dispersion = Pearson X^2/(n-2) "
              "(at least 1), two-sided t test with n-2 df (R glm family quasipoisson)")
    return _result(y[seg.keep], t[seg.keep], "quasipoisson", significance, seg, method)


def quasi_binomial_trend(
    successes: Sequence[float] | np.ndarray | pd.Series,
    totals: Sequence[float] | np.ndarray | pd.Series,
    periods: Sequence[float] | np.ndarray | pd.Series,
    breaks: Iterable[float] = (),
    *,
    significance: float = DEFAULT_SIGNIFICANCE,
) -> QuasiTrendResult:
    """Trend in a proportion with a known denominator: logit p = a + b t, dispersion from the series.

    Parameters
    ----------
    successes, totals
        Persons with the outcome and all persons, per period (counts).
    periods
        Period of each proportion as a number.
    breaks
        Series breaks (periods); only the segment after the last one is tested.
    significance
        Two-sided level for calling a trend stijgend/dalend.

    Returns
    -------
    QuasiTrendResult
        ``te weinig meetpunten`` below :data:`MIN_POINTS_QUASI` points.
    """
    significance = _check_significance(significance)
    s, labels = as_float_1d(successes, "successes")
    n, _ = as_float_1d(totals, "totals")
    check_same_length(successes=s, totals=n)
    check_counts(s, "successes", labels)
    check_counts(n, "totals", labels)
    check_successes(s, n, ("successes", "totals"), labels)
    t, _ = periods_or_positions(periods, s.size)
    order = np.argsort(t, kind="stable")
    s, n, t = s[order], n[order], t[order]
    seg = segment_after_breaks(t, breaks)
    endog = np.column_stack([s, n - s])[seg.keep]
    method = ("quasi-binomial: logistic regression of the proportion over the periods, dispersion = Pearson "
              "X^2/(n-2) (at least 1), two-sided t test with n-2 df (R glm family quasibinomial)")
    return _result(endog, t[seg.keep], "quasibinomial", significance, seg, method)

