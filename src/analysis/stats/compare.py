"""Comparisons between groups: changes, proportion differences, risk ratios.

Units are kept apart by name:

- :func:`relative_change` is a *relative* change in percent (``+10`` means 10 %
  higher than the reference);
- :func:`pp_difference` is a difference in *percentage points* between two
  proportions given in [0, 1];
- :func:`proportion_difference` reports ``diff`` as a difference of
  *proportions* (in [-1, 1]; multiply by 100 for percentage points).

Group comparisons (with / without jeugdhulp, region vs country) use the
order group 1 minus group 2, or group 1 over group 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
)

from analysis.errors import VoortgangError
from analysis.stats._validate import check_confidence, check_scalar_count


def relative_change(a: ArrayLike, b: ArrayLike) -> float | np.ndarray:
    """Relative change from ``a`` (reference) to ``b``, in percent.

    ``100 * (b - a) / a``. Element-wise for arrays.

    Parameters
    ----------
    a
        Reference value(s), e.g. the earlier year; any unit.
    b
        Compared value(s) in the same unit.

    Returns
    -------
    float or numpy.ndarray
        Percent (not percentage points). NaN where ``a`` is 0 (undefined).

    Raises
    ------
    VoortgangError
        If an argument is not numeric.
    """
    a_arr, b_arr = _numeric(a, "a"), _numeric(b, "b")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(a_arr == 0, np.nan, 100.0 * (b_arr - a_arr) / np.where(a_arr == 0, 1.0, a_arr))
    return float(out) if out.ndim == 0 else out


def pp_difference(p_a: ArrayLike, p_b: ArrayLike) -> float | np.ndarray:
    """Difference from proportion ``p_a`` to ``p_b`` in percentage points.

    ``100 * (p_b - p_a)``. Element-wise for arrays.

    Parameters
    ----------
    p_a, p_b
        Proportions in [0, 1] (not percentages).

    Returns
    -------
    float or numpy.ndarray
        Percentage points (e.g. 0.12 -> 0.15 gives 3.0).

    Raises
    ------
    VoortgangError
        If a value lies outside [0, 1] (a percentage passed by mistake).
    """
    pa, pb = _numeric(p_a, "p_a"), _numeric(p_b, "p_b")
    for name, arr in (("p_a", pa), ("p_b", pb)):
        bad = np.flatnonzero(~((arr >= 0) & (arr <= 1)) & ~np.isnan(arr))
        if bad.size:
            where = "" if arr.ndim == 0 else f"[{bad[0]}]"
            raise VoortgangError(
                f"{name}{where} = {arr.reshape(-1)[bad[0]]:g} is not a proportion in "
                "[0, 1]; pass proportions, not percentages"
            )
    out = 100.0 * (pb - pa)
    return float(out) if out.ndim == 0 else out


def _numeric(x: ArrayLike, name: str) -> np.ndarray:
    try:
        return np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise VoortgangError(f"{name}: expected numbers, got {type(x).__name__}") from None


def _pair(x: float, n: float, xname: str, nname: str) -> tuple[float, float]:
    """Validate one proportion's count ``x`` out of ``n`` (n > 0, 0 <= x <= n)."""
    xv, nv = check_scalar_count(x, xname), check_scalar_count(n, nname)
    if nv == 0:
        raise VoortgangError(f"{nname} is 0: a proportion needs a positive denominator")
    if xv > nv:
        raise VoortgangError(f"{xname} = {xv:g} is larger than {nname} = {nv:g}")
    return xv, nv


@dataclass(frozen=True)
class ProportionEstimate:
    """One proportion with its confidence interval (all in [0, 1])."""

    estimate: float
    ci_low: float
    ci_high: float
    x: float
    n: float
    confidence: float
    method: str


def wilson_interval(x: float, n: float, confidence: float = 0.95) -> ProportionEstimate:
    """Wilson score interval for the proportion ``x / n`` (no continuity correction).

    Parameters
    ----------
    x, n
        Count with the outcome and the denominator (n > 0).
    confidence
        Confidence level (proportion).

    Returns
    -------
    ProportionEstimate
        Proportions in [0, 1].

    Raises
    ------
    VoortgangError
        For negative or missing counts, ``n`` of 0 or ``x > n``.
    """
    confidence = check_confidence(confidence)
    xv, nv = _pair(x, n, "x", "n")
    lo, hi = proportion_confint(xv, nv, alpha=1 - confidence, method="wilson")
    return ProportionEstimate(
        estimate=xv / nv, ci_low=float(lo), ci_high=float(hi), x=xv, n=nv,
        confidence=confidence,
        method="Wilson score interval without continuity correction (statsmodels)",
    )


@dataclass(frozen=True)
class ProportionDifference:
    """Difference of two independent proportions, ``p1 - p2``.

    Attributes
    ----------
    diff, ci_low, ci_high
        Difference of proportions in [-1, 1] (x100 = percentage points) and
        its confidence interval.
    p1, p2
        The two proportions.
    z, p
        Pooled two-proportion z-test (= Pearson chi-square without continuity
        correction, R ``prop.test(correct = FALSE)``); None when both
        proportions are 0 or both are 1 (see ``reason``).
    """

    diff: float
    ci_low: float
    ci_high: float
    p1: float
    p2: float
    n1: float
    n2: float
    z: float | None
    p: float | None
    confidence: float
    method: str
    reason: str | None = None


