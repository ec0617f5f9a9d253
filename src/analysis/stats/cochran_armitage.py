"""Cochran-Armitage test for a trend in proportions (R's ``prop.trend.test`` convention).

The conventions of :mod:`analysis.stats.trend` hold: periods as numbers,
breaks respected (only the segment after the last break is tested),
two-sided p-values and the same trend words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis.errors import VoortgangError
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
    MIN_POINTS_TREND,
    TE_WEINIG_MEETPUNTEN,
    _check_significance,
    _span,
    trend_word,
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
