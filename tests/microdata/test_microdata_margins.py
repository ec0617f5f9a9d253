"""National aggregates (analysis.measures.margins) on the hand-built population."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from analysis.inputs.microdata.dates import age_at
from analysis.inputs.microdata.load import load_microdata
from analysis.measures.margins import care_by_age, jeugdhulp_prevalence

FIXTURE = Path(__file__).parents[1] / "fixtures" / "microdata" / "cohort"


@pytest.fixture(scope="module")
def tables():
    return load_microdata(FIXTURE, fmt="csv")


def test_age_at_each_date():
    born = np.array(["1998-04-01", "2000-03-01"], dtype="datetime64[s]")
    dates = np.array(["2016-03-31", "2016-12-31"], dtype="datetime64[s]")
    assert age_at(born, dates).tolist() == [17, 16]


def test_prevalence_0_17_by_hand(tables):
    # residents 2016 aged 0-17 on 31-12-2016 (born 1999 or later): 1-8 and 10 = 9 persons;
    # of them only person 1 has care in 2016 (ambulant 1-5 .. 31-12-2016)
    prev = jeugdhulp_prevalence(tables, [2016])
    assert prev[["numerator", "denominator"]].values.tolist() == [[1, 9]]


def test_care_by_age_uses_the_age_on_the_last_day_of_care(tables):
    rows = care_by_age(tables, [2016]).set_index("age_group")
    # 12-18: 1 (16 on 31-12), 12 (17 on 31-3, the day before turning 18), 15 (17 on 30-6),
    #        18 (17 on 29-2);  18-23: 13 (18 on 30-9), 14 (18 on 31-12), 16 (running: 18 on 31-12);
    # 17 has care in 2016 but no residence in 2016; 11's care ended in 2015.
    assert rows["jeugdhulp"].to_dict() == {"0-4": 0, "4-12": 0, "12-18": 4, "18-23": 3}
    # verblijf in 2016: only 13 (gezinsgericht until 30-9-2016, aged 18)
    assert rows["verblijf"].to_dict() == {"0-4": 0, "4-12": 0, "12-18": 0, "18-23": 1}


def test_care_by_age_by_region(tables):
    rows = care_by_age(tables, [2016], by=["jeugdregio"])
    jz13 = rows[rows["jeugdregio"] == "JZ13"].set_index("age_group")["jeugdhulp"]
    # JZ13: persons 1, 2, 3, 11, 12, 13 -> users 1 (12-18), 12 (12-18), 13 (18-23)
    assert jz13.to_dict() == {"0-4": 0, "4-12": 0, "12-18": 2, "18-23": 1}
