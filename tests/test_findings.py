"""Generated findings and the trend column, on hand-checked series.

Expected headings follow the seed report's phrasing (seed001_structure.md,
"Result phrasing patterns"); numbers are computed by hand in the comments.
"""

from __future__ import annotations

import math

import pytest

from analysis.inputs.registry import Indicator
from analysis.measures.change import change_between
from analysis.measures.trends import TrendStatement, trend_statement
from analysis.present.findings import series_finding, trend_caveat, trend_cell
from analysis.present.wording import heading, size_word
from analysis.stats.trend import mann_kendall_min_points
from helpers import ANALYSIS, WORDS


def _indicator(unit="percent", direction="higher_is_better", breaks=()):
    return Indicator(
        id="x", label="X", unit=unit, direction=direction, kind="outcome",
        source="CBS", definition="d", first_period="2015", period_type="year",
        series_breaks=tuple({"periode": b, "reden": "Andere telling."} for b in breaks),
    )


@pytest.mark.parametrize(
    ("old", "new", "unit", "word"),
    [
        (61, 61.5, "percent", "evenveel"),  # 0,5 pp < 1
        (61, 63, "percent", "iets meer"),  # 2 pp
        (61, 64, "percent", "meer"),  # 3 pp
        (63, 78, "percent", "veel meer"),  # 15 pp
        (34, 27, "percent", "minder"),  # -7 pp
        (100, 101, "count", "stabiel aantal"),  # +1%
        (10780, 11430, "count", "toename"),  # +6,0% (jb instroom, seed l.2358)
        (1710, 1920, "count", "toename"),  # +12,3% (VOTS)
        (1665, 2955, "count", "sterke toename"),  # +77%
        (100, 97, "count", "lichte afname"),  # -3%
    ],
)
def test_size_words(old, new, unit, word):
    assert size_word(change_between(old, new, unit, WORDS), WORDS) == word


def test_heading_as_in_seed():
    # seed l.1322: "Iets meer cliënten geven aan dat ze snel geholpen zijn" (61 -> 63: +2 pp)
    assert heading(change_between(61, 63, "percent", WORDS), "cliënten geven aan dat ze snel geholpen zijn", WORDS) == (
        "Iets meer cliënten geven aan dat ze snel geholpen zijn"
    )
    # seed l.2354: "Toename instroom cliënten in de jeugdbescherming" (10.780 -> 11.430)
    assert heading(change_between(10780, 11430, "count", WORDS), "instroom cliënten in de jeugdbescherming", WORDS) == (
        "Toename instroom cliënten in de jeugdbescherming"
    )


def test_the_latest_change_leads_then_the_whole_period():
    # VGR 4 l.2392: uithuisplaatsingen bij OTS 34%, 32%, 29%, 27% (2016-2019)
    ind = _indicator(direction="lower_is_better")
    f = series_finding(ind, ["2016", "2017", "2018", "2019"], [34, 32, 29, 27], "uithuisplaatsingen bij OTS", ANALYSIS)
    assert f.heading == "Iets minder uithuisplaatsingen bij OTS"  # latest: 29 -> 27, 2 procentpunt
    assert f.text == ("Van 29% in 2018 naar 27% in 2019, een daling van 2 procentpunt. Dat is de gewenste richting. "
                      "Over de hele periode: van 34% in 2016 naar 27% in 2019, een daling van 7 procentpunt.")
    assert f.judgement == "gunstig"
    # 4 points of a percentage without denominator: Mann-Kendall cannot reject below 5 points at 0,05
    # (4 strictly falling points give at best S = -6, Var(S) = 8,667, z = 1,698, p = 0,089)
    assert f.caveats[0] == ("Met 4 meetpunten is geen trendtoets mogelijk (Mann-Kendall vraagt er minstens 5); "
                            "we beschrijven alleen de verandering.")


def test_a_rise_after_a_run_of_falls_is_said():
    # VGR 4 l.2354: instroom jeugdbescherming 11.040, 10.965, 10.780, 11.430 (2016-2019): the 2019 rise of
    # 11.430 / 10.780 - 1 = +6,0% follows two years of (small) decline
    ind = _indicator(unit="count", direction="lower_is_better")
    f = series_finding(ind, ["2016", "2017", "2018", "2019"], [11040, 10965, 10780, 11430], "instroom", ANALYSIS)
    assert f.heading == "Toename instroom"
    assert f.text == ("Van 10.780 in 2018 naar 11.430 in 2019, een stijging van 6%. Dat is niet de gewenste richting. "
                      "Dat is na twee jaar daling weer een stijging. "
                      "Over de hele periode: van 11.040 in 2016 naar 11.430 in 2019, een stijging van 4%.")


def test_a_half_year_is_compared_with_the_same_half_year_a_year_earlier():
    # half-years 2022-H1 382.000, 2022-H2 390.000, 2023-H1 384.000: against 2022-H2 -1,5% (stable),
    # against 2022-H1 +0,5% (stable)
    f = series_finding(_indicator(unit="count", direction="neutral"), ["2022-H1", "2022-H2", "2023-H1"],
                       [382000, 390000, 384000], "jongeren met jeugdhulp", ANALYSIS,
                       statuses=["definitief", "definitief", "voorlopig"])
    assert f.text.startswith("Van 390.000 in het tweede halfjaar van 2022 naar 384.000 in het eerste halfjaar van "
                             "2023 (volgens voorlopige cijfers), vrijwel gelijk gebleven")
    assert "Ten opzichte van het eerste halfjaar van 2022 is dat vrijwel gelijk." in f.text


