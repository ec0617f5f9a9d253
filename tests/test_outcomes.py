"""Outcome indicators per ended jeugdhulp trajectory (analysis.measures.outcomes), worked out by hand.

The fixture tests/fixtures/microdata/outcomes holds 4 persons, 9 trajectories, residence 2018-2019
(so the data end on 2019-12-31). Per ended trajectory within 2018-2019 (trajectory of person 4 that
ended in 2017 lies outside; person 1's 2019 trajectory is still running):

====  ======  ==========  =================  ======  =====  ================================  ==================
traj  person  end         reden              vorm    age    next start >= end + 2 days          6m / 12m followed?
====  ======  ==========  =================  ======  =====  ================================  ==================
a     1       2018-03-31  volgens_plan       zonder  8      2019-02-01 (04-01 adjoins: not)   yes / yes (2019-03-31)
b     1       2018-06-30  eenzijdig_client   met     8      2019-02-01                        yes / yes (2019-06-30)
d     2       2019-01-15  (unknown)          zonder  15     2019-06-01 (01-16 adjoins: not)   yes / no (2020-01-15)
e     2       2019-03-31  volgens_plan       zonder  15     2019-06-01                        yes / no
f     2       2019-08-31  voortijdig_overig  met     16     none                              no (2020-02-29) / no
g     3       2019-05-31  volgens_plan       zonder  7      none                              yes / no
h     4       2018-12-31  volgens_plan       zonder  18     none                              yes / yes (2019-12-31)
====  ======  ==========  =================  ======  =====  ================================  ==================

volgens plan: a, e, g, h of the 6 with a known reason (d unknown) = 4/6; eenzijdig: b = 1/6.
Re-entry within 6 months: followed a, b, d, e, g, h; d and e (2019-06-01 <= 07-15, 09-30) = 2/6.
Re-entry within 12 months: followed a, b, h; a (2019-02-01 <= 2019-03-31) and b = 2/3.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.errors import VoortgangError
from analysis.inputs.aggregates import COUNT_COLUMNS
from analysis.inputs.microdata.load import load_microdata
from analysis.measures.outcomes import half_year, outcome_counts, select_counts

FIXTURE = Path(__file__).parent / "fixtures" / "microdata" / "outcomes"


@pytest.fixture(scope="module")
def counts() -> pd.DataFrame:
    return outcome_counts(load_microdata(FIXTURE, fmt="csv"))


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [("volgens_plan", (4, 6)), ("eenzijdig_client", (1, 6)), ("heraanmelding_6m", (2, 6)),
     ("heraanmelding_12m", (2, 3))],
)
def test_national_totals_by_hand(counts, outcome, expected):
    total = select_counts(counts, outcome, [])
    assert (int(total["numerator"][0]), int(total["denominator"][0])) == expected


def test_cells_by_region_period_age_and_vorm(counts):
    assert list(counts.columns) == list(COUNT_COLUMNS)
    cells = counts.set_index(["jeugdregio", "period", "age_group", "sex", "vorm", "outcome"]).sort_index()
    # b: JZ14, 2018-H1, age 8, boy, pleegzorg (met verblijf), eenzijdig door de cliënt
    b = cells.loc[("JZ14", "2018-H1", "4-12", "M", "met_verblijf")]
    assert b.loc["volgens_plan"].tolist() == [0, 1] and b.loc["eenzijdig_client"].tolist() == [1, 1]
    assert b.loc["heraanmelding_6m"].tolist() == [0, 1] and b.loc["heraanmelding_12m"].tolist() == [1, 1]
    # d and e: JZ14, 2019-H1, 15-year-old girl; d has no reason; both re-enter within 6 months;
    # neither has 12 months of follow-up (no cell)
    de = cells.loc[("JZ14", "2019-H1", "12-18", "V", "zonder_verblijf")]
    assert de.loc["volgens_plan"].tolist() == [1, 1] and de.loc["heraanmelding_6m"].tolist() == [2, 2]
    assert "heraanmelding_12m" not in de.index
    # h: aged 18 at the end date -> 18-23, 2018-H2, JZ01
    assert cells.loc[("JZ01", "2018-H2", "18-23", "M", "zonder_verblijf", "heraanmelding_12m")].tolist() == [0, 1]
    # f: 2019-H2 has no 6 months of follow-up
    f = cells.loc[("JZ14", "2019-H2", "12-18", "V", "met_verblijf")]
    assert sorted(f.index) == ["eenzijdig_client", "volgens_plan"]


def test_by_vorm_and_period(counts):
    by_vorm = select_counts(counts, "volgens_plan", ["vorm"]).set_index("vorm")
    assert by_vorm.loc["met_verblijf"].tolist() == [0, 2]  # b, f
    assert by_vorm.loc["zonder_verblijf"].tolist() == [4, 4]  # a, e, g, h
    by_period = select_counts(counts, "heraanmelding_6m", ["period"]).set_index("period")
    assert by_period.loc["2019-H1", ["numerator", "denominator"]].tolist() == [2, 3]  # d, e of d, e, g
    assert by_period["position"].is_monotonic_increasing
    one_region = select_counts(counts, "volgens_plan", [], regions=["JZ01"])
    assert one_region[["numerator", "denominator"]].iloc[0].tolist() == [2, 2]  # g, h


def test_half_years():
    dates = pd.to_datetime(["2019-06-30", "2019-07-01", "2020-12-31"]).to_numpy()
    assert list(half_year(dates)) == ["2019-H1", "2019-H2", "2020-H2"]


def test_select_counts_names_a_bad_argument(counts):
    with pytest.raises(VoortgangError, match=r"outcome = 'uitval'"):
        select_counts(counts, "uitval", [])
    with pytest.raises(VoortgangError, match=r"keep = \['gemeente'\]"):
        select_counts(counts, "volgens_plan", ["gemeente"])
