"""Multiple testing and power (analysis.stats.multiple): hand-computed and published values.

Holm and Benjamini-Hochberg on five p-values are computed by hand below; the
sample sizes for Cohen's w are those of Cohen (1988), *Statistical Power
Analysis for the Behavioral Sciences*, 2nd ed., table 7.4.6 (u = 1, a = .05,
power .80: w = .10 -> n = 785, w = .30 -> 87, w = .50 -> 31).
"""

from __future__ import annotations

import math

import numpy as np
import pingouin as pg
import pytest

from analysis.errors import VoortgangError
from analysis.stats.multiple import (
    adjust_pvalues,
    detectable_difference,
    detectable_differences,
    two_sided_p_from_z,
)

P = [0.01, 0.02, 0.03, 0.04, 0.05]


def test_holm_by_hand():
    # sorted p times (m - rank + 1): .05, .08, .09, .08, .05; running maximum: .05, .08, .09, .09, .09
    r = adjust_pvalues(P, "holm", alpha=0.05)
    assert r.p_adjusted == pytest.approx([0.05, 0.08, 0.09, 0.09, 0.09])
    assert not r.reject.any()  # .05 is not below .05
    assert r.m == 5 and r.expected_by_chance == pytest.approx(0.25)  # 5 x 0.05
    assert r.per_test_alpha == pytest.approx(0.01)  # 0.05 / 5


def test_benjamini_hochberg_by_hand():
    # p_(i) m / i from the largest down, running minimum: .05, .05, .05, .05, .05
    r = adjust_pvalues(P, "fdr_bh", alpha=0.06)
    assert r.p_adjusted == pytest.approx([0.05] * 5)
    assert r.reject.all()


def test_holm_flags_only_what_survives_the_correction():
    # 0.001 x 3 = 0.003 < .05; 0.02 x 2 = 0.04 < .05; 0.04 x 1 = 0.04 -> max(.04, .04) = .04 < .05
    r = adjust_pvalues([0.04, 0.001, 0.02], "holm", alpha=0.05)
    assert r.p_adjusted == pytest.approx([0.04, 0.003, 0.04])
    assert r.reject.tolist() == [True, True, True]
    r = adjust_pvalues([0.04, 0.001, 0.03], "holm", alpha=0.05)  # 0.03 x 2 = 0.06: stops there
    assert r.reject.tolist() == [False, True, False]


def test_undefined_tests_are_left_out_of_the_family():
    r = adjust_pvalues([0.01, float("nan"), 0.02], "holm", alpha=0.05)
    assert r.m == 2
    assert r.p_adjusted[0] == pytest.approx(0.02) and math.isnan(r.p_adjusted[1])  # 0.01 x 2
    assert r.reject.tolist() == [True, False, True]  # 0.02 x 1 = 0.02


def test_without_correction_the_p_values_stay_and_the_expected_count_is_m_alpha():
    r = adjust_pvalues([0.01] * 42, "none", alpha=0.05)
    assert r.reject.all() and r.expected_by_chance == pytest.approx(2.1)  # 42 x 0.05
    assert r.per_test_alpha == 0.05


@pytest.mark.parametrize("bad, message", [
    (dict(p=[1.2]), "p[0] = 1.2 is not a probability"),
    (dict(p=[0.1], alpha=5), "alpha = 5 must be strictly between 0 and 1"),
    (dict(p=[0.1], method="bonf"), "method = 'bonf': expected one of holm, fdr_bh, none"),
])
def test_bad_input_names_the_argument(bad, message):
    with pytest.raises(VoortgangError, match=message.replace("[", r"\[").replace("]", r"\]")):
        adjust_pvalues(**bad)


def test_two_sided_p_of_a_z_score():
    # 2 (1 - Phi(1.959964)) = 0.05
    assert two_sided_p_from_z([1.959964, -1.959964]) == pytest.approx([0.05, 0.05], abs=1e-6)


@pytest.mark.parametrize("w, n", [(0.10, 785), (0.30, 87), (0.50, 31)])
def test_pingouin_power_chi2_gives_cohens_table(w, n):
    assert round(pg.power_chi2(dof=1, w=w, power=0.8, alpha=0.05)) == n


def test_detectable_difference_by_hand():
    # normal approximation: d = (z_.975 + z_.80) sqrt(p (1 - p) / n) = (1.959964 + 0.841621) x 0.5 / 10 = 0.140079
    assert detectable_difference(0.5, 100, alpha=0.05, power=0.8) == pytest.approx(0.140079, abs=1e-4)
    # p = 0.1, n = 2500: 2.801585 x 0.3 / 50 = 0.016810
    assert detectable_difference(0.1, 2500) == pytest.approx(0.016810, abs=1e-5)


def test_a_stricter_level_needs_a_larger_difference():
    assert detectable_difference(0.1, 2500, alpha=0.05 / 42) > detectable_difference(0.1, 2500, alpha=0.05)


def test_detectable_differences_leaves_empty_units_out():
    out = detectable_differences(0.5, [100, 0])
    assert out[0] == pytest.approx(0.140079, abs=1e-4) and np.isnan(out[1])


@pytest.mark.parametrize("args, message", [
    ((0.0, 100), "proportion = 0 must be strictly between 0 and 1"),
    ((0.5, 0), "n = 0 must be a positive number"),
    ((0.5, 100, 0.05, 1.0), "power = 1 must be strictly between 0 and 1"),
])
def test_detectable_difference_refuses_bad_arguments(args, message):
    with pytest.raises(VoortgangError, match=message):
        detectable_difference(*args)
