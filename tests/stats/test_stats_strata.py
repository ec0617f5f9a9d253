"""analysis.stats.strata: hand calculations, properties, degenerate and bad input."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.contingency_tables import StratifiedTable

from analysis.errors import VoortgangError
from analysis.stats.funnel import (
    BINNEN,
    BOVEN,
    ONDER,
    flag_funnel_outliers,
    funnel_limits,
)
from analysis.stats.strata import chi2_independence, cochran_mantel_haenszel

Z975 = 1.959963984540054

# --------------------------------------------------------------------------
# chi-square
# --------------------------------------------------------------------------


def test_chi2_2x2_hand_calculation_with_and_without_yates():
    table = [[10, 20], [30, 40]]  # N = 100, ad - bc = -200, margins 30, 70, 40, 60
    margins = 30 * 70 * 40 * 60
    plain = chi2_independence(table)
    yates = chi2_independence(table, correction=True)
    assert plain.statistic == pytest.approx(100 * 200**2 / margins)
    assert yates.statistic == pytest.approx(100 * (200 - 50) ** 2 / margins)
    # V from the statistic actually reported
    assert yates.cramers_v == pytest.approx(math.sqrt(yates.statistic / 100))
    # 2x2: every adjusted residual is +/- the square root of the uncorrected statistic
    assert np.abs(yates.adjusted_residuals.to_numpy()) == pytest.approx(
        math.sqrt(plain.statistic) * np.ones((2, 2))
    )
    assert "Yates" in yates.method and "no continuity correction" in plain.method


def test_adjusted_residuals_with_an_empty_cell_equal_r_stdres():
    """R 4.2 ``chisq.test(m, correct = FALSE)$stdres`` (values from issue 12, typed from R): no 0.5
    is put into an empty cell, and the caller's (read-only) array is left as it was."""
    small = np.array([[0.0, 5.0], [10.0, 3.0]])
    small.flags.writeable = False  # what pandas 3 gives for .to_numpy() of a frame
    r = chi2_independence(small)
    assert r.adjusted_residuals.iloc[0, 0] == pytest.approx(-2.9417, abs=5e-5)  # = -sqrt(X^2) of a 2x2
    assert small.tolist() == [[0.0, 5.0], [10.0, 3.0]]
    four = np.array([[0.0, 50.0], [12.0, 48.0], [10.0, 50.0], [9.0, 51.0]])
    assert chi2_independence(four).adjusted_residuals.iloc[0, 0] == pytest.approx(-3.15, abs=5e-3)


def test_chi2_correction_only_applies_to_2x2():
    table = [[762, 327, 468], [484, 239, 477]]
    assert chi2_independence(table, correction=True).statistic == pytest.approx(
        chi2_independence(table).statistic
    )


def test_chi2_zero_row_is_undefined_with_a_reason():
    table = pd.DataFrame([[5, 3], [0, 0], [2, 7]], index=["a", "b", "c"])
    r = chi2_independence(table)
    assert r.statistic is None and r.p is None and r.cramers_v is None
    assert "row(s) ['b']" in r.reason
    assert r.expected.loc["b"].tolist() == [0.0, 0.0]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ([1, 2, 3], "table: expected a 2-D table with at least 2 rows and 2 columns, got shape (3,)"),
        ([[1, 2, 3]], "got shape (1, 3)"),
        (
            pd.DataFrame([[1, np.nan], [3, 4]], index=["F", "M"], columns=["ja", "nee"]),
            "table['F', 'nee'] is missing (NaN)",
        ),
        ([[1, -2], [3, 4]], "table[0, 1] = -2 is negative"),
        ([[0, 0], [0, 0]], "table: all cells are zero"),
    ],
)
def test_chi2_bad_input(table, message):
    with pytest.raises(VoortgangError) as exc:
        chi2_independence(table)
    assert message in str(exc.value)


# --------------------------------------------------------------------------
# Cochran-Mantel-Haenszel and Breslow-Day
# --------------------------------------------------------------------------

cell = st.integers(min_value=1, max_value=60)
tables_2x2 = st.tuples(cell, cell, cell, cell).map(lambda c: [[c[0], c[1]], [c[2], c[3]]])