def test_few_points_and_missing_values():
    f = series_finding(_indicator(), ["2015", "2017", "2019"], [65, math.nan, 67], "professionals met invloed", ANALYSIS)
    assert f.text.startswith("Van 65% in 2015 naar 67% in 2019, een stijging van 2 procentpunt.")
    assert f.caveats[0].startswith("Met 2 meetpunten is geen trendtoets mogelijk")


def test_series_break_limits_the_comparison():
    ind = _indicator(unit="count", direction="neutral", breaks=("2019",))
    f = series_finding(ind, ["2016", "2017", "2018", "2019"], [5060, 5325, 6165, 5550], "gezinsgerichte plaatsingen", ANALYSIS)
    assert "vanaf 2019 is de reeks niet goed vergelijkbaar" in f.caveats[0]
    # only one point after the break: measured since the break, not a new indicator
    assert f.caveats[-1] == "Gemeten sinds 2019: er is nog geen vergelijkbare eerdere meting."
    assert f.text == "In 2019: 5.550."


def test_new_indicator_and_no_values():
    f = series_finding(_indicator(), ["2019"], [88], "professionals die administratieve lasten ervaren", ANALYSIS)
    assert "Nieuwe indicator" in " ".join(f.caveats)
    empty = series_finding(_indicator(), ["2019"], [math.nan], "iets", ANALYSIS)
    assert empty.text == "Voor deze indicator zijn (nog) geen cijfers beschikbaar."


def test_edition_caveats_are_appended():
    f = series_finding(_indicator(), ["2015", "2018"], [61, 64], "cliënten", ANALYSIS,
                       ("Alleen cliënten die hulp kregen, zijn bevraagd.",))
    assert f.caveats[-1] == "Alleen cliënten die hulp kregen, zijn bevraagd."


def _cell(unit, periods, values, breaks=()):
    return trend_cell(trend_statement(unit, breaks, periods, values, 0.05), unit, WORDS)


def test_trend_cell_never_says_no_trend_where_no_test_could_reject():
    # 4 points of a percentage without denominator: the change is described instead
    assert _cell("percent", ["2016", "2017", "2018", "2019"], [34, 32, 29, 27]) == (
        "te weinig meetpunten voor een trendtoets; daling van 7 procentpunt")
    assert _cell("percent", ["2015", "2017", "2019"], [63, 69, 78]) == (
        "te weinig meetpunten voor een trendtoets; stijging van 15 procentpunt")
    # 10 strictly rising points: S = 45, Var = 10*9*25/18 = 125, z = 44/11,18 = 3,94, p < 0,001
    years = [str(y) for y in range(2010, 2020)]
    assert _cell("percent", years, list(range(1, 11))) == "stijgend (Mann-Kendall, p < 0,01)"
    # a break in 2015 leaves 5 points (2015-2019): S = 10, Var = 5*4*15/18 = 16,67,
    # z = 9/4,08 = 2,20, two-sided p = 0,027
    assert _cell("percent", years, list(range(1, 11)), breaks=["2015"]) == "stijgend (Mann-Kendall, p = 0,03)"


def test_counts_get_a_test_with_power_on_four_points():
    # thuiszitters 4.194, 4.214, 4.479, 4.790 (VGR 4 l.467): quasi-Poisson on 4 points, 2 df
    cell = _cell("count", ["2016", "2017", "2018", "2019"], [4194, 4214, 4479, 4790])
    assert cell.startswith(("stijgend (quasi-Poisson, p = ", "geen trend aangetoond (quasi-Poisson, p = "))
    assert _cell("count", ["2018", "2019"], [4479, 4790]) == "te weinig meetpunten voor een trendtoets; stijging van 7%"


def test_trend_cell_ignores_a_break_after_the_last_period():
    # VGR 4's Kernindicatoren row 'Jeugdhulp met verblijf (18-23 jaar)' 2016-2019 (l.464) on an
    # indicator with the 2021 break of the CBS series: its 4 points are tested, not 0 points after 2021
    periods, values = ["2016", "2017", "2018", "2019"], [1665, 2085, 2185, 2955]
    assert _cell("count", periods, values, breaks=["2021"]).startswith("stijgend (quasi-Poisson")
    assert _cell("count", periods + ["2023"], values + [3500], breaks=["2021"]) == (
        "te weinig meetpunten voor een trendtoets")


def test_mann_kendall_can_reject_from_five_points_at_5_percent():
    # n = 4: S_max = 6, Var = 8,667, z = 5/2,944 = 1,698, p = 0,0895; n = 5: S = 10, Var = 16,667,
    # z = 9/4,082 = 2,205, p = 0,0275; at 1%: n = 6: S = 15, Var = 28,333, z = 14/5,323 = 2,630, p = 0,0085
    assert mann_kendall_min_points(0.05) == 5
    assert mann_kendall_min_points(0.01) == 6


def test_trend_caveat_significant():
    statement = TrendStatement(method="mann_kendall", trend="dalend", p=0.003, n=10, needed=5, first=None, last=None,
                               break_at=None)
    assert trend_caveat(statement) == "Over 10 meetpunten is de trend dalend (Mann-Kendall, p < 0,01)."
