"""Funnel plots (Spiegelhalter 2005): control limits around a target proportion.

:func:`funnel_limits` gives the limits per denominator and coverage level;
:func:`flag_funnel_outliers` says which units (regions) lie outside them, for
comparing regions' proportions with the national proportion.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import stats

from analysis.errors import VoortgangError
from analysis.stats._validate import as_float_1d, check_counts

#: Position of a unit relative to the funnel (report words).
BOVEN: str = "boven"
ONDER: str = "onder"
BINNEN: str = "binnen"

#: Default funnel control limits: about 2 and 3 standard errors.
DEFAULT_FUNNEL_LEVELS: tuple[float, ...] = (0.95, 0.998)


# --------------------------------------------------------------------------
# Funnel plots (Spiegelhalter 2005)
# --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class FunnelLimits:
    """Control limits around a target proportion, per denominator and level.

    ``limits`` has one row per (denominator, level) with the columns
    ``denominator, level, lower, upper`` (proportions in [0, 1]).
    """

    target: float
    limits: pd.DataFrame
    method: str


def _check_levels(levels: Sequence[float]) -> tuple[float, ...]:
    lv, labels = as_float_1d(list(levels), "levels")
    if lv.size == 0:
        raise VoortgangError("levels: give at least one level, e.g. (0.95, 0.998)")
    bad = np.flatnonzero(~((lv > 0) & (lv < 1)))
    if bad.size:
        raise VoortgangError(
            f"levels[{labels[bad[0]]}] = {lv[bad[0]]:g} must be strictly between 0 and 1 "
            "(e.g. 0.998, not 99.8)"
        )
    return tuple(float(v) for v in lv)


def _check_target(proportion: float) -> float:
    p = float(proportion)
    if not 0.0 < p < 1.0:
        raise VoortgangError(
            f"proportion = {p:g} must be strictly between 0 and 1 (a proportion, not a percentage)"
        )
    return p


_FUNNEL_METHODS = {
    "exact": "Spiegelhalter (2005) exact binomial limits with interpolation: "
    "(r_q - a)/n, r_q the q-quantile of Bin(n, target), "
    "a = (F(r_q) - q) / (F(r_q) - F(r_q - 1))",
    "normal": "normal approximation target +/- z sqrt(target (1 - target) / n), clipped to [0, 1]",
}


def _limit(q: float, n: np.ndarray, target: float, method: str) -> np.ndarray:
    """Control limit at two-sided tail point ``q`` for denominators ``n``.

    Hand-written: no well-kept Python library provides funnel-plot limits;
    scipy supplies the binomial quantile and distribution function.
    """
    if method == "normal":
        return np.clip(target + stats.norm.ppf(q) * np.sqrt(target * (1 - target) / n), 0, 1)
    r = stats.binom.ppf(q, n, target)
    F_r = stats.binom.cdf(r, n, target)
    F_rm1 = stats.binom.cdf(r - 1, n, target)
    a = (F_r - q) / (F_r - F_rm1)
    return np.clip((r - a) / n, 0, 1)


def _check_denominators(
    denominators: Any, method: str, allow_zero: bool
) -> tuple[np.ndarray, list[Any]]:
    d, labels = as_float_1d(denominators, "denominators")
    check_counts(d, "denominators", labels)
    if not allow_zero:
        bad = np.flatnonzero(d == 0)
        if bad.size:
            raise VoortgangError(f"denominators[{labels[bad[0]]!r}] is 0; limits need n > 0")
    if method == "exact":
        bad = np.flatnonzero(d != np.round(d))
        if bad.size:
            raise VoortgangError(
                f"denominators[{labels[bad[0]]!r}] = {d[bad[0]]:g} is not a whole number; "
                "exact binomial limits need whole numbers (or use method='normal')"
            )
    return d, labels


def _check_method(method: str) -> str:
    if method not in _FUNNEL_METHODS:
        raise VoortgangError(f"method = {method!r}: expected one of {sorted(_FUNNEL_METHODS)}")
    return method


def funnel_limits(
    proportion: float,
    denominators: ArrayLike,
    levels: Sequence[float] = DEFAULT_FUNNEL_LEVELS,
    method: Literal["exact", "normal"] = "exact",
) -> FunnelLimits:
    """Funnel-plot control limits around a target (e.g. national) proportion.

    Parameters
    ----------
    proportion
        Target proportion in (0, 1), e.g. the national share.
    denominators
        Positive whole denominators (e.g. a grid 1..max for drawing the funnel).
    levels
        Two-sided coverage of each pair of limits (0.95 and 0.998 are about 2
        and 3 standard errors).
    method
        ``"exact"`` (default): Spiegelhalter's interpolated binomial limits;
        ``"normal"``: the normal approximation.

    Returns
    -------
    FunnelLimits
        Long table: denominator, level, lower, upper (proportions).

    Raises
    ------
    VoortgangError
        For a target outside (0, 1), bad levels, zero or negative denominators.
    """
    target = _check_target(proportion)
    method = _check_method(method)
    lv = _check_levels(levels)
    d, _ = _check_denominators(denominators, method, allow_zero=False)
    parts = [
        pd.DataFrame(
            {
                "denominator": d,
                "level": level,
                "lower": _limit((1 - level) / 2, d, target, method),
                "upper": _limit((1 + level) / 2, d, target, method),
            }
        )
        for level in lv
    ]
    return FunnelLimits(
        target=target, limits=pd.concat(parts, ignore_index=True), method=_FUNNEL_METHODS[method]
    )


@dataclass(frozen=True, eq=False)
class FunnelFlags:
    """Units (e.g. jeugdregio's) placed against the funnel limits.

    ``units`` has one row per unit (index: the labels of ``events`` if it was a
    Series) with ``events, denominator, observed`` (proportion), for each level
    ``lower_<pct>`` and ``upper_<pct>`` (e.g. ``lower_95``, ``upper_99.8``),
    ``beyond_level`` (the widest level whose limits the unit falls outside, NaN
    if none), ``direction`` (:data:`BOVEN`, :data:`ONDER`, :data:`BINNEN`, or
    None when the denominator is 0) and ``reason``.
    """

    target: float
    units: pd.DataFrame
    method: str


def _level_tag(level: float) -> str:
    return f"{100 * level:.10g}"


def flag_funnel_outliers(
    events: ArrayLike | pd.Series,
    denominators: ArrayLike | pd.Series,
    proportion: float | None = None,
    levels: Sequence[float] = DEFAULT_FUNNEL_LEVELS,
    method: Literal["exact", "normal"] = "exact",
) -> FunnelFlags:
    """Flag units whose proportion lies outside the funnel limits.

    Parameters
    ----------
    events, denominators
        Counts per unit (events <= denominators).
    proportion
        Target proportion in (0, 1), e.g. the national figure; default the
        pooled proportion sum(events) / sum(denominators).
    levels, method
        As in :func:`funnel_limits`.

    Returns
    -------
    FunnelFlags
        A unit is outside at a level when its observed proportion is strictly
        below the lower or strictly above the upper limit. A unit with
        denominator 0 has no proportion: its limits are NaN, ``direction`` is
        None and ``reason`` says why.

    Raises
    ------
    VoortgangError
        For NaN or negative counts, events larger than denominators, a target
        outside (0, 1) or bad levels.
    """
    method = _check_method(method)
    lv = _check_levels(levels)
    x, labels = as_float_1d(events, "events")
    check_counts(x, "events", labels)
    d, _ = _check_denominators(denominators, method, allow_zero=True)
    if x.size != d.size:
        raise VoortgangError(f"events has {x.size} elements but denominators has {d.size}")
    bad = np.flatnonzero(x > d)
    if bad.size:
        raise VoortgangError(
            f"events[{labels[bad[0]]!r}] = {x[bad[0]]:g} is larger than "
            f"denominators[{labels[bad[0]]!r}] = {d[bad[0]]:g}"
        )
    if proportion is None:
        if d.sum() == 0:
            raise VoortgangError("denominators: all zero, there is no pooled proportion")
        target = _check_target(x.sum() / d.sum())
        target_text = "target = pooled proportion of all units"
    else:
        target = _check_target(proportion)
        target_text = "target = given proportion"
    index = events.index if isinstance(events, pd.Series) else pd.RangeIndex(x.size)
    has_n = d > 0
    safe_d = np.where(has_n, d, 1.0)
    observed = np.where(has_n, x / safe_d, np.nan)
    out = pd.DataFrame({"events": x, "denominator": d, "observed": observed}, index=index)
    beyond = np.full(x.size, np.nan)
    direction = np.where(has_n, BINNEN, None).astype(object)
    for level in sorted(lv):
        lower = np.where(has_n, _limit((1 - level) / 2, safe_d, target, method), np.nan)
        upper = np.where(has_n, _limit((1 + level) / 2, safe_d, target, method), np.nan)
        out[f"lower_{_level_tag(level)}"] = lower
        out[f"upper_{_level_tag(level)}"] = upper
        above, below = observed > upper, observed < lower
        beyond = np.where(above | below, level, beyond)
        direction = np.where(above, BOVEN, np.where(below, ONDER, direction)).astype(object)
    out["beyond_level"] = beyond
    # object dtype keeps None (pandas' string dtype would turn it into NaN)
    out["direction"] = pd.Series(direction, index=index, dtype=object)
    out["reason"] = pd.Series(
        np.where(has_n, None, "denominator is 0: no proportion"), index=index, dtype=object
    )
    return FunnelFlags(
        target=target, units=out, method=f"{_FUNNEL_METHODS[method]}; {target_text}"
    )