@given(tables_2x2)
def test_one_stratum_agrees_with_the_2x2_mantel_haenszel_case(t):
    (a, b), (c, d) = t
    n = a + b + c + d
    r = cochran_mantel_haenszel([t], correction=False)
    pearson = stats.chi2_contingency(t, correction=False).statistic
    # the MH chi-square of one table is (n - 1)/n times Pearson's
    assert r.statistic == pytest.approx(pearson * (n - 1) / n, rel=1e-9, abs=1e-12)
    assert r.odds_ratio == pytest.approx(a * d / (b * c))
    se = math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)  # RBG reduces to Woolf for K = 1
    assert r.ci_low == pytest.approx(a * d / (b * c) * math.exp(-Z975 * se))
    assert r.ci_high == pytest.approx(a * d / (b * c) * math.exp(Z975 * se))
    assert r.breslow_day is None and "at least 2" in r.breslow_day_reason


@settings(max_examples=80)
@given(st.lists(tables_2x2, min_size=2, max_size=6))
def test_breslow_day_agrees_with_statsmodels_away_from_or_1(tables):
    arr = np.array(tables, dtype=float)
    sm_table = StratifiedTable(np.moveaxis(arr, 0, -1))
    assume(abs(sm_table.oddsratio_pooled - 1) > 1e-3)
    expected = sm_table.test_equal_odds(adjust=True).statistic
    r = cochran_mantel_haenszel(tables, layout="strata_first")
    assert r.breslow_day == pytest.approx(expected, rel=1e-6, abs=1e-8)
    assert r.breslow_day_df == len(tables) - 1


def test_common_or_exactly_1_breslow_day_and_no_half_correction():
    # both strata have OR 1, so the MH OR is 1 (statsmodels divides by 1 - OR here)
    tables = [[[10, 10], [10, 10]], [[5, 10], [10, 20]]]
    r = cochran_mantel_haenszel(tables, layout="strata_first")
    assert r.odds_ratio == pytest.approx(1.0)
    assert r.breslow_day == pytest.approx(0.0, abs=1e-9)
    # sum(a - E a) = 0 < 0.5: as R, no 0.5 is subtracted, so the statistic is 0
    assert r.statistic == pytest.approx(0.0, abs=1e-12)
    assert r.p == pytest.approx(1.0)


def test_a_stratum_with_a_zero_row_adds_nothing():
    doll_hill = [[[647, 622], [2, 27]], [[41, 28], [19, 32]]]
    with_empty_row = [*doll_hill, [[0, 0], [3, 4]]]
    base, more = cochran_mantel_haenszel(doll_hill, layout="strata_first"), cochran_mantel_haenszel(with_empty_row, layout="strata_first")
    assert (more.n_strata, more.n_informative) == (3, 2)
    for name in ("statistic", "odds_ratio", "ci_low", "ci_high", "breslow_day"):
        assert getattr(more, name) == pytest.approx(getattr(base, name))


def test_no_informative_stratum_gives_reasons_not_errors():
    r = cochran_mantel_haenszel([[[0, 0], [3, 4]], [[2, 0], [5, 0]]], layout="strata_first")
    assert r.statistic is None and r.odds_ratio is None and r.breslow_day is None
    assert "no stratum has both exposure groups and both outcomes" in r.reason


def test_infinite_common_odds_ratio():
    r = cochran_mantel_haenszel([[[5, 0], [0, 5]], [[3, 0], [1, 4]]], layout="strata_first")
    assert r.statistic is not None
    assert r.odds_ratio is None and r.ci_low is None
    assert "infinite" in r.reason


@pytest.mark.parametrize(
    ("tables", "message"),
    [
        (np.ones((2, 2, 5)), "looks like R's 2 x 2 x K layout"),
        ([[1, 2], [3, 4]], "for a single table pass [table]"),
        (np.ones((3, 2, 3)), "rows = exposure (exposed, unexposed), columns = outcome"),
        ([[[1, 2], [3, 4]], [[0, 0], [0, 0]]], "tables[1]: all cells are zero"),
        ([[[1, 2], [3, 4]], [[1, math.nan], [3, 4]]], "tables[1][0, 1] is missing (NaN)"),
        ([[[1, 2], [-3, 4]]], "tables[0][1, 0] = -3 is negative"),
    ],
)
def test_cmh_bad_input(tables, message):
    with pytest.raises(VoortgangError) as exc:
        cochran_mantel_haenszel(tables, layout="strata_first")
    assert message in str(exc.value)


# --------------------------------------------------------------------------
# Funnel plots
# --------------------------------------------------------------------------

# Bin(10, 0.5) cumulative counts out of 1024: F(1)=11, F(2)=56, F(7)=968,
# F(8)=1013, F(9)=1023 (binomial coefficients 1 10 45 120 210 252 ...).