_DIFF_METHODS = {
    "newcombe": ("newcomb", "Newcombe (1998) hybrid score interval, method 10 (Wilson "
                 "intervals combined, no continuity correction; statsmodels 'newcomb')"),
    "wald": ("wald", "Wald interval p1 - p2 +/- z sqrt(p1(1-p1)/n1 + p2(1-p2)/n2) (statsmodels)"),
}


def proportion_difference(
    x1: float,
    n1: float,
    x2: float,
    n2: float,
    method: Literal["newcombe", "wald"] = "newcombe",
    confidence: float = 0.95,
) -> ProportionDifference:
    """Difference ``x1/n1 - x2/n2`` of two independent proportions with a CI.

    Parameters
    ----------
    x1, n1
        Count with the outcome and denominator in group 1.
    x2, n2
        The same for group 2 (the reference, e.g. the country).
    method
        ``"newcombe"`` (default; Newcombe's hybrid score interval) or ``"wald"``.
    confidence
        Confidence level (proportion).

    Returns
    -------
    ProportionDifference
        ``diff`` in proportion units; the test is the pooled z-test.

    Raises
    ------
    VoortgangError
        For negative or missing counts, a zero denominator, ``x > n`` or an
        unknown method.
    """
    confidence = check_confidence(confidence)
    if method not in _DIFF_METHODS:
        raise VoortgangError(f"method = {method!r}: expected one of {sorted(_DIFF_METHODS)}")
    a1, m1 = _pair(x1, n1, "x1", "n1")
    a2, m2 = _pair(x2, n2, "x2", "n2")
    sm_method, text = _DIFF_METHODS[method]
    lo, hi = confint_proportions_2indep(
        a1, m1, a2, m2, method=sm_method, compare="diff", alpha=1 - confidence
    )
    pooled = (a1 + a2) / (m1 + m2)
    z = p = None
    reason = None
    if 0 < pooled < 1:
        zstat, pval = proportions_ztest([a1, a2], [m1, m2])
        z, p = float(zstat), float(pval)
    else:
        reason = f"pooled proportion is {pooled:g}: the z-test is undefined"
    return ProportionDifference(
        diff=a1 / m1 - a2 / m2, ci_low=float(lo), ci_high=float(hi),
        p1=a1 / m1, p2=a2 / m2, n1=m1, n2=m2, z=z, p=p, confidence=confidence,
        method=f"p1 - p2; {text}; pooled two-proportion z-test, two-sided",
        reason=reason,
    )


@dataclass(frozen=True)
class RiskRatio:
    """Ratio of two proportions ``(x1/n1) / (x2/n2)``.

    Attributes
    ----------
    ratio
        The risk ratio (None when both proportions are 0).
    ci_low, ci_high
        Interval ``exp(log RR +/- z SE)``, ``SE = sqrt(1/x1 - 1/n1 + 1/x2 - 1/n2)``
        (Katz log method); None when a count is 0 (see ``reason``).
    z, p
        Wald test of log RR = 0, two-sided; None when a count is 0.
    """

    ratio: float | None
    ci_low: float | None
    ci_high: float | None
    z: float | None
    p: float | None
    p1: float
    p2: float
    confidence: float
    method: str
    reason: str | None = None


def risk_ratio(
    x1: float, n1: float, x2: float, n2: float, confidence: float = 0.95
) -> RiskRatio:
    """Risk ratio of group 1 over group 2 with a log-scale (Katz) interval.

    Parameters
    ----------
    x1, n1, x2, n2
        Counts with the outcome and denominators of group 1 and group 2.
    confidence
        Confidence level (proportion).

    Returns
    -------
    RiskRatio
        With a zero count the log-scale SE is infinite: the ratio is reported
        (0 or None) but the interval and test are None, with a reason. No 0.5
        is added silently.

    Raises
    ------
    VoortgangError
        For negative or missing counts, a zero denominator or ``x > n``.
    """
    confidence = check_confidence(confidence)
    a1, m1 = _pair(x1, n1, "x1", "n1")
    a2, m2 = _pair(x2, n2, "x2", "n2")
    p1, p2 = a1 / m1, a2 / m2
    method = "risk ratio p1 / p2, Katz log interval (statsmodels 'log'), Wald z on log scale"
    if a1 == 0 or a2 == 0:
        ratio = None if a2 == 0 else 0.0
        zero = " and ".join(name for name, v in (("x1", a1), ("x2", a2)) if v == 0)
        return RiskRatio(
            ratio=ratio, ci_low=None, ci_high=None, z=None, p=None, p1=p1, p2=p2,
            confidence=confidence, method=method,
            reason=f"{zero} {'are' if a1 == a2 == 0 else 'is'} 0: the log risk ratio "
            "has no finite standard error",
        )
    lo, hi = confint_proportions_2indep(
        a1, m1, a2, m2, method="log", compare="ratio", alpha=1 - confidence
    )
    se = np.sqrt(1 / a1 - 1 / m1 + 1 / a2 - 1 / m2)
    log_rr = np.log(p1 / p2)
    if se == 0:
        return RiskRatio(
            ratio=p1 / p2, ci_low=None, ci_high=None, z=None, p=None, p1=p1, p2=p2,
            confidence=confidence, method=method,
            reason="both proportions are 1: the standard error is 0",
        )
    z = float(log_rr / se)
    return RiskRatio(
        ratio=p1 / p2, ci_low=float(lo), ci_high=float(hi), z=z,
        p=float(2 * stats.norm.sf(abs(z))), p1=p1, p2=p2, confidence=confidence,
        method=method,
    )
