"""Which regions (units) deviate, honestly: funnel positions, corrected tests, detectable differences, trends.

- :func:`funnel_flags`: each unit's position against the funnel limits around a
  target proportion (:func:`analysis.stats.funnel.flag_funnel_outliers`); the
  funnel plot stays the primary view.
- :func:`funnel_tests`: the same units tested against the target (exact
  binomial, two-sided), corrected as one family (``correction`` and
  ``family_alpha`` of ``params/analysis.yaml``), with, per unit, the difference
  it could have shown with ``power`` at the level of one test in the family
  (:func:`analysis.stats.multiple.detectable_difference`): beside every
  "geen verschil".
- :func:`stratum_trends`: per stratum (region, age group, ...) the
  Cochran-Armitage trend over the periods, corrected over the strata.

Proportions in [0, 1]; the text layer turns them into percentages and procentpunt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis.errors import VoortgangError
from analysis.stats.cochran_armitage import cochran_armitage
from analysis.stats.funnel import flag_funnel_outliers
from analysis.stats.multiple import AdjustedTests, Correction, adjust_pvalues, detectable_differences
from analysis.stats.trend import DALEND, GEEN_TREND, STIJGEND, TE_WEINIG_MEETPUNTEN


def _check_counts(frame: pd.DataFrame, columns: Sequence[str], numerator: str, denominator: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise VoortgangError(f"frame: column(s) {', '.join(map(repr, missing))} not found")
    num = frame[numerator].to_numpy(float)
    den = frame[denominator].to_numpy(float)
    if (bad := np.isnan(num) | np.isnan(den) | (num < 0) | (num > den)).any():
        raise VoortgangError(
            f"frame: {int(bad.sum())} row(s) with {numerator!r} missing, negative or above {denominator!r}"
        )


def funnel_flags(frame: pd.DataFrame, unit: str, numerator: str, denominator: str,
                 levels: Sequence[float], proportion: float | None = None) -> pd.DataFrame:
    """Position of each unit against the funnel limits around ``proportion``.

    Parameters
    ----------
    frame : DataFrame
        One row per unit with counts.
    unit, numerator, denominator : str
        Columns.
    levels : sequence of float
        Two-sided coverage of the limits (``funnel_levels`` of ``params/analysis.yaml``).
    proportion : float, optional
        Target proportion in (0, 1); default the pooled proportion of all units
        (= the national one when the units cover the country).

    Returns
    -------
    DataFrame
        Indexed by unit: ``observed`` (proportion), ``beyond_level`` (widest
        level crossed, NaN if none), ``direction`` (``boven``/``onder``/``binnen``)
        and the limits (see :func:`analysis.stats.funnel.flag_funnel_outliers`).
    """
    events = pd.Series(frame[numerator].to_numpy(), index=frame[unit].astype(str).to_numpy())
    flags = flag_funnel_outliers(events, frame[denominator].to_numpy(), proportion=proportion, levels=levels)
    return flags.units


@dataclass(frozen=True, eq=False)
class UnitTests:
    """Units tested against a target proportion, corrected as one family.

    Attributes
    ----------
    table : DataFrame
        One row per unit (in the order given): ``unit``, ``numerator``,
        ``denominator``, ``observed`` (proportion; NaN without persons), ``p``
        (exact binomial, two-sided), ``p_adjusted``, ``afwijking``
        (``"hoger"``, ``"lager"`` or ``""``, after the correction) and
        ``detectable`` (the difference, as a proportion, that a unit of this
        size finds with ``power`` at :attr:`AdjustedTests.per_test_alpha`).
    target : float
        The proportion tested against.
    tests : AdjustedTests
    power : float
    """

    table: pd.DataFrame
    target: float
    tests: AdjustedTests
    power: float


def funnel_tests(frame: pd.DataFrame, unit: str, numerator: str, denominator: str, *, proportion: float,
                 correction: Correction, alpha: float, power: float) -> UnitTests:
    """Test every unit's proportion against ``proportion``, corrected for the number of units.

    Parameters
    ----------
    frame : DataFrame
        One row per unit with counts (``numerator <= denominator``).
    unit, numerator, denominator : str
        Columns.
    proportion : float
        Target in (0, 1) (the national or the network's proportion).
    correction, alpha : str, float
        ``correction`` and ``family_alpha`` of ``params/analysis.yaml``.
    power : float
        ``power`` of ``params/analysis.yaml`` (for the detectable difference).

    Returns
    -------
    UnitTests
        Units without persons get no test (NaN p-value, never flagged).

    Raises
    ------
    VoortgangError
        A missing column, or a numerator missing, negative or above its denominator.

    Notes
    -----
    The exact two-sided binomial test is scipy's ``binomtest`` (p-value by
    summing the probabilities not above that of the observed count, as R's
    ``binom.test``). The detectable difference uses the normal approximation
    of :func:`analysis.stats.multiple.detectable_difference`.
    """
    _check_counts(frame, (unit, numerator, denominator), numerator, denominator)
    if not 0 < float(proportion) < 1:
        raise VoortgangError(f"proportion = {proportion:g} must be strictly between 0 and 1")
    num = frame[numerator].to_numpy("int64")
    den = frame[denominator].to_numpy("int64")
    p = np.array([stats.binomtest(int(x), int(n), float(proportion)).pvalue if n > 0 else np.nan
                  for x, n in zip(num, den)])
    tests = adjust_pvalues(p, correction, alpha)
    observed = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
    direction = np.where(tests.reject & (observed > proportion), "hoger",
                         np.where(tests.reject & (observed < proportion), "lager", ""))
    table = pd.DataFrame({
        "unit": frame[unit].astype(str).to_numpy(),
        "numerator": num,
        "denominator": den,
        "observed": observed,
        "p": tests.p,
        "p_adjusted": tests.p_adjusted,
        "afwijking": direction,
        "detectable": detectable_differences(float(proportion), den, tests.per_test_alpha, power),
    })
    return UnitTests(table=table, target=float(proportion), tests=tests, power=power)


def stratum_trends(frame: pd.DataFrame, strata: Sequence[str], numerator: str, denominator: str, *,
                   period: str = "period", correction: Correction, alpha: float) -> tuple[pd.DataFrame, AdjustedTests]:
    """Per stratum: the Cochran-Armitage trend over the periods, corrected over the strata.

    Parameters
    ----------
    frame : DataFrame
        One row per stratum and period with counts.
    strata : sequence of str
        Stratum columns.
    numerator, denominator : str
        Count columns.
    period : str
        Column of period positions (numbers: years, or half-years as
        :func:`analysis.inputs.periods.period_position` gives them); the scores
        of the test.
    correction, alpha
        ``correction`` and ``family_alpha`` of ``params/analysis.yaml``.

    Returns
    -------
    (DataFrame, AdjustedTests)
        Per stratum: the stratum columns, ``periods`` (number tested), ``slope``
        (change of the proportion per period unit), ``z``, ``p``,
        ``p_adjusted`` and ``trend`` (:data:`~analysis.stats.trend.STIJGEND`,
        :data:`~analysis.stats.trend.DALEND`, :data:`~analysis.stats.trend.GEEN_TREND`
        after the correction, or :data:`~analysis.stats.trend.TE_WEINIG_MEETPUNTEN`).

    Raises
    ------
    VoortgangError
        A missing column or bad counts.
    """
    strata = [strata] if isinstance(strata, str) else list(strata)
    _check_counts(frame, (*strata, period, numerator, denominator), numerator, denominator)
    rows = []
    for key, group in frame.groupby(strata, sort=True, observed=True):
        key = key if isinstance(key, tuple) else (key,)
        group = group.sort_values(period)
        if group[denominator].sum() == 0:
            continue
        r = cochran_armitage(group[numerator].to_numpy(float), group[denominator].to_numpy(float),
                             periods=group[period].to_numpy(float))
        rows.append({**dict(zip(strata, key)), "periods": r.k, "slope": r.slope, "z": r.z,
                     "p": np.nan if r.p is None else r.p, "defined": r.p is not None, "reason": r.trend})
    out = pd.DataFrame(rows, columns=[*strata, "periods", "slope", "z", "p", "defined", "reason"])
    tests = adjust_pvalues(out["p"].to_numpy(float), correction, alpha)
    z = out["z"].to_numpy(float)
    trend = np.where(tests.reject & (z > 0), STIJGEND, np.where(tests.reject & (z < 0), DALEND, GEEN_TREND))
    trend = np.where(out["reason"].to_numpy() == TE_WEINIG_MEETPUNTEN, TE_WEINIG_MEETPUNTEN, trend)
    out = out.assign(p_adjusted=tests.p_adjusted, trend=trend).drop(columns=["defined", "reason"])
    return out, tests
