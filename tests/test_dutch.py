"""Dutch number formatting and generated phrases.

Expected strings are written by hand from the seed report's own wording
(`seed001_structure.md`, "Result phrasing patterns" and section f), not produced
by running our code.
"""

import math

import pytest

from analysis.measures.change import change_between, judgement
from analysis.present.numbers import (
    format_change_pct,
    format_number,
    format_percent,
    format_pp,
    format_value,
    round_half_away,
)
from analysis.present.wording import (
    change_amount_text,
    describe_change,
    join_dutch,
    sentence_case,
)
from helpers import WORDS


@pytest.mark.parametrize(
    ("x", "decimals", "expected"),
    [
        (4194, 0, "4.194"),
        (1665, 0, "1.665"),
        (443000, 0, "443.000"),
        (10.1, 1, "10,1"),
        (1234567.891, 2, "1.234.567,89"),
        (-0.2, 0, "0"),  # no "-0"
        (2.5, 0, "3"),  # half away from zero, not to even
        (-2.5, 0, "\u22123"),  # the minus sign U+2212, never a hyphen (issue 12)
        (0.125, 2, "0,13"),
        (math.nan, 0, "."),
        (None, 0, "."),
    ],
)
def test_format_number(x, decimals, expected):
    assert format_number(x, decimals) == expected


def test_round_half_away_uses_written_decimal():
    # 10.15 is 10.1499999... in binary; a reader rounds the written 10,15 to 10,2.
    assert str(round_half_away(10.15, 1)) == "10.2"


def test_percent_and_units():
    assert format_percent(11.6, 1) == "11,6%"
    assert format_value(11.6, "percent") == "11,6%"
    assert format_value(34.0, "percent") == "34%"
    assert format_value(4194.0, "count") == "4.194"
    assert format_value(8.0, "one_in_n") == "1 op de 8"
    assert format_value(13.7, "eur_million") == "€ 13,7 miljoen"
    assert format_value(math.nan, "percent") == "."


def test_growth_is_signed_percent_as_in_seed():
    # seed l.1628-1633 "groei 2016-2019": -18%, -4%, -3%, -5%, +77% (printed with the minus sign U+2212)
    assert format_change_pct((3360 / 4110 - 1) * 100) == "\u221218%"
    assert format_change_pct((14515 / 15135 - 1) * 100) == "\u22124%"
    assert format_change_pct((22145 / 22880 - 1) * 100) == "\u22123%"
    assert format_change_pct((40020 / 42125 - 1) * 100) == "\u22125%"
    assert format_change_pct((2955 / 1665 - 1) * 100) == "+77%"


def test_pp_and_relative_are_kept_apart():
    # A percentage changes in procentpunt: 34% -> 27% is 7 procentpunt, not 21%.
    ch = change_between(34, 27, "percent", WORDS)
    assert ch.kind == "pp" and ch.amount == -7 and change_amount_text(ch) == "7 procentpunt"
    # A count changes relatively: 8.875 -> 9.330 OTS is +5% (seed l.2359).
    ch = change_between(8875, 9330, "count", WORDS)
    assert ch.kind == "relative" and change_amount_text(ch) == "5%"
    assert format_pp(-1.5, 1) == "1,5 procentpunt"


def test_describe_change_issue_example():
    # The foundation issue's own example sentence.
    assert (
        describe_change(34, 27, "2016", "2019", "percent", WORDS)
        == "van 34% in 2016 naar 27% in 2019, een daling van 7 procentpunt"
    )


def test_describe_change_decimals_and_counts():
    # 11,6% -> 10,1% is 1,5 procentpunt (exact, no float noise)
    assert describe_change(11.6, 10.1, "2016", "2019", "percent", WORDS).endswith("een daling van 1,5 procentpunt")
    # thuiszitters 4.194 -> 4.790 = +14,2% (seed section f.11) -> "14%"
    assert (
        describe_change(4194, 4790, "2015/2016", "2018/2019", "count", WORDS)
        == "van 4.194 in 2015/2016 naar 4.790 in 2018/2019, een stijging van 14%"
    )


def test_stable_threshold():
    # 0,5 procentpunt is below the 1-pp threshold: "vrijwel gelijk gebleven"
    text = describe_change(96.8, 96.3, "2016", "2017", "percent", WORDS)
    assert "vrijwel gelijk gebleven" in text and "0,5 procentpunt" in text
    assert describe_change(87, 87, "2017", "2018", "percent", WORDS).endswith("gelijk gebleven")
    # 1% relative change of a count is stable, 3% is not (threshold 2%)
    assert change_between(100, 101, "count", WORDS).movement == "stabiel"
    assert change_between(430, 443, "count", WORDS).movement == "stijging"


def test_judgement_uses_desired_direction():
    down = change_between(34, 27, "percent", WORDS)
    assert judgement(down, "lower_is_better") == "gunstig"
    assert judgement(down, "higher_is_better") == "ongunstig"
    assert judgement(down, "neutral") == "neutraal"


def test_relative_change_from_zero_names_argument():
    with pytest.raises(ValueError, match="'old' is 0"):
        change_between(0, 5, "count", WORDS)


def test_join_dutch():
    assert join_dutch(["wonen", "werk", "inkomen"]) == "wonen, werk en inkomen"
    assert join_dutch(["wonen"]) == "wonen"


def test_sentence_case_keeps_abbreviations():
    assert sentence_case("cliënten geven aan") == "Cliënten geven aan"
    assert sentence_case("betalingsachterstand Zvw-premie bij OTS") == "Betalingsachterstand Zvw-premie bij OTS"
    assert sentence_case("") == ""
