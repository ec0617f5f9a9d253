"""Cohort rules of analysis.measures.cohorts on a hand-built population.

The population is ``tests/fixtures/microdata/cohort/`` (its README lists what each
person is for). Every expected count below is worked out by hand from those CSV
files, person by person, in the comments; none comes from running the code.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.errors import VoortgangError
from analysis.inputs.microdata.dates import add_months, age_on, birthday
from analysis.inputs.microdata.load import load_microdata
from analysis.measures.cohorts import cohort_a, cohort_b, gap_to_reference, has_care

FIXTURE = Path(__file__).parent / "fixtures" / "microdata" / "cohort"


@pytest.fixture(scope="module")
def tables():
    return load_microdata(FIXTURE, fmt="csv")


def cell(frame: pd.DataFrame, **keys) -> tuple[int, int]:
    """(numerator, denominator) of the one row matching ``keys``."""
    rows = frame
    for k, v in keys.items():
        rows = rows[rows[k] == v]
    assert len(rows) == 1, keys
    return int(rows["numerator"].iloc[0]), int(rows["denominator"].iloc[0])


# --------------------------------------------------------------------------- date rules


def test_birthday_is_first_day_of_birth_month_k_years_later():
    b = birthday(pd.Series(pd.to_datetime(["1999-04-01", "2000-12-01"])), 18)
    assert list(b.astype("datetime64[D]").astype(str)) == ["2017-04-01", "2018-12-01"]


def test_add_months_crosses_year_boundaries_both_ways():
    d = np.array(["2017-11-01", "2017-02-01"], dtype="datetime64[s]")
    assert list(add_months(d, 3).astype("datetime64[D]").astype(str)) == ["2018-02-01", "2017-05-01"]
    assert list(add_months(d, -3).astype("datetime64[D]").astype(str)) == ["2017-08-01", "2016-11-01"]


def test_age_counts_the_birthday_itself_as_the_new_age():
    born = np.array(["1999-04-01", "1999-04-01"], dtype="datetime64[s]")
    assert age_on(born, "2017-03-31").tolist() == [17, 17]
    assert age_on(born, "2017-04-01").tolist() == [18, 18]


def test_care_window_end_date_is_inclusive_and_window_end_exclusive():
    w0, w1 = np.datetime64("2017-01-01", "s"), np.datetime64("2017-04-01", "s")
    start = np.array(["2016-06-01", "2016-06-01", "2017-04-01", "2017-03-31", "2016-01-01"], dtype="datetime64[s]")
    end = np.array(["2016-12-31", "2017-01-01", "2017-05-01", "2017-03-31", "NaT"], dtype="datetime64[s]")
    # ends the day before w0 | ends on w0 | starts on w1 | one day inside | still running
    assert has_care(start, end, w0, w1).tolist() == [False, True, False, True, True]


# --------------------------------------------------------------------------- cohort A


def test_cohort_a_groups_and_denominators_by_hand(tables):
    a = cohort_a(tables, [2018])
    # Members 2018 (born 1999/2000, resident 2018, not gone by 31-12-2018):
    #   1 (verblijf + ambulant at 16-17 -> verblijf), 2 (care on the 16th birthday -> zonder),
    #   3 (care ended the day before 16 -> geen), 4 (care from the 18th birthday -> geen),
    #   5 (zonder, no outcomes record), 6 (geen, income unknown).
    #   Not members: 7 emigrated 31-12-2018, 8 aged 17, 9 aged 20, 10 no residence 2018.
    # verblijf = {1}; wel = {1, 2, 5}; geen = {3, 4, 6}; 5 has no record -> wel counts {1, 2}.
    assert cell(a, group="verblijf", outcome="woonsituatie", category="zelfstandig") == (1, 1)
    assert cell(a, group="wel_jeugdhulp", outcome="woonsituatie", category="zelfstandig") == (1, 2)
    assert cell(a, group="wel_jeugdhulp", outcome="woonsituatie", category="thuiswonend") == (1, 2)
    assert cell(a, group="geen_jeugdhulp", outcome="woonsituatie", category="zelfstandig") == (1, 3)
    assert cell(a, group="geen_jeugdhulp", outcome="woonsituatie", category="institutioneel") == (1, 3)
    assert cell(a, group="geen_jeugdhulp", outcome="woonsituatie", category="overig") == (0, 3)
    # income: 1 no, 2 yes | 3 yes, 4 no, 6 unknown -> left out of this outcome only
    assert cell(a, group="verblijf", outcome="economisch_zelfstandig", category="ja") == (0, 1)
    assert cell(a, group="wel_jeugdhulp", outcome="economisch_zelfstandig", category="ja") == (1, 2)
    assert cell(a, group="geen_jeugdhulp", outcome="economisch_zelfstandig", category="ja") == (1, 2)
    # wanbetaler: only 3; werk/onderwijs: 1, 2, 3, 6 yes, 4 no
    assert cell(a, group="geen_jeugdhulp", outcome="wanbetaler", category="ja") == (1, 3)
    assert cell(a, group="wel_jeugdhulp", outcome="wanbetaler", category="ja") == (0, 2)
    assert cell(a, group="wel_jeugdhulp", outcome="werk_onderwijs", category="ja") == (2, 2)
    assert cell(a, group="geen_jeugdhulp", outcome="werk_onderwijs", category="ja") == (2, 3)


def test_cohort_a_has_every_cell_and_only_aggregate_columns(tables):
    a = cohort_a(tables, [2018])
    assert list(a.columns) == ["year", "group", "outcome", "category", "numerator", "denominator"]
    # 3 groups x (4 woonsituatie categories + 3 binary outcomes)
    assert len(a) == 21
    assert "person_id" not in a.columns


def test_cohort_a_by_sex_keeps_empty_cells(tables):
    a = cohort_a(tables, [2018], by=["sex"])
    zelf = a[(a["outcome"] == "woonsituatie") & (a["category"] == "zelfstandig")]
    # V: 1 verblijf (zelfstandig), 3 geen (thuis); M: 2 wel (thuis), 4 geen (inst.), 6 geen (zelfst.)
    assert cell(zelf, sex="V", group="verblijf") == (1, 1)
    assert cell(zelf, sex="V", group="geen_jeugdhulp") == (0, 1)
    assert cell(zelf, sex="M", group="wel_jeugdhulp") == (0, 1)
    assert cell(zelf, sex="M", group="geen_jeugdhulp") == (1, 2)
    assert cell(zelf, sex="M", group="verblijf") == (0, 0)


def test_cohort_a_by_region(tables):
    a = cohort_a(tables, [2018], by=["jeugdregio"])
    # JZ13: 1, 2, 3 (members); JZ29: 4, 5, 6
    assert cell(a, jeugdregio="JZ13", group="wel_jeugdhulp", outcome="werk_onderwijs", category="ja") == (2, 2)
    assert cell(a, jeugdregio="JZ29", group="geen_jeugdhulp", outcome="werk_onderwijs", category="ja") == (1, 2)


def test_cohort_a_warns_when_the_window_at_16_17_starts_before_the_data(tables):
    # data start 2015; cohort 2017's window starts on 1 January 2014 for those born in January 1998
    with pytest.warns(UserWarning, match=r"cohort A \[2017\].*before the data \(2015\)"):
        cohort_a(tables, [2017])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cohort_a(tables, [2018])


# --------------------------------------------------------------------------- cohort B


def test_cohort_b_by_hand(tables):
    b = cohort_b(tables, [2016])
    # 18th birthday in 2016 (born 1998), resident 2016, care in [B18 - 3 months, B18):
    #   11 no (care ended 31-12-2015, quarter starts 1-1-2016), 12 yes (31-3-2016, B18 1-4-2016),
    #   13 yes, 14 yes, 15 yes but emigrated 15-10-2016 < B18 + 6 months -> excluded,
    #   16 yes (dies 1-3-2017, after 1-8-2016), 17 no residence in 2016, 18 yes (emigrates exactly
    #   on B18 + 6 months = 1-11-2016: not before it -> kept). Denominator: 12, 13, 14, 16, 18 = 5.
    assert set(b["denominator"]) == {5}
    # verlengde jeugdhulp: 13 (care on the birthday), 16 (still running); 14 restarts on 15-11-2016,
    # 4.5 months after B18 = 1-7-2016 -> only in the 6-month window
    assert cell(b, outcome="verlengde_jeugdhulp", scheme="jeugdhulp", window_months=1) == (2, 5)
    assert cell(b, outcome="verlengde_jeugdhulp", scheme="jeugdhulp", window_months=3) == (2, 5)
    assert cell(b, outcome="verlengde_jeugdhulp", scheme="jeugdhulp", window_months=6) == (3, 5)
    # Zvw-GGZ: 13 on 15-5-2016 (B18 1-4: not < 1-5, but < 1-7), 14 on 31-12-2016 (< 1-1-2017)
    assert [cell(b, scheme="zvw_ggz", window_months=k)[0] for k in (1, 3, 6)] == [0, 1, 2]
    # Wmo: 12 on the birthday itself; 14 on 1-1-2017 = B18 + 6 months (window end exclusive);
    # 15's Wmo does not count (excluded person)
    assert [cell(b, scheme="wmo", window_months=k)[0] for k in (1, 3, 6)] == [1, 1, 1]
    # Wlz: 18 on 31-5-2016 (B18 1-5); 13's Wlz started before the birthday -> not counted
    assert [cell(b, scheme="wlz", window_months=k)[0] for k in (1, 3, 6)] == [1, 1, 1]
    # totaal: {12, 18} -> {12, 18, 13} -> {12, 18, 13, 14}
    assert [cell(b, scheme="totaal", window_months=k)[0] for k in (1, 3, 6)] == [2, 3, 4]


def test_cohort_b_columns_and_cumulative_windows(tables):
    b = cohort_b(tables, [2016])
    assert list(b.columns) == ["year", "outcome", "scheme", "window_months", "numerator", "denominator"]
    for _, grp in b.groupby(["outcome", "scheme"]):
        assert grp.sort_values("window_months")["numerator"].is_monotonic_increasing


def test_cohort_b_refuses_a_year_whose_follow_up_runs_past_the_data(tables):
    with pytest.raises(VoortgangError, match=r"years = \[2018\].*31 December 2018.*up to 2017"):
        cohort_b(tables, [2018])


def test_cohort_b_by_sex(tables):
    b = cohort_b(tables, [2016], by=["sex"])
    # members: 12 M, 13 V, 14 M, 16 M, 18 M
    assert cell(b, sex="M", scheme="totaal", window_months=6) == (3, 4)  # 12, 18, 14
    assert cell(b, sex="V", scheme="totaal", window_months=6) == (1, 1)  # 13


# --------------------------------------------------------------------------- arguments


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"years": [2014]}, r"years = \[2014\]: the data cover 2015-2018"),
        ({"years": []}, r"no year given"),
        ({"years": ["x"]}, r"years = \['x'\]: expected a list of calendar years"),
        ({"years": [2018], "by": ["gemeente"]}, r"by = \['gemeente'\]: \['gemeente'\] not among"),
    ],
)
def test_bad_arguments_name_the_argument(tables, kwargs, message):
    with pytest.raises(VoortgangError, match=message):
        cohort_a(tables, **kwargs)


# --------------------------------------------------------------------------- gap to reference


def test_gap_to_reference_uses_newcombe_in_percentage_points():
    # Newcombe (1998) Table II: 56/70 - 48/80 -> diff 0.2000, 95% CI (0.0524, 0.3339)
    frame = pd.DataFrame(
        {
            "year": [2017, 2017],
            "group": ["wel_jeugdhulp", "geen_jeugdhulp"],
            "outcome": ["werk_onderwijs", "werk_onderwijs"],
            "category": ["ja", "ja"],
            "numerator": [56, 48],
            "denominator": [70, 80],
        }
    )
    gap = gap_to_reference(frame)
    assert len(gap) == 1
    row = gap.iloc[0]
    assert row["diff_pp"] == pytest.approx(20.00, abs=0.005)
    assert row["ci_low_pp"] == pytest.approx(5.24, abs=0.005)
    assert row["ci_high_pp"] == pytest.approx(33.39, abs=0.005)
    assert row["pct"] == pytest.approx(80.0) and row["ref_pct"] == pytest.approx(60.0)
    assert (row["ref_numerator"], row["ref_denominator"]) == (48, 80)


def test_gap_to_reference_leaves_empty_cells_undefined(tables):
    gap = gap_to_reference(cohort_a(tables, [2018], by=["sex"]))
    empty = gap[(gap["sex"] == "M") & (gap["group"] == "verblijf")]
    assert len(empty) and empty["diff_pp"].isna().all()
    assert set(gap["group"]) == {"verblijf", "wel_jeugdhulp"}
