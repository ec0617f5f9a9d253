"""Generated findings and the trend column, on hand-checked series.

Expected headings follow the seed report's phrasing (seed001_structure.md,
"Result phrasing patterns"); numbers are computed by hand in the comments.
"""

from __future__ import annotations

import math

import pytest

from analysis.inputs.registry import Indicator
from analysis.measures.change import change_between
from analysis.present.findings import series_finding, trend_caveat, trend_cell
from analysis.present.wording import heading, size_word
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


def test_series_finding_text_judgement_and_trend_caveat():
    ind = _indicator(direction="lower_is_better")
    f = series_finding(ind, ["2016", "2017", "2018", "2019"], [34, 32, 29, 27], "uithuisplaatsingen bij OTS", ANALYSIS)
    assert f.heading == "Minder uithuisplaatsingen bij OTS"
    assert f.text == "Van 34% in 2016 naar 27% in 2019, een daling van 7 procentpunt. Dat is de gewenste richting."
    assert f.judgement == "gunstig"
    # Mann-Kendall on 4 strictly falling points: S = -6, Var(S) = 4*3*13/18 = 8,667,
    # z = (|S|-1)/sqrt(Var) = 1,698, two-sided p = 0,089 -> no trend at 5%
    assert f.caveats[0] == (
        "Over 4 meetpunten is geen duidelijke trend aan te tonen (Mann-Kendall, p = 0,09); "
        "wees voorzichtig met conclusies."
    )


def test_few_points_and_missing_values():
    f = series_finding(_indicator(), ["2015", "2017", "2019"], [65, math.nan, 67], "professionals met invloed", ANALYSIS)
    assert f.text.startswith("Van 65% in 2015 naar 67% in 2019, een stijging van 2 procentpunt.")
    assert "Met 2 meetpunten is geen toets op een trend mogelijk" in f.caveats[0]


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


def test_trend_cell():
    assert trend_cell(["2015", "2017", "2019"], [63, 69, 78], 0.05) == "te weinig meetpunten (3)"
    assert trend_cell(["2016", "2017", "2018", "2019"], [34, 32, 29, 27], 0.05) == "geen trend (MK, p = 0,09)"
    # 10 strictly rising points: S = 45, Var = 10*9*25/18 = 125, z = 44/11,18 = 3,94, p < 0,001
    years = [str(y) for y in range(2010, 2020)]
    assert trend_cell(years, list(range(10)), 0.05) == "stijgend (MK, p < 0,01)"
    # a break in 2015 leaves 5 points (2015-2019): S = 10, Var = 5*4*15/18 = 16,67,
    # z = 9/4,08 = 2,20, two-sided p = 0,027
    assert trend_cell(years, list(range(10)), 0.05, breaks=["2015"]) == "stijgend (MK, p = 0,03)"


def test_trend_cell_ignores_a_break_after_the_last_period():
    # VGR 4's Kernindicatoren row 'Jeugdhulp met verblijf (18-23 jaar)' 2016-2019 (l.464) on an
    # indicator that has the 2021 break of the CBS series: the 4 points are tested as before
    # (S = 6, Var = 4*3*13/18 = 8,67, z = 5/2,94 = 1,70, two-sided p = 0,09), not 0 points after 2021
    periods, values = ["2016", "2017", "2018", "2019"], [1665, 2085, 2185, 2955]
    assert trend_cell(periods, values, 0.05, breaks=["2021"]) == "geen trend (MK, p = 0,09)"
    assert trend_cell(periods + ["2023"], values + [3500], 0.05, breaks=["2021"]) == "te weinig meetpunten (1)"


def test_trend_caveat_significant():
    assert trend_caveat("dalend", 10, 0.003) == "Over 10 meetpunten is de trend dalend (Mann-Kendall, p < 0,01)."