def test_exact_limits_hand_calculation():
    # upper 95%: q = 0.975, r = 8 (F(7) < q <= F(8)), a = (F(8) - q) / (F(8) - F(7))
    upper = (8 - (1013 / 1024 - 0.975) / (45 / 1024)) / 10
    # lower 95%: q = 0.025, r = 2, a = (F(2) - q) / (F(2) - F(1))
    lower = (2 - (56 / 1024 - 0.025) / (45 / 1024)) / 10
    # upper 99.8%: q = 0.999, r = 9, a = (F(9) - q) / (F(9) - F(8))
    upper998 = (9 - (1023 / 1024 - 0.999) / (10 / 1024)) / 10
    lim = funnel_limits(0.5, [10]).limits.set_index("level")
    assert lim.loc[0.95, "upper"] == pytest.approx(upper)
    assert lim.loc[0.95, "lower"] == pytest.approx(lower)
    assert lim.loc[0.998, "upper"] == pytest.approx(upper998)


def test_normal_limits_hand_calculation():
    lim = funnel_limits(0.1, [100], levels=(0.95,), method="normal").limits
    assert lim["lower"].iloc[0] == pytest.approx(0.1 - Z975 * 0.03)
    assert lim["upper"].iloc[0] == pytest.approx(0.1 + Z975 * 0.03)


@given(
    st.floats(min_value=0.02, max_value=0.98),
    st.lists(st.integers(min_value=1, max_value=5000), min_size=1, max_size=20),
)
def test_wider_level_gives_wider_limits(target, ns):
    lim = funnel_limits(target, ns).limits
    narrow, wide = lim[lim["level"] == 0.95], lim[lim["level"] == 0.998]
    assert np.all(wide["lower"].to_numpy() <= narrow["lower"].to_numpy() + 1e-12)
    assert np.all(wide["upper"].to_numpy() >= narrow["upper"].to_numpy() - 1e-12)


def test_exact_limits_approach_the_normal_ones_for_large_n():
    exact = funnel_limits(0.3, [200_000]).limits
    normal = funnel_limits(0.3, [200_000], method="normal").limits
    assert exact["lower"].to_numpy() == pytest.approx(normal["lower"].to_numpy(), abs=1e-4)
    assert exact["upper"].to_numpy() == pytest.approx(normal["upper"].to_numpy(), abs=1e-4)


def test_flag_units_against_the_pooled_proportion():
    events = pd.Series([1, 5, 9, 0], index=["Noord", "Midden", "Zuid", "Leeg"])
    flags = flag_funnel_outliers(events, [10, 10, 10, 0])
    assert flags.target == pytest.approx(15 / 30)  # pooled over units with persons
    u = flags.units
    # 0.1 is below the 95% lower limit 0.1324 but above the 99.8% one (0.0002)
    assert (u.loc["Noord", "direction"], u.loc["Noord", "beyond_level"]) == (ONDER, 0.95)
    assert u.loc["Midden", "direction"] == BINNEN and math.isnan(u.loc["Midden", "beyond_level"])
    # 0.9 is above the 99.8% upper limit 0.89976
    assert (u.loc["Zuid", "direction"], u.loc["Zuid", "beyond_level"]) == (BOVEN, 0.998)
    assert u.loc["Leeg", "direction"] is None and "denominator is 0" in u.loc["Leeg", "reason"]
    assert {"lower_95", "upper_95", "lower_99.8", "upper_99.8"} <= set(u.columns)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: funnel_limits(45, [10]), "proportion = 45 must be strictly between 0 and 1"),
        (lambda: funnel_limits(0.4, [10], levels=(95,)), "levels[0] = 95 must be strictly between 0 and 1"),
        (lambda: funnel_limits(0.4, [10, 12.5]), "denominators[1] = 12.5 is not a whole number"),
        (lambda: funnel_limits(0.4, [10, 0]), "denominators[1] is 0"),
        (lambda: funnel_limits(0.4, [10], method="poisson"), "method = 'poisson'"),
        (lambda: flag_funnel_outliers([3, 12], [10, 10]), "events[1] = 12 is larger than denominators[1] = 10"),
        (lambda: flag_funnel_outliers([3, math.nan], [10, 10]), "events[1] is missing (NaN)"),
        (lambda: flag_funnel_outliers([3], [10, 10]), "events has 1 elements but denominators has 2"),
    ],
)
def test_funnel_bad_input(call, message):
    with pytest.raises(VoortgangError) as exc:
        call()
    assert message in str(exc.value)
