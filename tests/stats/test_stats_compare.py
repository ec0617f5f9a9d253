"""analysis.stats.compare: hand calculations, properties and bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.errors import VoortgangError
from analysis.stats.compare import (
    pp_difference,
    proportion_difference,
    relative_change,
    risk_ratio,
    wilson_interval,
)

Z975 = 1.959963984540054  # standard normal 0.975 quantile


def test_relative_change_is_percent_of_the_reference():
    assert relative_change(100, 110) == pytest.approx(10.0)
    assert relative_change(200, 150) == pytest.approx(-25.0)
    assert math.isnan(relative_change(0, 5))
    out = relative_change([100, 0, 50], [110, 3, 25])
    assert out[0] == pytest.approx(10.0) and math.isnan(out[1]) and out[2] == pytest.approx(-50.0)


def test_pp_difference_is_in_percentage_points():
    assert pp_difference(0.12, 0.15) == pytest.approx(3.0)
    assert pp_difference(np.array([0.5, 0.2]), np.array([0.4, 0.2])) == pytest.approx([-10.0, 0.0])
    # the same two proportions as a relative change: +25 %, not 3
    assert relative_change(0.12, 0.15) == pytest.approx(25.0)


def test_pp_difference_rejects_percentages():
    with pytest.raises(VoortgangError, match=r"p_a = 12 is not a proportion in \[0, 1\]"):
        pp_difference(12, 15)
    with pytest.raises(VoortgangError, match=r"p_b\[1\] = 1.5 is not a proportion"):
        pp_difference([0.1, 0.2], [0.1, 1.5])


def test_proportion_difference_wald_hand_calculation():
    se = math.sqrt(0.8 * 0.2 / 70 + 0.6 * 0.4 / 80)
    r = proportion_difference(56, 70, 48, 80, method="wald")
    assert r.diff == pytest.approx(0.2)
    assert r.ci_low == pytest.approx(0.2 - Z975 * se)
    assert r.ci_high == pytest.approx(0.2 + Z975 * se)


def test_proportion_difference_pooled_z_test_hand_calculation():
    pooled = 104 / 150
    z = 0.2 / math.sqrt(pooled * (1 - pooled) * (1 / 70 + 1 / 80))
    r = proportion_difference(56, 70, 48, 80)
    assert r.z == pytest.approx(z)
    assert r.p == pytest.approx(math.erfc(z / math.sqrt(2)))


def test_proportion_difference_no_events_anywhere():
    r = proportion_difference(0, 10, 0, 12)
    assert r.diff == 0.0 and r.z is None and r.p is None
    assert "pooled proportion is 0" in r.reason
    assert r.ci_low < 0 < r.ci_high  # the Newcombe interval is still defined


counts = st.integers(min_value=1, max_value=500).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
)


@given(counts, counts)
def test_newcombe_contains_the_difference_and_swaps_sign(g1, g2):
    (x1, n1), (x2, n2) = g1, g2
    r = proportion_difference(x1, n1, x2, n2)
    s = proportion_difference(x2, n2, x1, n1)
    assert r.ci_low - 1e-12 <= r.diff <= r.ci_high + 1e-12
    assert s.ci_low == pytest.approx(-r.ci_high, abs=1e-9)
    assert s.ci_high == pytest.approx(-r.ci_low, abs=1e-9)


@given(counts)
def test_wilson_contains_the_estimate(g):
    x, n = g
    r = wilson_interval(x, n)
    eps = 1e-12  # statsmodels returns 0.9999999999999999 for x = n
    assert 0 <= r.ci_low <= r.estimate + eps
    assert r.estimate <= r.ci_high + eps and r.ci_high <= 1


def test_wilson_zero_events_hand_calculation():
    # x = 0: lower limit 0, upper limit z^2 / (n + z^2)
    r = wilson_interval(0, 10)
    assert r.ci_low == pytest.approx(0.0, abs=1e-12)
    assert r.ci_high == pytest.approx(Z975**2 / (10 + Z975**2))


def test_risk_ratio_hand_calculation():
    se = math.sqrt(1 / 20 - 1 / 100 + 1 / 10 - 1 / 100)
    r = risk_ratio(20, 100, 10, 100)
    assert r.ratio == pytest.approx(2.0)
    assert r.ci_low == pytest.approx(2 * math.exp(-Z975 * se))
    assert r.ci_high == pytest.approx(2 * math.exp(Z975 * se))
    assert r.z == pytest.approx(math.log(2) / se)


def test_risk_ratio_with_a_zero_count_has_no_interval():
    r = risk_ratio(0, 50, 4, 50)
    assert r.ratio == 0.0 and r.ci_low is None and r.p is None
    assert "x1 is 0" in r.reason
    both = risk_ratio(0, 50, 0, 40)
    assert both.ratio is None and "x1 and x2 are 0" in both.reason


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: proportion_difference(11, 10, 3, 10), "x1 = 11 is larger than n1 = 10"),
        (lambda: proportion_difference(1, 10, 3, 0), "n2 is 0"),
        (lambda: proportion_difference(-1, 10, 3, 10), "x1 = -1 must be a finite count >= 0"),
        (lambda: proportion_difference(1, 10, math.nan, 10), "x2 is missing (NaN)"),
        (lambda: proportion_difference(1, 10, 3, 10, method="score"), "method = 'score'"),
        (lambda: proportion_difference(1, 10, 3, 10, confidence=95), "confidence = 95"),
        (lambda: wilson_interval(3, 0), "n is 0"),
        (lambda: risk_ratio(5, 10, 12, 10), "x2 = 12 is larger than n2 = 10"),
        (lambda: relative_change("a", 1), "a: expected numbers"),
    ],
)
def test_compare_bad_input(call, message):
    with pytest.raises(VoortgangError) as exc:
        call()
    assert message in str(exc.value)
