"""Periods: one spelling across the project, CBS's notations, and one time axis.

Expected values are typed from the CBS pages quoted in
``../shared/reference/cbs_published/`` (``2019*``, ``2021HJ1*``, ``2022HJ1**``)
and from the calendar, not from our output.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.errors import VoortgangError
from analysis.inputs.periods import (
    from_statline,
    parse_cbs_period,
    period_kind,
    period_position,
    sort_periods,
    to_statline,
)
from analysis.measures.periods import segment_starts


@given(st.integers(min_value=1900, max_value=2100))
def test_period_forms(year):
    assert period_kind(f"{year}") == "year"
    assert period_kind(f"{year}-H1") == "half_year"
    assert period_kind(f"{year}-H2") == "half_year"
    assert period_kind(f"{year}-H3") is None
    assert period_kind(f"{year}H1") is None  # one spelling: with the dash, as edition names
    assert period_kind(f"{year}/{year + 1}") == "school_year"
    assert period_kind(f"{year}/{year + 2}") is None
    assert period_kind(f"{year}Q3") == "quarter"
    assert period_kind(f"{year}-{year + 3}") == "range"
    assert period_kind(f"{year + 3}-{year}") is None
    assert period_kind(f"{year}-05") == "month"
    assert period_kind(f"{year}-13") is None
    assert period_kind(f"{year}-09-19") == "date"
    assert period_kind(f"{year}-05/{year}-08") == "month_span"
    assert period_kind(f"{year}|{year + 1}") == "one_of_years"
    assert period_kind(f"{year + 1}|{year}") is None


def test_a_date_must_exist():
    assert period_kind("2023-06-30") == "date"  # peildatum of the jeugdbescherming figures
    assert period_kind("2023-02-30") is None
    assert period_kind("2024-02-29") == "date"
    assert period_kind("2023-02-29") is None


@pytest.mark.parametrize(
    "printed, period, status",
    [
        ("2019*", "2019", "voorlopig"),
        ("2019", "2019", ""),
        ("2021HJ1*", "2021-H1", "voorlopig"),
        ("2021HJ1", "2021-H1", ""),
        ("2022HJ1**", "2022-H1", "nader voorlopig"),
        ("2023HJ2*", "2023-H2", "voorlopig"),
        ("2023HJ01", "2023-H1", ""),
        ("2015KW3", "2015Q3", ""),
        ("2019JJ00", "2019", ""),
        ("2018-2019", "2018-2019", ""),
        ("2022-01-01", "2022-01-01", ""),
        (" 2020* ", "2020", "voorlopig"),
    ],
)
def test_cbs_notation_splits_period_and_status(printed, period, status):
    assert parse_cbs_period(printed) == (period, status)


@pytest.mark.parametrize("printed", ["2019***x", "HJ1 2021", "2021HJ3", "", "x" * 5000])
def test_a_period_that_does_not_parse_is_named_briefly(printed):
    with pytest.raises(VoortgangError, match="does not parse") as err:
        parse_cbs_period(printed)
    assert len(str(err.value)) < 200  # never the whole of a long value


@pytest.mark.parametrize(
    "args, ours, key",
    [((2023, "HJ", 1), "2023-H1", "2023HJ01"), ((2019, "JJ", 0), "2019", "2019JJ00"),
     ((2015, "KW", 3), "2015Q3", "2015KW03"), ((2020, "MM", 5), "2020-05", "2020MM05")],
)
def test_statline_keys_map_both_ways(args, ours, key):
    assert from_statline(*args) == ours
    assert to_statline(ours) == key


def test_school_years_have_no_statline_key():
    with pytest.raises(VoortgangError, match="has no StatLine key"):
        to_statline("2018/2019")


def test_positions_are_the_middle_of_each_period():
    assert period_position("2019") == 2019.5
    assert period_position("2019-H1") == 2019.25
    assert period_position("2019-H2") == 2019.75
    assert period_position("2015Q3") == pytest.approx(2015 + 2.5 / 4)
    assert period_position("2016-2019") == 2018.0  # 1 Jan 2016 .. 31 Dec 2019
    assert period_position("2022-01-01") == 2022.0
    assert period_position("2020-05") == pytest.approx(2020 + 4.5 / 12)


def test_annual_and_half_year_points_order_on_one_axis():
    mixed = ["2019", "2020-H1", "2018-H2", "2018", "2019-H1", "2018-H1"]
    assert sort_periods(mixed) == ["2018-H1", "2018", "2018-H2", "2019-H1", "2019", "2020-H1"]


def test_a_position_needs_a_period():
    with pytest.raises(VoortgangError, match="is not a normalised period"):
        period_position("2019H1")


def test_a_chart_marks_a_break_between_two_observed_periods():
    # verblijf 0-23: VGR 4 gives 2016-2019, CBS 2023; the 2021 break falls between 2019 and 2023
    assert segment_starts(["2016", "2017", "2018", "2019", "2023"], ["2021"]) == ["2023"]
    assert segment_starts(["2016", "2017"], ["2021"]) == []  # after the last period: nothing to mark
    assert segment_starts(["2021", "2022"], ["2021"]) == []  # at the first period: nothing before it
    assert segment_starts(["2020-H1", "2021-H1", "2022-H1"], ["2021-H1"]) == ["2021-H1"]
    # a yearly break applies to half-years from the first half of that year
    assert segment_starts(["2020-H2", "2021-H1"], ["2021"]) == ["2021-H1"]
