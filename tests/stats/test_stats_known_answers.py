"""Known answers: published outputs of other implementations, at the printed precision.

Every case in /work/shared/reference/known_answers.md, plus the Fagerland,
Lydersen & Laake (2017) "Statistical Analysis of Contingency Tables" chapter 10
outputs for Doll & Hill (1950), as asserted in the test suite of their R package
``contingencytables`` (tests "Chapter 10 functions basically work"). Expected
values are written as printed there; ``printed`` turns the printed digits into a
tolerance of half a unit in the last digit.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from analysis.errors import VoortgangError
from analysis.stats.cochran_armitage import cochran_armitage
from analysis.stats.compare import proportion_difference, wilson_interval
from analysis.stats.count_trend import fit_count_glm
from analysis.stats.strata import chi2_independence, cochran_mantel_haenszel
from analysis.stats.trend import STIJGEND, mann_kendall, mann_kendall_many


def printed(text: str):
    """pytest.approx for a number printed as ``text``: tolerance half a unit in
    the last printed digit (works for '8.2249' and '2.954e-07')."""
    d = Decimal(text)
    ulp = Decimal(1).scaleb(d.as_tuple().exponent)
    return pytest.approx(float(d), abs=float(ulp) / 2)


# --- Mann-Kendall: "Mann-Kendall by hand" (Holy Cross, Montserrat course notes)
MK_X = [12.9, 14.8, 13.2, 15.7, 13.8, 15.6, 12.9, 11.0, 17.3, 15.9, 19.0, 18.3, 20.1, 21.7]


def test_mann_kendall_by_hand_example():
    r = mann_kendall(MK_X)
    assert r.s == 54
    assert r.var_s == printed("332.667")
    assert r.z == printed("2.9058")
    assert r.p / 2 == printed("0.0018")  # the notes print the one-sided p
    assert r.p == printed("0.0037")
    assert r.tau == printed("0.5934")
    assert r.slope == printed("0.5667")
    assert r.n == 14
    assert r.trend == STIJGEND


def test_mann_kendall_many_gives_the_by_hand_example_too():
    b = mann_kendall_many(np.array([MK_X]))
    assert b.s[0] == 54
    assert b.var_s[0] == printed("332.667")
    assert b.z[0] == printed("2.9058")
    assert b.p[0] == printed("0.0037")
    assert b.tau[0] == printed("0.5934")
    assert b.slope[0] == printed("0.5667")


# --- Cochran-Armitage: R prop.trend.test example (stats-Ex.Rout.save)
SMOKERS = [83, 90, 129, 70]
PATIENTS = [86, 93, 136, 82]


def test_prop_trend_test_default_scores():
    r = cochran_armitage(SMOKERS, PATIENTS)
    assert r.statistic == printed("8.2249")
    assert r.df == 1
    assert r.p == printed("0.004132")


def test_prop_trend_test_scores_0001():
    r = cochran_armitage(SMOKERS, PATIENTS, scores=[0, 0, 0, 1])
    assert r.statistic == printed("12.173")
    assert r.p == printed("0.0004848")


# --- CMH: R mantelhaen.test "Rabbits" example (Agresti 1990)
RABBITS = [
    [[0, 6], [0, 5]],
    [[3, 3], [0, 6]],
    [[6, 0], [2, 4]],
    [[5, 1], [6, 0]],
    [[2, 0], [5, 0]],
]


def test_mantelhaen_rabbits():
    r = cochran_mantel_haenszel(RABBITS)  # corrected by default, as R
    assert r.statistic == printed("3.9286")
    assert r.df == 1
    assert r.p == printed("0.04747")
    assert r.odds_ratio == printed("7")
    # by hand: sum(ad/n) = 18/12 + 24/12 + 0 = 3.5, sum(bc/n) = 6/12 = 0.5
    assert r.odds_ratio == pytest.approx(3.5 / 0.5, rel=1e-12)
    assert r.ci_low == printed("1.026713")
    assert r.ci_high == printed("47.725133")
    # strata 1 and 5 have an empty outcome column: they carry no information
    assert (r.n_strata, r.n_informative) == (5, 3)


def test_mantelhaen_rabbits_in_r_layout():
    r_layout = np.moveaxis(np.array(RABBITS), 0, -1)  # as R's mantelhaen.test takes it: 2 x 2 x 5
    assert cochran_mantel_haenszel(r_layout, layout="r").statistic == printed("3.9286")


def test_two_strata_are_ambiguous_without_a_layout():
    # two strata in our (K, 2, 2) layout and R's 2 x 2 x K with K = 2 have the same shape
    with pytest.raises(VoortgangError, match=r"shape \(2, 2, 2\) is ambiguous .* pass layout='strata_first' or layout='r'"):
        cochran_mantel_haenszel(DOLL_HILL)


# --- Fagerland, Lydersen & Laake (2017), Doll & Hill (1950), via contingencytables
DOLL_HILL = [[[647, 622], [2, 27]], [[41, 28], [19, 32]]]


def test_doll_hill_cmh_uncorrected_and_mh_estimate():
    r = cochran_mantel_haenszel(DOLL_HILL, layout="strata_first", correction=False)
    assert r.statistic == printed("24.920")
    assert r.p == printed("0.000001")
    assert r.odds_ratio == printed("4.5239")


def test_doll_hill_breslow_day_tarone():
    r = cochran_mantel_haenszel(DOLL_HILL, layout="strata_first")
    assert r.breslow_day == printed("5.175")
    assert r.breslow_day_df == 1
    assert r.breslow_day_p == printed("0.022919")


# --- Chi-square: R chisq.test example (Agresti 2007 p.39), gender x party
def test_chisq_test_gender_party():
    table = pd.DataFrame(
        [[762, 327, 468], [484, 239, 477]],
        index=["F", "M"],
        columns=["Democrat", "Independent", "Republican"],
    )
    r = chi2_independence(table)
    assert r.statistic == printed("30.07")
    assert r.dof == 2
    assert r.p == printed("2.954e-07")
    resid_f = r.adjusted_residuals.loc["F"]
    assert resid_f["Democrat"] == printed("4.5020535")
    assert resid_f["Independent"] == printed("0.6994517")
    assert resid_f["Republican"] == printed("-5.3159455")
    # Cramér's V from the uncorrected statistic: sqrt(30.07 / (2757 * 1))
    assert r.cramers_v == printed("0.1044")


# --- Newcombe (1998), Statistics in Medicine 17:873-890, Table II, method 10
@pytest.mark.parametrize(
    ("x1", "n1", "x2", "n2", "diff", "lo", "hi"),
    [
        (56, 70, 48, 80, "0.2000", "0.0524", "0.3339"),
        (9, 10, 3, 10, "0.6000", "0.1705", "0.8090"),
        (6, 7, 2, 7, "0.5714", "0.0582", "0.8062"),
    ],
)
def test_newcombe_hybrid_score_interval(x1, n1, x2, n2, diff, lo, hi):
    r = proportion_difference(x1, n1, x2, n2, method="newcombe")
    assert r.diff == printed(diff)
    assert r.ci_low == printed(lo)
    assert r.ci_high == printed(hi)


def test_wilson_interval_5_of_10():
    r = wilson_interval(5, 10)
    assert r.ci_low == printed("0.2366")
    assert r.ci_high == printed("0.7634")


# --- Poisson regression: R ?glm example, Dobson (1990) p.93
def test_dobson_poisson_glm():
    counts = [18, 17, 15, 20, 10, 20, 25, 13, 12]
    frame = pd.DataFrame(
        {"outcome": [1, 2, 3] * 3, "treatment": [1, 1, 1, 2, 2, 2, 3, 3, 3]}
    ).astype("category")
    design = pd.get_dummies(frame, drop_first=True, dtype=float)
    design.insert(0, "const", 1.0)
    fit = fit_count_glm(counts, design, family="poisson")
    assert fit.deviance == printed("5.1291")
    # 9 counts - 5 coefficients = 4 residual df (R prints "on 4 degrees of
    # freedom"; known_answers.md says 6, which cannot be right for this design).
    assert fit.df_resid == 4
    assert fit.aic == printed("56.76132")
    assert fit.loglik == printed("-23.38066")
    assert fit.params["const"] == printed("3.04452")
    assert fit.bse["const"] == printed("0.170899")
    assert fit.params["outcome_2"] == printed("-0.454255")
    assert fit.bse["outcome_2"] == printed("0.202171")
    assert fit.params["outcome_3"] == printed("-0.292987")
    assert fit.bse["outcome_3"] == printed("0.192742")
    # by hand: every treatment has total 50, so the treatment effects are 0
    assert fit.params[["treatment_2", "treatment_3"]].abs().max() < 1e-10
    assert fit.converged
