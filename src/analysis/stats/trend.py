"""Trend tests on yearly (or half-yearly) indicator series.

Conventions used throughout this module
---------------------------------------
- ``periods`` are numbers (e.g. years 2015..2021); without them the points are
  taken to be equally spaced at positions 0, 1, ..., n-1. Points are sorted by
  period first. Slopes are *per unit of period* (per year when periods are
  years, per step when positions are used).
- ``breaks`` are periods at which a series stops being comparable with what came
  before (a change of CBS source file, the 2021 trend break in CBS
  Beleidsinformatie Jeugd). A test never spans a break: only the points on or
  after the last break are tested, and the result says so (``break_at``,
  ``n_excluded`` and the ``method`` text).
- p-values are two-sided. A trend is called :data:`STIJGEND` or :data:`DALEND`
  when p < ``significance`` (default :data:`DEFAULT_SIGNIFICANCE`), otherwise
  :data:`GEEN_TREND`; too short a series gives :data:`TE_WEINIG_MEETPUNTEN`
  and p is None (no test is done, and none is pretended).
- Degenerate but valid input (identical values, no variation in a proportion,
  all-zero counts) returns a result whose statistic and p are None and whose
  ``reason`` says why.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import optimize, stats
from scipy.special import gammaln
from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationWarning

from analysis.errors import VoortgangError
from analysis.stats._validate import (
    Segment,
    as_float_1d,
    check_confidence,
    check_counts,
    check_same_length,
    check_successes,
    periods_or_positions,
    segment_after_breaks,
)

#: Trend words used in the reports (and nowhere else spelled out).
STIJGEND: str = "stijgend"
DALEND: str = "dalend"
GEEN_TREND: str = "geen trend"
TE_WEINIG_MEETPUNTEN: str = "te weinig meetpunten"
TREND_WORDS: tuple[str, ...] = (STIJGEND, DALEND, GEEN_TREND, TE_WEINIG_MEETPUNTEN)

#: Two-sided significance level below which a trend is called stijgend/dalend.
DEFAULT_SIGNIFICANCE: float = 0.05
#: Mann-Kendall is not done on fewer points (the seed reports often have 3-4
#: yearly points; with 3 the smallest attainable two-sided p is 0.12 anyway).
MIN_POINTS_MANN_KENDALL: int = 4
#: Cochran-Armitage and count trends need at least this many periods.
MIN_POINTS_TREND: int = 3

CountFamily = Literal["poisson", "negbin"]


def trend_word(p: float | None, direction: float, significance: float = DEFAULT_SIGNIFICANCE) -> str:
    """Dutch trend word for a two-sided p-value and the sign of the estimate.

    Parameters
    ----------
    p
        Two-sided p-value, or None when the statistic is undefined.
    direction
        Any number whose sign gives the direction (S, z or a slope).
    significance
        Level below which the trend is called significant (proportion, e.g. 0.05).

    Returns
    -------
    str
        :data:`STIJGEND`, :data:`DALEND` or :data:`GEEN_TREND`.
    """
    if p is None or not np.isfinite(p) or p >= significance or direction == 0:
        return GEEN_TREND
    return STIJGEND if direction > 0 else DALEND


def _check_significance(significance: float) -> float:
    s = float(significance)
    if not 0.0 < s < 1.0:
        raise VoortgangError(
            f"significance = {s:g} must be strictly between 0 and 1 (e.g. 0.05)"
        )
    return s


def _span(t: np.ndarray) -> tuple[float | None, float | None]:
    if t.size == 0:
        return None, None
    return float(t.min()), float(t.max())


# --------------------------------------------------------------------------
# Mann-Kendall and Sen's slope
# --------------------------------------------------------------------------

_MK_METHOD = (
    "Mann-Kendall, tie-corrected variance, continuity correction, two-sided; "
    "Kendall tau-a = S / (n(n-1)/2); Sen's slope per unit of period "
    "(median of pairwise slopes), Conover intercept median(y) - slope*median(t)"
)


@dataclass(frozen=True)
class MannKendallResult:
    """Mann-Kendall trend test with Sen's slope for one series.

    Attributes
    ----------
    s, var_s, z, p
        Kendall's S, its tie-corrected variance, the continuity-corrected z
        ``(S - sign(S)) / sqrt(var_s)`` and the two-sided p-value. None when the
        test is not done (too few points) or undefined (see ``reason``).
    tau
        Kendall's tau-a, ``S / (n(n-1)/2)``, in [-1, 1].
    slope, slope_ci_low, slope_ci_high
        Sen's slope in value units per unit of period, with its distribution-free
        confidence interval (Sen 1968, as ``scipy.stats.theilslopes``).
    intercept
        Value of the Sen line at period 0: ``median(y) - slope * median(t)``.
    n
        Number of points tested (after the break and without missing values).
    trend
        One of :data:`TREND_WORDS`.
    method
        The exact convention, including any series break applied.
    reason
        Why the test was not done or is undefined; None otherwise.
    n_missing
        Missing values dropped within the tested segment.
    segment_start, segment_end
        First and last period tested.
    break_at, n_excluded
        The series break that cut the series and how many points lie before it.
    """

    s: int | None
    var_s: float | None
    z: float | None
    p: float | None
    tau: float | None
    slope: float | None
    slope_ci_low: float | None
    slope_ci_high: float | None
    intercept: float | None
    n: int
    trend: str
    method: str
    reason: str | None = None
    n_missing: int = 0
    segment_start: float | None = None
    segment_end: float | None = None
    break_at: float | None = None
    n_excluded: int = 0


def _mk_variance(n: float | np.ndarray, tie_term: float | np.ndarray) -> Any:
    """Var(S) = [n(n-1)(2n+5) - sum_ties t(t-1)(2t+5)] / 18 (Kendall 1975)."""
    return (n * (n - 1) * (2 * n + 5) - tie_term) / 18.0


def _sorted_series(
    values: Any, periods: Any, breaks: Iterable[float] | None, name: str = "values"
) -> tuple[np.ndarray, np.ndarray, Segment]:
    """Validate, sort by period and cut at the last break (NaN values kept)."""
    x, labels = as_float_1d(values, name)
    bad = np.flatnonzero(np.isinf(x))
    if bad.size:
        raise VoortgangError(f"{name}[{labels[bad[0]]!r}] is infinite")
    t, _ = periods_or_positions(periods, x.size)
    order = np.argsort(t, kind="stable")
    x, t = x[order], t[order]
    seg = segment_after_breaks(t, breaks)
    return x[seg.keep], t[seg.keep], seg


def mann_kendall(
    values: Sequence[float] | np.ndarray | pd.Series,
    periods: Sequence[float] | np.ndarray | pd.Series | None = None,
    breaks: Iterable[float] = (),
    *,
    significance: float = DEFAULT_SIGNIFICANCE,
    confidence: float = 0.95,
) -> MannKendallResult:
    """Mann-Kendall trend test and Sen's slope for one series.

    Parameters
    ----------
    values
        The indicator per period (any unit; missing values, NaN, are dropped).
    periods
        Period of each value (e.g. years); default positions 0..n-1.
    breaks
        Series breaks (periods); only the segment after the last one is tested.
    significance
        Two-sided level for calling a trend stijgend/dalend (proportion).
    confidence
        Confidence level of the interval for Sen's slope (proportion).

    Returns
    -------
    MannKendallResult
        With fewer than :data:`MIN_POINTS_MANN_KENDALL` points no test is done:
        ``p`` is None and ``trend`` is :data:`TE_WEINIG_MEETPUNTEN` (S, tau and
        Sen's slope are still given as descriptions when n >= 2). A series of
        identical values has ``var_s`` 0, so z and p are None ("geen trend").

    Raises
    ------
    VoortgangError
        For non-numeric or infinite values, bad periods or breaks.

    Notes
    -----
    S and its tie-corrected variance are computed here because no well-kept
    library implements the Mann-Kendall test with this convention:
    ``scipy.stats.kendalltau`` reports tau-b with a variance that has no
    continuity correction. Sen's slope and its interval come from
    ``scipy.stats.theilslopes``.
    """
    significance = _check_significance(significance)
    confidence = check_confidence(confidence)
    x, t, seg = _sorted_series(values, periods, breaks)
    present = ~np.isnan(x)
    n_missing = int((~present).sum())
    x, t = x[present], t[present]
    n = int(x.size)
    start, end = _span(t)
    method = _MK_METHOD + seg.describe()
    common = dict(
        n=n, n_missing=n_missing, segment_start=start, segment_end=end,
        break_at=seg.break_at, n_excluded=seg.n_excluded, method=method,
    )
    if n < 2:
        return MannKendallResult(
            s=None, var_s=None, z=None, p=None, tau=None, slope=None,
            slope_ci_low=None, slope_ci_high=None, intercept=None,
            trend=TE_WEINIG_MEETPUNTEN,
            reason=f"{n} point(s) in the tested segment; the test needs at least "
            f"{MIN_POINTS_MANN_KENDALL}",
            **common,
        )
    i, j = np.triu_indices(n, k=1)
    s = int(np.sign(x[j] - x[i]).sum())
    tau = s / (n * (n - 1) / 2)
    ts = stats.theilslopes(x, t, alpha=confidence, method="separate")
    slope, intercept = float(ts.slope), float(ts.intercept)
    if n < MIN_POINTS_MANN_KENDALL:
        return MannKendallResult(
            s=s, var_s=None, z=None, p=None, tau=tau, slope=slope,
            slope_ci_low=None, slope_ci_high=None, intercept=intercept,
            trend=TE_WEINIG_MEETPUNTEN,
            reason=f"{n} points in the tested segment; the test needs at least "
            f"{MIN_POINTS_MANN_KENDALL} (S and Sen's slope are descriptive only)",
            **common,
        )
    _, tie_sizes = np.unique(x, return_counts=True)
    var_s = float(_mk_variance(n, float(np.sum(tie_sizes * (tie_sizes - 1) * (2 * tie_sizes + 5)))))
    if var_s <= 0:
        return MannKendallResult(
            s=s, var_s=var_s, z=None, p=None, tau=tau, slope=slope,
            slope_ci_low=None, slope_ci_high=None, intercept=intercept,
            trend=GEEN_TREND,
            reason="all values in the tested segment are identical: Var(S) = 0, "
            "the test statistic is undefined",
            **common,
        )
    z = (s - np.sign(s)) / np.sqrt(var_s)
    p = float(2 * stats.norm.sf(abs(z)))
    return MannKendallResult(
        s=s, var_s=var_s, z=float(z), p=p, tau=tau, slope=slope,
        slope_ci_low=float(ts.low_slope), slope_ci_high=float(ts.high_slope),
        intercept=intercept, trend=trend_word(p, s, significance), **common,
    )


@dataclass(frozen=True, eq=False)
class MannKendallBatch:
    """Mann-Kendall with Sen's slope for many equal-length series at once.

    Arrays have one element per series (row of the input). Undefined values are
    NaN (where :class:`MannKendallResult` has None); the fields mean the same as
    there. ``index`` is the row index of a DataFrame input, else positions.
    """

    s: np.ndarray
    var_s: np.ndarray
    z: np.ndarray
    p: np.ndarray
    tau: np.ndarray
    slope: np.ndarray
    intercept: np.ndarray
    n: np.ndarray
    trend: np.ndarray
    reason: np.ndarray
    method: str
    index: pd.Index
    break_at: float | None = None
    n_excluded: int = 0

    def to_frame(self) -> pd.DataFrame:
        """One row per series with the columns s, var_s, z, p, tau, slope,
        intercept, n, trend and reason."""
        return pd.DataFrame(
            {
                "s": self.s, "var_s": self.var_s, "z": self.z, "p": self.p,
                "tau": self.tau, "slope": self.slope, "intercept": self.intercept,
                "n": self.n, "trend": self.trend, "reason": self.reason,
            },
            index=self.index,
        )


def mann_kendall_many(
    data: np.ndarray | pd.DataFrame,
    periods: Sequence[float] | np.ndarray | None = None,
    breaks: Iterable[float] = (),
    *,
    significance: float = DEFAULT_SIGNIFICANCE,
) -> MannKendallBatch:
    """Vectorised Mann-Kendall and Sen's slope over the rows of a 2-D array.

    Same convention as :func:`mann_kendall` (which it agrees with), without the
    slope's confidence interval. Written with numpy over all pairs of columns
    because looping a per-series routine over tens of thousands of series
    (indicators x regions) is too slow and no library vectorises this test.

    Parameters
    ----------
    data
        Shape (series, periods); NaN marks a missing value.
    periods
        Period of each column (shared by all rows); default 0..n-1.
    breaks
        Series breaks (periods); only columns on or after the last are used.
    significance
        Two-sided level for calling a trend stijgend/dalend.

    Returns
    -------
    MannKendallBatch
        Per row; NaN where :func:`mann_kendall` would give None.

    Raises
    ------
    VoortgangError
        If ``data`` is not 2-D numeric, contains infinities, or periods/breaks
        are bad.
    """
    significance = _check_significance(significance)
    index = data.index if isinstance(data, pd.DataFrame) else None
    try:
        X = np.asarray(data, dtype=float)
    except (TypeError, ValueError):
        raise VoortgangError("data: expected a 2-D array of numbers") from None
    if X.ndim != 2:
        raise VoortgangError(f"data: expected a 2-D array (series x periods), got shape {X.shape}")
    if np.isinf(X).any():
        r, c = np.argwhere(np.isinf(X))[0]
        raise VoortgangError(f"data[{r}, {c}] is infinite")
    m = X.shape[0]
    if index is None:
        index = pd.RangeIndex(m)
    t, _ = periods_or_positions(periods, X.shape[1])
    order = np.argsort(t, kind="stable")
    X, t = X[:, order], t[order]
    seg = segment_after_breaks(t, breaks)
    X, t = X[:, seg.keep], t[seg.keep]
    k = X.shape[1]

    valid = ~np.isnan(X)
    nv = valid.sum(axis=1).astype(float)
    i, j = np.triu_indices(k, k=1)
    d = X[:, j] - X[:, i]  # NaN where either value is missing
    with np.errstate(invalid="ignore"):
        s = np.nansum(np.sign(d), axis=1)
    # Tie term: an element in a tie group of size g has g equal values (itself
    # included), so sum_i (g_i - 1)(2 g_i + 5) = sum_groups g (g - 1)(2 g + 5).
    g = (X[:, :, None] == X[:, None, :]).sum(axis=2)  # NaN equals nothing: g = 0
    tie_term = np.where(valid, (g - 1) * (2 * g + 5), 0).sum(axis=1)
    var_s = _mk_variance(nv, tie_term)
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN rows
        slope = np.nanmedian(d / (t[j] - t[i]), axis=1)
        t_med = np.nanmedian(np.where(valid, t, np.nan), axis=1)
        intercept = np.nanmedian(X, axis=1) - slope * t_med
        tau = s / (nv * (nv - 1) / 2)
        tested = (nv >= MIN_POINTS_MANN_KENDALL) & (var_s > 0)
        z = np.where(tested, (s - np.sign(s)) / np.sqrt(np.where(tested, var_s, 1.0)), np.nan)
    p = np.where(tested, 2 * stats.norm.sf(np.abs(z)), np.nan)
    described = nv >= 2
    s = np.where(described, s, np.nan)
    tau = np.where(described, tau, np.nan)
    var_s = np.where(nv >= MIN_POINTS_MANN_KENDALL, var_s, np.nan)

    few = nv < MIN_POINTS_MANN_KENDALL
    significant = tested & (p < significance)
    trend = np.select(
        [few, significant & (s > 0), significant & (s < 0)],
        [TE_WEINIG_MEETPUNTEN, STIJGEND, DALEND],
        default=GEEN_TREND,
    ).astype(object)
    reason = np.full(m, None, dtype=object)
    reason[few] = f"fewer than {MIN_POINTS_MANN_KENDALL} points in the tested segment"
    reason[~few & ~tested] = "all values identical: Var(S) = 0, the statistic is undefined"
    return MannKendallBatch(
        s=s, var_s=var_s, z=z, p=p, tau=tau, slope=slope, intercept=intercept,
        n=nv.astype(int), trend=trend, method=_MK_METHOD + seg.describe(),
        index=index, break_at=seg.break_at, n_excluded=seg.n_excluded, reason=reason,
    )


# --------------------------------------------------------------------------
# Cochran-Armitage test for trend in proportions
# --------------------------------------------------------------------------

_CA_METHOD = (
    "Cochran-Armitage test for trend in proportions, R prop.trend.test convention: "
    "chi-square = [sum x (s - sbar)]^2 / [p(1-p) sum n (s - sbar)^2], df 1, "
    "no continuity correction, two-sided"
)


@dataclass(frozen=True)
class CochranArmitageResult:
    """Cochran-Armitage trend test.

    Attributes
    ----------
    statistic
        Chi-square with 1 df (R's ``X-squared``).
    z
        Signed square root: positive when proportions rise with the score.
    p
        Two-sided p-value.
    slope
        Weighted least-squares slope of the proportion on the score (proportion
        per score unit, so 0.01 = 1 percentage point per unit).
    n
        Total of ``totals`` in the tested groups.
    k
        Number of groups (periods) tested.
    trend, method, reason, segment_start, segment_end, break_at, n_excluded
        As in :class:`MannKendallResult`.
    """

    statistic: float | None
    z: float | None
    p: float | None
    slope: float | None
    n: int
    k: int
    trend: str
    method: str
    df: int = 1
    reason: str | None = None
    segment_start: float | None = None
    segment_end: float | None = None
    break_at: float | None = None
    n_excluded: int = 0


def cochran_armitage(
    successes: Sequence[float] | np.ndarray | pd.Series,
    totals: Sequence[float] | np.ndarray | pd.Series,
    scores: Sequence[float] | np.ndarray | None = None,
    *,
    periods: Sequence[float] | np.ndarray | None = None,
    breaks: Iterable[float] = (),
    significance: float = DEFAULT_SIGNIFICANCE,
) -> CochranArmitageResult:
    """Cochran-Armitage chi-square test for a linear trend in proportions.

    Parameters
    ----------
    successes, totals
        Counts per group (period): persons with the outcome and all persons.
    scores
        Score per group; default the periods when given, else 1..k (as R).
        The statistic is unchanged by any linear transformation of the scores.
    periods
        Period per group, used for sorting and breaks; default positions 0..k-1.
    breaks
        Series breaks (periods); only groups on or after the last are tested.
    significance
        Two-sided level for calling a trend stijgend/dalend.

    Returns
    -------
    CochranArmitageResult
        Statistic None with a reason when all outcomes are the same (p = 0 or
        1), the scores do not vary, or fewer than :data:`MIN_POINTS_TREND`
        groups are left.

    Raises
    ------
    VoortgangError
        For NaN or negative counts, successes larger than totals, all-zero
        totals, or arguments of different length.

    Notes
    -----
    Written out (five lines) rather than taken from statsmodels because
    ``Table.test_ordinal_association`` divides by N - 1 and gives 8.2042
    instead of R's 8.2249 on R's own example; R's convention is the reference.
    """
    significance = _check_significance(significance)
    x, labels = as_float_1d(successes, "successes")
    n, _ = as_float_1d(totals, "totals")
    check_same_length(successes=x, totals=n)
    check_counts(x, "successes", labels)
    check_counts(n, "totals", labels)
    check_successes(x, n, ("successes", "totals"), labels)
    if n.sum() == 0:
        raise VoortgangError("totals: all totals are zero; there is nothing to test")
    t, _ = periods_or_positions(periods, x.size)
    if scores is None:
        sc = t.copy() if periods is not None else np.arange(1.0, x.size + 1)
    else:
        sc, sc_labels = as_float_1d(scores, "scores")
        check_same_length(successes=x, scores=sc)
        bad = np.flatnonzero(~np.isfinite(sc))
        if bad.size:
            raise VoortgangError(f"scores[{sc_labels[bad[0]]!r}] is missing or infinite")
    order = np.argsort(t, kind="stable")
    x, n, sc, t = x[order], n[order], sc[order], t[order]
    seg = segment_after_breaks(t, breaks)
    x, n, sc, t = x[seg.keep], n[seg.keep], sc[seg.keep], t[seg.keep]
    start, end = _span(t)
    common = dict(
        n=int(n.sum()), k=int(x.size), method=_CA_METHOD + seg.describe(),
        segment_start=start, segment_end=end, break_at=seg.break_at,
        n_excluded=seg.n_excluded,
    )
    undefined = dict(statistic=None, z=None, p=None, slope=None)
    if x.size < MIN_POINTS_TREND:
        return CochranArmitageResult(
            **undefined, trend=TE_WEINIG_MEETPUNTEN,
            reason=f"{x.size} group(s) in the tested segment; the trend test needs "
            f"at least {MIN_POINTS_TREND}",
            **common,
        )
    N = n.sum()
    if N == 0:
        return CochranArmitageResult(
            **undefined, trend=GEEN_TREND,
            reason="all totals in the tested segment are zero", **common,
        )
    pbar = x.sum() / N
    sbar = (n * sc).sum() / N
    ss = (n * (sc - sbar) ** 2).sum()
    if pbar in (0.0, 1.0):
        return CochranArmitageResult(
            **undefined, trend=GEEN_TREND,
            reason=f"the pooled proportion is {pbar:g}: no variation in the outcome",
            **common,
        )
    if ss == 0:
        return CochranArmitageResult(
            **undefined, trend=GEEN_TREND,
            reason="the scores do not vary over the groups with persons", **common,
        )
    T = (x * (sc - sbar)).sum()
    z = float(T / np.sqrt(pbar * (1 - pbar) * ss))
    p = float(2 * stats.norm.sf(abs(z)))
    return CochranArmitageResult(
        statistic=z * z, z=z, p=p, slope=float(T / ss),
        trend=trend_word(p, z, significance), **common,
    )


# --------------------------------------------------------------------------
# Count models and the trend in a rate
# --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class CountModelFit:
    """A fitted Poisson or negative-binomial (NB2) log-linear model.

    Attributes
    ----------
    params, bse
        Coefficients (log scale) and their standard errors, by column name.
    deviance
        Residual deviance (Poisson only; None for negbin).
    df_resid
        Residual degrees of freedom (observations minus mean parameters).
    loglik, aic
        Log-likelihood and AIC = -2 loglik + 2 k (k includes alpha for negbin),
        the convention of R's ``glm``/``MASS::glm.nb``.
    alpha
        NB2 dispersion (Var = mu + alpha mu^2), estimated by maximum likelihood;
        None for Poisson.
    pearson_dispersion
        Pearson chi-square / df_resid (Poisson only; > 1 suggests overdispersion).
    converged
        Whether the optimiser reported convergence without warnings.
    family, method
        The model and the exact convention.
    """

    params: pd.Series
    bse: pd.Series
    deviance: float | None
    df_resid: float
    loglik: float
    aic: float
    alpha: float | None
    pearson_dispersion: float | None
    converged: bool
    family: str
    method: str


def _check_family(family: str) -> str:
    if family not in ("poisson", "negbin"):
        raise VoortgangError(f"family = {family!r}: expected 'poisson' or 'negbin'")
    return family


def _check_exposure(exposure: Any, size: int) -> tuple[np.ndarray | None, list[Any] | None]:
    if exposure is None:
        return None, None
    e, labels = as_float_1d(exposure, "exposure")
    if e.size != size:
        raise VoortgangError(f"exposure has {e.size} elements but counts has {size}")
    bad = np.flatnonzero(~np.isfinite(e) | ~(e > 0))
    if bad.size:
        raise VoortgangError(
            f"exposure[{labels[bad[0]]!r}] = {e[bad[0]]:g} must be a positive number "
            "(e.g. the population 0-18)"
        )
    return e, labels


#: Alternations of the dispersion and the GLM fit before :func:`_fit_negbin` gives up (R: 25).
_NB_ALTERNATIONS = 50


def _nb_alpha(y: np.ndarray, mu: np.ndarray) -> float:
    """Maximum-likelihood NB2 dispersion for fixed means; 0 when it is at the boundary.

    The score of the NB2 log-likelihood at alpha = 0 is ``sum((y - mu)^2 - y) / 2``:
    when it is not positive the likelihood is largest at alpha = 0 (no
    overdispersion) and no optimiser is needed. Otherwise the log-likelihood is
    maximised over log(alpha) on a bounded interval (Brent's method: a smooth
    one-dimensional problem, deterministic on every machine).
    """
    if float(np.sum((y - mu) ** 2 - y)) <= 0:
        return 0.0

    def minus_loglik(log_alpha: float) -> float:
        a = float(np.exp(log_alpha))
        r = 1.0 / a
        return -float(np.sum(gammaln(y + r) - gammaln(r) + y * np.log(a * mu) - (y + r) * np.log1p(a * mu)))

    found = optimize.minimize_scalar(minus_loglik, bounds=(np.log(1e-12), np.log(1e6)), method="bounded",
                                     options={"xatol": 1e-10})
    return float(np.exp(found.x))


def _fit_negbin(
    y: np.ndarray, X: pd.DataFrame, offset: np.ndarray | None
) -> tuple[pd.Series, pd.Series, float, float, bool, bool]:
    """NB2 fit as R's ``MASS::glm.nb``: alternate the ML dispersion and the GLM fit with it fixed.

    Returns
    -------
    (params, bse, alpha, loglik, converged, at_boundary)
        The standard errors are those of the GLM with alpha held at its
        estimate (R's ``summary(glm.nb)`` convention, not the joint Hessian).
        At the boundary alpha = 0 the fit is the Poisson GLM.
    """
    fit = sm.GLM(y, X, family=sm.families.Poisson(), offset=offset).fit(tol=1e-10, tol_criterion="params")
    alpha, converged = 0.0, bool(fit.converged)
    for _ in range(_NB_ALTERNATIONS):
        new_alpha = _nb_alpha(y, np.asarray(fit.fittedvalues))
        if new_alpha == 0.0:
            if alpha == 0.0:
                break
            fit = sm.GLM(y, X, family=sm.families.Poisson(), offset=offset).fit(tol=1e-10, tol_criterion="params")
            alpha = 0.0
            break
        fit = sm.GLM(y, X, family=sm.families.NegativeBinomial(alpha=new_alpha), offset=offset).fit(
            tol=1e-10, tol_criterion="params")
        done = abs(new_alpha - alpha) <= 1e-8 * max(1.0, new_alpha)
        alpha = new_alpha
        if done:
            break
    else:
        converged = False
    converged = converged and bool(fit.converged)
    mu = np.asarray(fit.fittedvalues)
    if alpha == 0.0:
        loglik = float(np.sum(stats.poisson.logpmf(y, mu)))
    else:
        r = 1.0 / alpha
        loglik = float(np.sum(gammaln(y + r) - gammaln(r) - gammaln(y + 1) + y * np.log(alpha * mu)
                              - (y + r) * np.log1p(alpha * mu)))
    return fit.params, fit.bse, alpha, loglik, converged, alpha == 0.0


def fit_count_glm(
    counts: Sequence[float] | np.ndarray | pd.Series,
    design: np.ndarray | pd.DataFrame,
    exposure: Sequence[float] | np.ndarray | None = None,
    family: CountFamily = "poisson",
) -> CountModelFit:
    """Fit a log-linear count model, with ``log(exposure)`` as offset.

    Parameters
    ----------
    counts
        Non-negative counts (e.g. young people with jeugdhulp per year).
    design
        Design matrix including the intercept column (DataFrame column names
        become the coefficient names).
    exposure
        Positive exposure per observation (e.g. population 0-18); the model is
        then for the rate counts/exposure.
    family
        ``"poisson"``: statsmodels GLM (IRLS). ``"negbin"``: NB2 with alpha
        estimated by maximum likelihood alternating with the GLM fit, the
        algorithm and standard-error convention of R's ``MASS::glm.nb``
        (:func:`_fit_negbin`); when the dispersion's maximum is at its boundary
        0 the fit is the Poisson GLM and ``method`` says so.

    Returns
    -------
    CountModelFit

    Raises
    ------
    VoortgangError
        For bad counts, exposure, family or a design of the wrong shape.
    """
    family = _check_family(family)
    y, labels = as_float_1d(counts, "counts")
    check_counts(y, "counts", labels)
    X = design if isinstance(design, pd.DataFrame) else pd.DataFrame(np.asarray(design, dtype=float))
    if X.ndim != 2 or X.shape[0] != y.size:
        raise VoortgangError(
            f"design: expected {y.size} rows (one per count), got shape {X.shape}"
        )
    X = X.astype(float)
    X.columns = [str(c) for c in X.columns]
    e, _ = _check_exposure(exposure, y.size)
    offset = None if e is None else np.log(e)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # An exact fit (e.g. counts exactly exp(a + b t)) triggers statsmodels'
        # separation warning; for a log-linear count model the estimate is
        # still identified, so the warning is not a failure.
        warnings.simplefilter("ignore", PerfectSeparationWarning)
        if family == "poisson":
            # Converge on the coefficients, not on the deviance's absolute
            # change (statsmodels' default, 1e-8), which stops early on large counts.
            res = sm.GLM(y, X, family=sm.families.Poisson(), offset=offset).fit(
                tol=1e-10, tol_criterion="params"
            )
            converged = bool(res.converged)
            params, bse = res.params, res.bse
            alpha = None
            deviance = float(res.deviance)
            pearson = float(res.pearson_chi2 / res.df_resid) if res.df_resid > 0 else None
            loglik, aic, df_resid = float(res.llf), float(res.aic), float(res.df_resid)
            method = "Poisson log-linear GLM (IRLS, statsmodels), Wald SEs"
        else:
            params, bse, alpha, loglik, converged, at_boundary = _fit_negbin(y, X, offset)
            deviance, pearson = None, None
            # k counts alpha too (R's glm.nb AIC), also when it sits at the boundary 0
            aic = -2 * loglik + 2 * (X.shape[1] + 1)
            df_resid = float(y.size - X.shape[1])
            if at_boundary:
                method = (
                    "negative binomial NB2: the maximum-likelihood dispersion is at its boundary "
                    "(alpha = 0, no overdispersion), so this is the Poisson log-linear GLM, as R's "
                    "MASS::glm.nb gives it (with a warning); Wald SEs"
                )
            else:
                method = (
                    "negative binomial NB2 (Var = mu + alpha mu^2), alpha by maximum likelihood "
                    "alternating with the GLM fit (R's MASS::glm.nb); Wald SEs with alpha held "
                    "fixed, as summary(glm.nb) reports them"
                )
    if offset is not None:
        method += "; log(exposure) offset"
    if any(issubclass(w.category, ConvergenceWarning) for w in caught):
        converged = False
    finite = np.all(np.isfinite(np.asarray(params))) and np.all(np.isfinite(np.asarray(bse)))
    return CountModelFit(
        params=pd.Series(np.asarray(params), index=X.columns),
        bse=pd.Series(np.asarray(bse), index=X.columns),
        deviance=deviance, df_resid=df_resid, loglik=loglik, aic=aic, alpha=alpha,
        pearson_dispersion=pearson, converged=converged and bool(finite),
        family=family, method=method,
    )


@dataclass(frozen=True)
class CountTrendResult:
    """Log-linear trend in a count or rate.

    Attributes
    ----------
    annual_change_pct
        ``100 * (exp(b) - 1)``: relative change in percent per unit of period
        (per year for yearly periods), not percentage points.
    ci_low, ci_high
        Wald interval on the log scale, transformed the same way (percent).
    z, p
        Wald statistic for b and its two-sided p-value.
    n
        Number of periods in the tested segment.
    family
        ``"poisson"`` or ``"negbin"``.
    alpha
        ML dispersion of the negative binomial (None for Poisson).
    pearson_dispersion
        Poisson only: Pearson chi-square / df; well above 1 means the Poisson
        p-value is too small and ``family="negbin"`` is the honest choice.
    trend, method, reason, segment_start, segment_end, break_at, n_excluded
        As in :class:`MannKendallResult`.
    """

    annual_change_pct: float | None
    ci_low: float | None
    ci_high: float | None
    z: float | None
    p: float | None
    n: int
    family: str
    trend: str
    method: str
    alpha: float | None = None
    pearson_dispersion: float | None = None
    confidence: float = 0.95
    reason: str | None = None
    segment_start: float | None = None
    segment_end: float | None = None
    break_at: float | None = None
    n_excluded: int = 0


def count_trend(
    counts: Sequence[float] | np.ndarray | pd.Series,
    periods: Sequence[float] | np.ndarray | pd.Series,
    exposure: Sequence[float] | np.ndarray | pd.Series | None = None,
    family: CountFamily = "poisson",
    breaks: Iterable[float] = (),
    *,
    significance: float = DEFAULT_SIGNIFICANCE,
    confidence: float = 0.95,
) -> CountTrendResult:
    """Trend in a count (or, with ``exposure``, a rate): log E[y] = a + b t + log e.

    Parameters
    ----------
    counts
        Counts per period; NaN is an error (drop the period explicitly).
    periods
        Period of each count (e.g. years); the change is per unit of period.
    exposure
        Positive offset per period (e.g. population 0-18), so the trend is in
        the rate counts / exposure; scaling it by a constant leaves the trend
        unchanged.
    family
        ``"poisson"`` or ``"negbin"`` (NB2, alpha by maximum likelihood).
    breaks
        Series breaks (periods); only the segment after the last one is tested.
    significance
        Two-sided level for calling a trend stijgend/dalend.
    confidence
        Level of the interval for the annual change.

    Returns
    -------
    CountTrendResult
        Estimate None with a reason when fewer than :data:`MIN_POINTS_TREND`
        periods are left, all counts are zero, all positive counts fall in the
        first or last period (the slope estimate is infinite), or the fit does
        not converge.

    Raises
    ------
    VoortgangError
        For NaN or negative counts, non-positive exposure, bad periods, breaks
        or family.
    """
    significance = _check_significance(significance)
    confidence = check_confidence(confidence)
    family = _check_family(family)
    y, labels = as_float_1d(counts, "counts")
    check_counts(y, "counts", labels)
    if periods is None:
        raise VoortgangError("periods: required for count_trend (e.g. the years)")
    t, _ = periods_or_positions(periods, y.size)
    e, _ = _check_exposure(exposure, y.size)
    order = np.argsort(t, kind="stable")
    y, t = y[order], t[order]
    e = None if e is None else e[order]
    seg = segment_after_breaks(t, breaks)
    y, t = y[seg.keep], t[seg.keep]
    e = None if e is None else e[seg.keep]
    start, end = _span(t)
    offset_text = "rate with log(exposure) offset" if e is not None else "count, no offset"
    method_base = (
        f"log-linear {family} trend in the {offset_text}; annual change = "
        f"100*(exp(b)-1) % per unit of period, Wald {confidence:.0%} CI on the log "
        "scale, two-sided Wald p"
    )
    common = dict(
        n=int(y.size), family=family, confidence=confidence, segment_start=start,
        segment_end=end, break_at=seg.break_at, n_excluded=seg.n_excluded,
    )
    undefined = dict(annual_change_pct=None, ci_low=None, ci_high=None, z=None, p=None)
    method = method_base + seg.describe()

    def _undefined(trend: str, reason: str) -> CountTrendResult:
        return CountTrendResult(**undefined, trend=trend, reason=reason, method=method, **common)

    if y.size < MIN_POINTS_TREND:
        return _undefined(
            TE_WEINIG_MEETPUNTEN,
            f"{y.size} period(s) in the tested segment; the trend needs at least "
            f"{MIN_POINTS_TREND}",
        )
    if y.sum() == 0:
        return _undefined(GEEN_TREND, "all counts in the tested segment are zero")
    positive = t[y > 0]
    if positive.max() == t.min() or positive.min() == t.max():
        return _undefined(
            GEEN_TREND,
            "all positive counts fall in the first or last period: the slope "
            "estimate is infinite",
        )
    design = pd.DataFrame({"const": 1.0, "period": t - t.mean()})
    fit = fit_count_glm(y, design, exposure=e, family=family)
    if not fit.converged:
        return _undefined(GEEN_TREND, f"the {family} fit did not converge")
    b, se = float(fit.params["period"]), float(fit.bse["period"])
    zq = stats.norm.ppf(0.5 + confidence / 2)
    z = b / se
    p = float(2 * stats.norm.sf(abs(z)))
    return CountTrendResult(
        annual_change_pct=100 * float(np.expm1(b)),
        ci_low=100 * float(np.expm1(b - zq * se)),
        ci_high=100 * float(np.expm1(b + zq * se)),
        z=float(z), p=p, trend=trend_word(p, b, significance),
        alpha=fit.alpha, pearson_dispersion=fit.pearson_dispersion,
        method=method_base + f"; {fit.method}" + seg.describe(), **common,
    )
