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

import math
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from analysis.errors import VoortgangError
from analysis.stats._validate import (
    Segment,
    as_float_1d,
    check_confidence,
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



def mann_kendall_min_points(significance: float = DEFAULT_SIGNIFICANCE) -> int:
    """The fewest points at which Mann-Kendall can reject at two-sided ``significance``.

    With n points and no ties the most extreme statistic is S = n(n-1)/2, with
    Var(S) = n(n-1)(2n+5)/18; its continuity-corrected two-sided p is the
    smallest p the test can give. At 0.05 that is n = 5 (n = 4 gives at best
    p = 0.089: "geen trend" would be certain whatever the data); at 0.01, n = 6.
    """
    significance = _check_significance(significance)
    n = 2
    while True:
        n += 1
        s_max = n * (n - 1) / 2
        z = (s_max - 1) / math.sqrt(n * (n - 1) * (2 * n + 5) / 18)
        if 2 * stats.norm.sf(z) < significance:
            return n


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
