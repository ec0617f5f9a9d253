"""Many tests at once: corrected flags, deviations expected by chance, detectable differences.

When 42 jeugdregio's or hundreds of cells are tested together, some fall outside
any fixed limit by chance alone. :func:`adjust_pvalues` corrects the p-values of
one family of tests (Holm or Benjamini-Hochberg, pingouin's ``multicomp``) and
says how many deviations one would expect by chance without a correction;
:func:`detectable_difference` says which difference a unit of a given size could
have shown (power, pingouin's ``power_chi2``), so that "geen verschil" is never
read as "no difference exists".

Conventions: p-values and levels are probabilities in (0, 1]; proportions and
differences are proportions in [0, 1] (0.01 = 1 procentpunt).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pingouin as pg
from numpy.typing import ArrayLike
from scipy import stats

from analysis.errors import VoortgangError
from analysis.stats._validate import as_float_1d

#: The corrections offered, as pingouin names them, with their Dutch name for the report.
CORRECTIONS: dict[str, str] = {
    "holm": "Holm (familywise error rate)",
    "fdr_bh": "Benjamini-Hochberg (false discovery rate)",
    "none": "geen correctie",
}
Correction = Literal["holm", "fdr_bh", "none"]


@dataclass(frozen=True, eq=False)
class AdjustedTests:
    """One family of tests after correction.

    Attributes
    ----------
    p : ndarray
        The p-values as given (NaN where a test was undefined).
    p_adjusted : ndarray
        Corrected p-values (NaN where ``p`` is NaN).
    reject : ndarray of bool
        Flagged: corrected p below ``alpha`` (False where ``p`` is NaN).
    method : str
        Key of :data:`CORRECTIONS`.
    alpha : float
        Level of the family (familywise error rate for Holm, false discovery
        rate for Benjamini-Hochberg, per test without correction).
    m : int
        Number of tests in the family (defined p-values only).
    expected_by_chance : float
        ``m * alpha``: how many of the ``m`` tests would fall below ``alpha``
        by chance alone if there were no real differences and no correction.
    """

    p: np.ndarray
    p_adjusted: np.ndarray
    reject: np.ndarray
    method: str
    alpha: float
    m: int
    expected_by_chance: float

    @property
    def per_test_alpha(self) -> float:
        """The strictest level one test meets: ``alpha / m`` with a correction, ``alpha`` without.

        Holm's first step and Benjamini-Hochberg's smallest threshold are both
        ``alpha / m``; this is the level at which a single deviating unit
        among ``m`` is flagged (used for :func:`detectable_difference`).
        """
        if self.method == "none" or self.m <= 1:
            return self.alpha
        return self.alpha / self.m


def _check_alpha(alpha: float, name: str = "alpha") -> float:
    a = float(alpha)
    if not 0 < a < 1:
        raise VoortgangError(f"{name} = {a:g} must be strictly between 0 and 1 (a probability, e.g. 0.05)")
    return a


def adjust_pvalues(p: ArrayLike, method: Correction = "holm", alpha: float = 0.05) -> AdjustedTests:
    """Correct a family of p-values for multiple testing.

    Parameters
    ----------
    p : array-like of float
        One p-value per test, in [0, 1]; NaN for an undefined test (left out of
        the family and never flagged).
    method : {"holm", "fdr_bh", "none"}
        Holm's step-down (controls the chance of one or more false flags),
        Benjamini-Hochberg (controls the expected share of false flags among
        the flags) or no correction. ``params/analysis.yaml`` sets it.
    alpha : float
        Level of the family.

    Returns
    -------
    AdjustedTests

    Raises
    ------
    VoortgangError
        An unknown method, a level outside (0, 1), or a p-value outside [0, 1]
        (naming the element).

    Notes
    -----
    The corrected values are pingouin's ``multicomp`` (the same as R's
    ``p.adjust``, methods ``"holm"`` and ``"BH"``).
    """
    if method not in CORRECTIONS:
        raise VoortgangError(f"method = {method!r}: expected one of {', '.join(CORRECTIONS)}")
    alpha = _check_alpha(alpha)
    values, labels = as_float_1d(p, "p")
    bad = np.flatnonzero(~np.isnan(values) & ((values < 0) | (values > 1)))
    if bad.size:
        raise VoortgangError(f"p[{labels[bad[0]]!r}] = {values[bad[0]]:g} is not a probability in [0, 1]")
    defined = ~np.isnan(values)
    adjusted = np.full(values.shape, np.nan)
    if defined.any():
        if method == "none":
            adjusted[defined] = values[defined]
        else:
            _, corrected = pg.multicomp(values[defined], alpha=alpha, method=method)
            adjusted[defined] = np.asarray(corrected, dtype=float)
    reject = defined & (np.nan_to_num(adjusted, nan=1.0) < alpha)
    m = int(defined.sum())
    return AdjustedTests(p=values, p_adjusted=adjusted, reject=reject, method=method, alpha=alpha, m=m,
                         expected_by_chance=m * alpha)


def two_sided_p_from_z(z: ArrayLike) -> np.ndarray:
    """Two-sided normal p-values of z-scores (e.g. adjusted residuals); NaN stays NaN."""
    values, _ = as_float_1d(z, "z")
    return 2 * stats.norm.sf(np.abs(values))


def detectable_difference(proportion: float, n: float, alpha: float = 0.05, power: float = 0.8) -> float:
    """The smallest difference from ``proportion`` that a unit of ``n`` persons shows with ``power``.

    The two-sided test of one unit's proportion against a reference proportion
    (a chi-square goodness-of-fit test with 1 degree of freedom, equivalent to
    the normal test). pingouin's ``power_chi2`` gives Cohen's effect size ``w``
    for ``n``, ``alpha`` and ``power``; for two categories
    ``w = |d| / sqrt(p (1 - p))``, so the difference is ``w sqrt(p (1 - p))``.

    Parameters
    ----------
    proportion : float
        Reference proportion in (0, 1) (e.g. the national share).
    n : float
        Number of persons of the unit (> 0).
    alpha : float
        Level of the test (e.g. ``alpha / m`` when ``m`` units are tested).
    power : float
        Chance of finding a difference of this size (0.8 = 80%).

    Returns
    -------
    float
        The difference as a proportion (0.05 = 5 procentpunt), in either direction.

    Raises
    ------
    VoortgangError
        A proportion outside (0, 1), ``n`` not positive, or a level or power outside (0, 1).
    """
    p0 = float(proportion)
    if not 0 < p0 < 1:
        raise VoortgangError(f"proportion = {p0:g} must be strictly between 0 and 1")
    if not float(n) > 0 or math.isnan(float(n)):
        raise VoortgangError(f"n = {n!r} must be a positive number of persons")
    alpha = _check_alpha(alpha)
    power = _check_alpha(power, "power")
    w = float(pg.power_chi2(dof=1, n=float(n), power=power, alpha=alpha))
    return w * math.sqrt(p0 * (1 - p0))


def detectable_differences(proportion: float, ns: Sequence[float] | np.ndarray, alpha: float = 0.05,
                           power: float = 0.8) -> np.ndarray:
    """:func:`detectable_difference` for several unit sizes; NaN where ``n`` is 0 or missing."""
    sizes, _ = as_float_1d(ns, "ns")
    return np.array([detectable_difference(proportion, s, alpha, power) if s > 0 else np.nan
                     for s in np.nan_to_num(sizes, nan=0.0)])
