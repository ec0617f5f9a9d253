"""Which regions deviate (analysis.measures.deviations): corrected tests, detectable differences, trends.

Expected values by hand (arithmetic in the comments) and R's prop.trend.test example
(known_answers.md: smokers 83/86, 90/93, 129/136, 70/82, X-squared = 8.2249, p = 0.004132).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.errors import VoortgangError
from analysis.measures.deviations import funnel_tests, stratum_trends
from analysis.stats.trend import DALEND, GEEN_TREND, TE_WEINIG_MEETPUNTEN
from helpers import FLAGS

CORRECTED = {"correction": FLAGS.correction, "alpha": FLAGS.family_alpha}


def test_funnel_tests_flags_after_the_correction_and_gives_the_detectable_difference():
    frame = pd.DataFrame({"regio": ["A", "B", "C"], "x": [30, 10, 0], "n": [100, 100, 0]})
    result = funnel_tests(frame, "regio", "x", "n", proportion=0.1, power=0.8, **CORRECTED)
    table = result.table.set_index("unit")
    # B: 10 of 100 at a target of 10% is the most likely count: p = 1
    assert table.loc["B", "p"] == pytest.approx(1.0)
    # A: 30 of 100 is far above 10% (P(X >= 30) for Bin(100, 0.1) is about 1e-8); Holm over the 2 units with persons
    assert table.loc["A", "p"] < 1e-6 and table.loc["A", "p_adjusted"] == pytest.approx(2 * table.loc["A", "p"])
    assert table["afwijking"].tolist() == ["hoger", "", ""]
    assert result.tests.m == 2 and math.isnan(table.loc["C", "p"])  # C has no persons: no test
    # at alpha / m = 0.025, power 0.8: (z_0.9875 + z_0.8) sqrt(0.1 x 0.9 / 100) = (2.241403 + 0.841621) x 0.03
    assert table.loc["B", "detectable"] == pytest.approx(0.092491, abs=2e-4)
    assert math.isnan(table.loc["C", "detectable"])


def test_funnel_tests_refuses_bad_counts():
    frame = pd.DataFrame({"regio": ["A"], "x": [11], "n": [10]})
    with pytest.raises(VoortgangError, match="1 row\\(s\\) with 'x' missing, negative or above 'n'"):
        funnel_tests(frame, "regio", "x", "n", proportion=0.1, power=0.8, **CORRECTED)
    with pytest.raises(VoortgangError, match="column\\(s\\) 'n' not found"):
        funnel_tests(frame.drop(columns="n"), "regio", "x", "n", proportion=0.1, power=0.8, **CORRECTED)


def test_stratum_trends_known_answer_and_correction():
    smokers = pd.DataFrame({"regio": "A", "period": [1, 2, 3, 4], "x": [83, 90, 129, 70], "n": [86, 93, 136, 82]})
    flat = pd.DataFrame({"regio": "B", "period": [1, 2, 3, 4], "x": [10] * 4, "n": [100] * 4})
    short = pd.DataFrame({"regio": "C", "period": [1, 2], "x": [1, 2], "n": [10, 10]})
    trends, tests = stratum_trends(pd.concat([smokers, flat, short]), ["regio"], "x", "n", **CORRECTED)
    rows = trends.set_index("regio")
    # R prop.trend.test: X-squared = 8.2249 -> z = -2.8679 (proportions fall), p = 0.004132
    assert rows.loc["A", "z"] ** 2 == pytest.approx(8.2249, abs=5e-5)
    assert rows.loc["A", "p"] == pytest.approx(0.004132, abs=5e-7)
    # Holm over the 2 defined tests: 0.004132 x 2 = 0.008264 < 0.05
    assert rows.loc["A", "p_adjusted"] == pytest.approx(0.008264, abs=1e-6)
    assert rows.loc["A", "trend"] == DALEND and rows.loc["A", "slope"] < 0
    assert rows.loc["B", "trend"] == GEEN_TREND and rows.loc["B", "p"] == pytest.approx(1.0)
    assert rows.loc["C", "trend"] == TE_WEINIG_MEETPUNTEN and tests.m == 2
