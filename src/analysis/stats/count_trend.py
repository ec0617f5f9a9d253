"""Log-linear trends in counts and rates: Poisson and negative-binomial GLMs.

:func:`count_trend` tests the trend of a count (or, with an exposure, a rate)
over the periods of a series; :func:`fit_count_glm` is the model behind it. The
negative binomial follows R's ``MASS::glm.nb`` (the dispersion by maximum
likelihood alternating with the GLM fit, standard errors with it fixed, the
Poisson fit when the dispersion is at its boundary 0). The conventions of
:mod:`analysis.stats.trend` hold.
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
    as_float_1d,
    check_confidence,
    check_counts,
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

CountFamily = Literal["poisson", "negbin"]


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
