"""analysis.stats.trend: properties, hand calculations, breaks, degenerate and bad input."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.errors import VoortgangError
from analysis.stats.cochran_armitage import cochran_armitage
from analysis.stats.count_trend import count_trend, fit_count_glm
from analysis.stats.trend import (
    DALEND,
    GEEN_TREND,
    STIJGEND,
    TE_WEINIG_MEETPUNTEN,
    mann_kendall,
    mann_kendall_many,
)

# --------------------------------------------------------------------------
# Mann-Kendall: properties
# --------------------------------------------------------------------------

small_ints = st.integers(min_value=0, max_value=6).map(float)  # many ties


@given(st.lists(small_ints, min_size=4, max_size=25))
def test_s_changes_sign_when_the_series_is_reversed(xs):
    forward, backward = mann_kendall(xs), mann_kendall(xs[::-1])
    assert forward.s == -backward.s
    assert forward.var_s == backward.var_s


@given(
    st.floats(min_value=-1e3, max_value=1e3),
    st.lists(st.floats(min_value=0.01, max_value=100), min_size=9, max_size=40),
)
def test_strictly_increasing_series_of_10_or_more_is_stijgend(start, steps):
    xs = start + np.cumsum([0.0, *steps])
    assert np.all(np.diff(xs) > 0)
    r = mann_kendall(xs)
    assert r.trend == STIJGEND
    assert r.p < 0.01


@st.composite
def batches(draw):
    m = draw(st.integers(1, 5))
    k = draw(st.integers(1, 12))
    cell = st.one_of(small_ints, st.just(math.nan))
    data = np.array(
        [[draw(cell) for _ in range(k)] for _ in range(m)], dtype=float
    ).reshape(m, k)
    periods = draw(st.permutations([2000 + 2 * i for i in range(k)]))
    breaks = draw(st.one_of(st.just(()), st.sampled_from(periods).map(lambda b: (b,))))
    return data, list(periods), breaks


def _same(single, batch_value):
    if single is None:
        return math.isnan(batch_value)
    return batch_value == pytest.approx(single, rel=1e-9, abs=1e-12)


@settings(max_examples=150)
@given(batches())
def test_mann_kendall_agrees_with_mann_kendall_many(case):
    data, periods, breaks = case
    batch = mann_kendall_many(data, periods, breaks)
    for row in range(data.shape[0]):
        one = mann_kendall(data[row], periods, breaks)
        for name in ("s", "var_s", "z", "p", "tau", "slope", "intercept"):
            assert _same(getattr(one, name), getattr(batch, name)[row]), name
        assert one.n == batch.n[row]
        assert one.trend == batch.trend[row]
        assert one.break_at == batch.break_at
        assert one.method == batch.method


# --------------------------------------------------------------------------
# Mann-Kendall: hand calculations and behaviour
# --------------------------------------------------------------------------


def test_fewer_than_four_points_is_not_tested():
    r = mann_kendall([1.0, 2.0, 3.0])
    assert r.trend == TE_WEINIG_MEETPUNTEN
    assert r.p is None and r.z is None and r.var_s is None
    assert r.s == 3 and r.slope == 1.0  # descriptive only
    assert "needs at least 4" in r.reason


def test_identical_values_give_geen_trend_with_a_reason():
    r = mann_kendall([5.0] * 6)
    assert r.trend == GEEN_TREND
    assert r.s == 0 and r.var_s == 0
    assert r.z is None and r.p is None
    assert "identical" in r.reason


def test_missing_values_are_dropped():
    r = mann_kendall([1.0, math.nan, 2.0, 3.0, 4.0, 5.0])
    assert (r.n, r.n_missing) == (5, 1)
    assert r.s == 10  # all 10 pairs increase
    # Var(S) = 5*4*15/18, z = 9/sqrt(Var)
    assert r.z == pytest.approx(9 / math.sqrt(5 * 4 * 15 / 18))


def test_decreasing_series_is_dalend():
    r = mann_kendall([9.0, 7.0, 8.0, 5.0, 4.0, 2.0, 1.0, 0.0])
    assert r.trend == DALEND and r.s < 0


def test_periods_sort_the_series_and_set_the_slope_unit():
    r = mann_kendall([5.0, 1.0, 2.0, 3.0, 4.0], periods=[2024, 2020, 2021, 2022, 2023])
    assert r.s == 10
    two_yearly = mann_kendall([0.0, 2.0, 4.0, 6.0], periods=[2010, 2012, 2014, 2016])
    assert two_yearly.slope == pytest.approx(1.0)  # per year, not per step
    # Conover intercept: median(y) - slope * median(t) = 3 - 2013
    assert two_yearly.intercept == pytest.approx(3.0 - 2013.0)


def test_a_break_restricts_the_test_to_the_last_segment():
    values = [10.0, 9.0, 8.0, 7.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    years = list(range(2013, 2022))
    r = mann_kendall(values, years, breaks=[2017])
    assert (r.n, r.break_at, r.n_excluded) == (5, 2017, 4)
    assert (r.segment_start, r.segment_end) == (2017, 2021)
    assert r.s == 10
    assert "series break at 2017" in r.method
    # same as testing the segment alone, apart from the note on the break
    alone = mann_kendall(values[4:], years[4:])
    assert (r.s, r.p, r.slope) == (alone.s, alone.p, alone.slope)


def test_a_break_that_leaves_too_few_points():
    r = mann_kendall([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], range(2016, 2022), breaks=[2015, 2019])
    assert r.trend == TE_WEINIG_MEETPUNTEN
    assert (r.n, r.break_at, r.n_excluded) == (3, 2019, 3)
    assert r.p is None


def test_a_break_before_the_series_changes_nothing():
    r = mann_kendall([1.0, 2.0, 3.0, 4.0], range(2018, 2022), breaks=[2010])
    assert (r.break_at, r.n_excluded, r.n) == (None, 0, 4)
    assert "break" not in r.method


def test_many_keeps_a_dataframe_index():
    frame = pd.DataFrame([[1, 2, 3, 4], [4, 3, 2, 1]], index=["Utrecht", "Twente"])
    out = mann_kendall_many(frame).to_frame()
    assert list(out.index) == ["Utrecht", "Twente"]
    assert list(out["s"]) == [6, -6]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"values": [1, 2, 3, 4], "periods": [2020, 2020, 2021, 2022]}, "period 2020 occurs more than once"),
        ({"values": [1, 2, 3, 4], "periods": [2020, 2021]}, "periods has 2 elements but the values have 4"),
        ({"values": [1, 2, math.inf, 4]}, "values[2] is infinite"),
        ({"values": ["a", "b"]}, "values: expected numbers"),
        ({"values": [1, 2, 3, 4], "breaks": [math.nan]}, "breaks[0] is missing"),
        ({"values": [1, 2, 3, 4], "significance": 5}, "significance = 5"),
        ({"values": [[1, 2], [3, 4]]}, "values: expected a 1-D sequence"),
    ],
)
def test_mann_kendall_bad_input(kwargs, message):
    with pytest.raises(ValueError) as exc:
        mann_kendall(**kwargs)
    assert message in str(exc.value)
    assert isinstance(exc.value, VoortgangError)


def test_mann_kendall_many_bad_input():
    with pytest.raises(VoortgangError, match=r"data: expected a 2-D array"):
        mann_kendall_many([1.0, 2.0, 3.0])
    with pytest.raises(VoortgangError, match=r"data\[1, 0\] is infinite"):
        mann_kendall_many([[1.0, 2.0], [math.inf, 1.0]])


# --------------------------------------------------------------------------
# Cochran-Armitage
# --------------------------------------------------------------------------


@given(
    st.lists(st.tuples(st.integers(0, 50), st.integers(1, 50)), min_size=3, max_size=8),
    st.floats(min_value=0.1, max_value=10),
    st.floats(min_value=-100, max_value=100),
)
def test_cochran_armitage_is_invariant_to_linear_scores(groups, scale, shift):
    x = [min(s, n) for s, n in groups]
    n = [n for _, n in groups]
    base = cochran_armitage(x, n)
    moved = cochran_armitage(x, n, scores=[scale * (i + 1) + shift for i in range(len(x))])
    if base.statistic is None:
        assert moved.statistic is None
    else:
        assert moved.statistic == pytest.approx(base.statistic, rel=1e-7, abs=1e-9)
        assert moved.z == pytest.approx(base.z, rel=1e-7, abs=1e-9)


def test_cochran_armitage_reversed_order_flips_the_sign():
    x, n = [83, 90, 129, 70], [86, 93, 136, 82]
    forward, backward = cochran_armitage(x, n), cochran_armitage(x[::-1], n[::-1])
    assert backward.z == pytest.approx(-forward.z)
    assert forward.trend == DALEND and backward.trend == STIJGEND


def test_cochran_armitage_hand_calculation():
    # x = [1, 2, 3], n = [10, 10, 10], scores 1..3: p = 0.2, sbar = 2,
    # T = sum x (s - 2) = -1 + 0 + 3 = 2, sum n (s - 2)^2 = 20,
    # chi2 = 4 / (0.2 * 0.8 * 20) = 1.25
    r = cochran_armitage([1, 2, 3], [10, 10, 10])
    assert r.statistic == pytest.approx(1.25)
    assert r.slope == pytest.approx(2 / 20)  # 0.1 proportion per score unit
    assert r.trend == GEEN_TREND


def test_cochran_armitage_degenerate_and_short():
    everyone = cochran_armitage([5, 5, 5], [5, 5, 5])
    assert everyone.statistic is None and "pooled proportion is 1" in everyone.reason
    short = cochran_armitage([1, 2], [10, 10])
    assert short.trend == TE_WEINIG_MEETPUNTEN and short.p is None


def test_cochran_armitage_break_uses_periods():
    x, n = [83, 90, 129, 70], [86, 93, 136, 82]
    r = cochran_armitage(x, n, periods=[2018, 2019, 2020, 2021], breaks=[2019])
    alone = cochran_armitage(x[1:], n[1:])
    assert (r.k, r.break_at, r.n_excluded) == (3, 2019, 1)
    assert r.statistic == pytest.approx(alone.statistic)


@pytest.mark.parametrize(
    ("x", "n", "message"),
    [
        ([83, 94, 129], [86, 93, 136], "successes[1] = 94 is larger than totals[1] = 93"),
        ([83, math.nan, 129], [86, 93, 136], "successes[1] is missing (NaN)"),
        ([83, 90, 129], [-1, 93, 136], "totals[0] = -1 is negative"),
        ([83, 90], [86, 93, 136], "successes has 2, totals has 3"),
        ([0, 0, 0], [0, 0, 0], "totals: all totals are zero"),
    ],
)
def test_cochran_armitage_bad_input(x, n, message):
    with pytest.raises(VoortgangError) as exc:
        cochran_armitage(x, n)
    assert message in str(exc.value)


# --------------------------------------------------------------------------
# Count trends
# --------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    st.floats(min_value=0.0, max_value=8.0),
    st.floats(min_value=-0.5, max_value=0.5),
    st.integers(min_value=3, max_value=10),
)
def test_exact_exponential_counts_give_exp_b_minus_1(a, b, n):
    t = np.arange(n, dtype=float)
    counts = np.exp(a + b * t)
    r = count_trend(counts, 2010 + t)
    assert r.annual_change_pct == pytest.approx(100 * math.expm1(b), rel=1e-6, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 5000), st.floats(min_value=100, max_value=1e6)),
        min_size=3,
        max_size=10,
    )
)
def test_doubling_the_exposure_leaves_the_trend_unchanged(rows):
    counts = [c for c, _ in rows]
    exposure = np.array([e for _, e in rows])
    years = range(2015, 2015 + len(rows))
    once = count_trend(counts, years, exposure)
    twice = count_trend(counts, years, 2 * exposure)
    assert twice.annual_change_pct == pytest.approx(once.annual_change_pct, rel=1e-7, abs=1e-9)
    assert twice.p == pytest.approx(once.p, rel=1e-7, abs=1e-12)


def test_poisson_trend_hand_calculation():
    # counts 100, 200, 400: exact doubling, b = ln 2. Fisher information for b:
    # sum mu (t - t_w)^2 with t_w = (0*100 + 1*200 + 2*400)/700 = 10/7.
    info = 100 * (10 / 7) ** 2 + 200 * (3 / 7) ** 2 + 400 * (4 / 7) ** 2
    se = 1 / math.sqrt(info)
    r = count_trend([100, 200, 400], [2019, 2020, 2021])
    assert r.annual_change_pct == pytest.approx(100.0)
    assert r.ci_low == pytest.approx(100 * (math.exp(math.log(2) - 1.959963985 * se) - 1), rel=1e-6)
    assert r.ci_high == pytest.approx(100 * (math.exp(math.log(2) + 1.959963985 * se) - 1), rel=1e-6)
    assert r.z == pytest.approx(math.log(2) / se, rel=1e-6)


def test_rate_trend_counts_proportional_to_exposure_is_flat():
    population = np.array([1000.0, 1200.0, 1500.0, 1800.0])
    r = count_trend(0.05 * population, [2018, 2019, 2020, 2021], exposure=population)
    assert r.annual_change_pct == pytest.approx(0.0, abs=1e-8)
    assert r.trend == GEEN_TREND


def test_negbin_on_exact_growth_and_on_overdispersed_counts():
    exact = count_trend(1000 * 1.1 ** np.arange(6), range(2016, 2022), family="negbin")
    assert exact.annual_change_pct == pytest.approx(10.0, rel=1e-5)
    assert exact.alpha is not None and exact.alpha < 1e-3
    noisy = [100, 130, 90, 160, 120, 200]
    nb = count_trend(noisy, range(2015, 2021), family="negbin")
    pois = count_trend(noisy, range(2015, 2021), family="poisson")
    assert nb.alpha > 0 and pois.pearson_dispersion > 1
    assert nb.ci_high - nb.ci_low > pois.ci_high - pois.ci_low  # overdispersion widens the CI


def test_negbin_without_overdispersion_is_the_poisson_fit_as_in_r():
    """R 4.2 ``MASS::glm.nb(y ~ year)`` on these counts, 2014-2021 (issue 12, typed from R): the
    dispersion goes to its boundary, R warns and reports the Poisson fit: +1,851% per year, p = 0,0771.
    Before, the joint maximum likelihood failed here on some BLAS builds ("did not converge")."""
    r = count_trend([205, 218, 204, 233, 217, 221, 240, 233], range(2014, 2022), family="negbin")
    assert r.annual_change_pct == pytest.approx(1.851, abs=5e-4)
    assert r.p == pytest.approx(0.0771, abs=5e-5)
    assert r.alpha == 0.0 and "boundary" in r.method and "Poisson" in r.method


def test_negbin_estimates_and_standard_errors_follow_glm_nb():
    """Overdispersed counts: (alpha, b) is the joint maximum of the NB2 likelihood (both scores
    zero), and the standard error is that of the GLM with alpha held fixed (R's summary(glm.nb)),
    not of the joint Hessian. Checked by the first-order conditions, not against another optimiser."""
    import statsmodels.api as sm
    from scipy.special import gammaln

    y = np.array([100, 130, 90, 160, 120, 200.0])
    design = pd.DataFrame({"const": 1.0, "period": np.arange(6) - 2.5})
    ours = fit_count_glm(y, design, family="negbin")
    mu = np.exp(design.to_numpy() @ ours.params.to_numpy())

    def loglik(alpha: float) -> float:
        r = 1 / alpha
        return float(np.sum(gammaln(y + r) - gammaln(r) - gammaln(y + 1) + y * np.log(alpha * mu)
                            - (y + r) * np.log1p(alpha * mu)))

    h = 1e-4  # d loglik / d log(alpha) by central differences: zero at the maximum
    assert ours.alpha > 0
    assert (loglik(ours.alpha * np.exp(h)) - loglik(ours.alpha * np.exp(-h))) / (2 * h) == pytest.approx(0, abs=1e-5)
    assert ours.loglik == pytest.approx(loglik(ours.alpha), abs=1e-9)
    fixed = sm.GLM(y, design, family=sm.families.NegativeBinomial(alpha=ours.alpha)).fit()
    score = fixed.model.score(ours.params.to_numpy())  # d loglik / d b at alpha fixed
    assert np.abs(score) == pytest.approx([0, 0], abs=1e-6)
    assert ours.bse["period"] == pytest.approx(float(fixed.bse["period"]), rel=1e-6)
    assert "alpha held fixed" in ours.method


def test_count_trend_degenerate_inputs_give_reasons():
    zeros = count_trend([0, 0, 0, 0], [2018, 2019, 2020, 2021])
    assert zeros.annual_change_pct is None and "all counts" in zeros.reason
    last_only = count_trend([0, 0, 0, 5], [2018, 2019, 2020, 2021])
    assert last_only.p is None and "infinite" in last_only.reason
    short = count_trend([5, 6], [2020, 2021])
    assert short.trend == TE_WEINIG_MEETPUNTEN


def test_count_trend_break():
    r = count_trend([50, 60, 200, 400, 800], range(2017, 2022), breaks=[2019])
    assert (r.n, r.break_at, r.n_excluded) == (3, 2019, 2)
    assert r.annual_change_pct == pytest.approx(100.0)
    assert "series break at 2019" in r.method


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"counts": pd.Series([1, 2, math.nan], index=[2019, 2020, 2021])}, "counts[2021] is missing (NaN)"),
        ({"counts": [1, -2, 3]}, "counts[1] = -2 is negative"),
        ({"counts": [1, 2, 3], "exposure": [10, 0, 10]}, "exposure[1] = 0 must be a positive number"),
        ({"counts": [1, 2, 3], "exposure": [10, 10]}, "exposure has 2 elements but counts has 3"),
        ({"counts": [1, 2, 3], "family": "quasi"}, "family = 'quasi'"),
        ({"counts": [1, 2, 3], "periods": None}, "periods: required"),
    ],
)
def test_count_trend_bad_input(kwargs, message):
    kwargs.setdefault("periods", [2019, 2020, 2021])
    with pytest.raises(VoortgangError) as exc:
        count_trend(**kwargs)
    assert message in str(exc.value)
