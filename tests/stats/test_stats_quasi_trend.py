"""Quasi-Poisson and quasi-binomial trends, checked by hand on designs with a closed form.

With a binary covariate a Poisson or logistic GLM fits each group's pooled mean,
so slope, standard error and Pearson's chi-square can be written out:

- counts 8, 16 (x = 0) and 18, 26 (x = 1): group means 12 and 22, b = ln(22/12) =
  0.606136; ML se = sqrt(1/24 + 1/44) = 0.253760 (24 and 44 the group sums);
  X^2 = (4^2 + 4^2)/12 + (4^2 + 4^2)/22 = 4.121212 on 2 df, phi = 2.060606;
  quasi se = 0.253760 * sqrt(2.060606) = 0.364267, t = 1.663986; with 2 df the
  two-sided p is 1 - t/sqrt(2 + t^2) = 0.238021.
- counts 10, 14 and 20, 24: the same means, X^2 = 2*(4/12) + 2*(4/22) = 1.030303,
  phi = 0.515152 is raised to 1: se = 0.253760, t = 2.388620, p = 0.139509.
- proportions 2/10, 4/10 (x = 0) and 6/10, 8/10 (x = 1): pooled 6/20 = 0.3 and
  14/20 = 0.7, b = logit(0.7) - logit(0.3) = 1.694596; ML se = sqrt(1/6 + 1/14 +
  1/14 + 1/6) = 0.690066; X^2 = 4 * 1^2 / (10 * 0.3 * 0.7) = 1.904762, phi = 0.952381
  raised to 1; t = 2.455683, p = 1 - t/sqrt(2 + t^2) = 0.133429.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from analysis.errors import VoortgangError
from analysis.stats.quasi_trend import quasi_binomial_trend, quasi_glm_slope, quasi_poisson_trend

BINARY = np.column_stack([np.ones(4), [0.0, 0.0, 1.0, 1.0]])


def test_quasi_poisson_with_overdispersion_by_hand():
    b, se, phi, estimate, df = quasi_glm_slope(np.array([8.0, 16.0, 18.0, 26.0]), BINARY, "quasipoisson")
    assert b == pytest.approx(math.log(22 / 12), abs=1e-6)
    assert estimate == pytest.approx(4.121212 / 2, abs=1e-6) and phi == estimate and df == 2
    assert se == pytest.approx(0.364267, abs=1e-6)


def test_quasi_poisson_never_below_the_poisson_error():
    b, se, phi, estimate, df = quasi_glm_slope(np.array([10.0, 14.0, 20.0, 24.0]), BINARY, "quasipoisson")
    assert estimate == pytest.approx(0.515152, abs=1e-6) and phi == 1.0
    assert se == pytest.approx(0.253760, abs=1e-6)


def test_quasi_binomial_by_hand():
    endog = np.array([[2.0, 8.0], [4.0, 6.0], [6.0, 4.0], [8.0, 2.0]])
    b, se, phi, estimate, df = quasi_glm_slope(endog, BINARY, "quasibinomial")
    assert b == pytest.approx(2 * math.log(7 / 3), abs=1e-6)
    assert estimate == pytest.approx(1.904762 / 2, abs=1e-6) and phi == 1.0
    assert se == pytest.approx(0.690066, abs=1e-6)


def test_t_distribution_with_n_minus_2_df():
    # the p-values above for t with 2 df: 1 - t / sqrt(2 + t^2)
    from scipy import stats

    for t, p in ((1.663986, 0.238021), (2.388620, 0.139509), (2.455683, 0.133429)):
        assert 2 * stats.t.sf(t, 2) == pytest.approx(p, abs=1e-6)


def test_a_steady_rise_of_whole_population_counts_is_a_trend():
    # VGR 4 l.464: jeugdhulp met verblijf 18-23 jaar 1.665, 2.085, 2.185, 2.955 (2016-2019)
    r = quasi_poisson_trend([1665, 2085, 2185, 2955], [2016, 2017, 2018, 2019])
    assert r.trend == "stijgend" and r.df == 2 and r.n == 4
    assert r.dispersion >= 1 and r.p < 0.05
    # 2 points leave no degrees of freedom for the dispersion
    assert quasi_poisson_trend([1665, 2085], [2016, 2017]).trend == "te weinig meetpunten"


def test_the_segment_after_a_break_is_tested():
    r = quasi_poisson_trend([100, 110, 120, 500, 510, 530], [2016, 2017, 2018, 2019, 2020, 2021], breaks=[2019])
    assert (r.n, r.n_excluded, r.break_at) == (3, 3, 2019.0)


def test_quasi_binomial_trend_inputs_are_checked():
    with pytest.raises(VoortgangError, match=r"successes\[.*\] = 12 is larger than totals"):
        quasi_binomial_trend([12, 3, 4], [10, 10, 10], [2017, 2018, 2019])
    r = quasi_binomial_trend([20, 30, 40, 50], [100, 100, 100, 100], [2016, 2017, 2018, 2019])
    assert r.trend == "stijgend" and r.family == "quasibinomial"
