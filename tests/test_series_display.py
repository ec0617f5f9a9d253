"""Provisional figures, half-years and series breaks in tables, charts and sentences.

Values are typed from CBS pages (see ``../shared/reference/cbs_published/``):
jeugdhulp in natura in the first half-year, 382 thousand in 2022 (definitief) and
384 thousand in 2023 (voorlopig; CBS longread "Jeugdhulp 1e halfjaar 2023");
young people with jeugdzorg, 428 thousand in 2018 (Jeugdmonitor 2019) and 474
thousand in 2023 (voorlopig; Jeugdmonitor 2024); "1 op de 7,5" (Jeugdmonitor 2022).
Changes are computed by hand in the comments.
"""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.lines import Line2D

from analysis.inputs.headlines import Kerncijfer
from analysis.inputs.programme import KernRowSpec
from analysis.inputs.registry import Indicator, parse_registry
from analysis.measures.indicators import kern_rows, years_with_values
from analysis.present.charts.line import line_chart
from analysis.present.factsheets import panel_table
from analysis.present.findings import series_finding
from analysis.present.kernindicatoren import BREAK_MARK, headline_lines, kern_display, table_footnotes
from analysis.present.numbers import STATUS_FOOTNOTE, format_value
from analysis.present.wording import describe_change, period_label
from helpers import ANALYSIS, WORDS

HALF_YEARS = pd.DataFrame({
    "periode": ["2022-H1", "2023-H1"], "reeks": ["Jeugdhulp in natura"] * 2,
    "waarde": [382000.0, 384000.0], "status": ["definitief", "voorlopig"],
})


def indicator(unit="count", period_type="half_year", breaks=()) -> Indicator:
    return Indicator(id="jh", label="Jongeren met jeugdhulp in natura", unit=unit, direction="neutral",
                     kind="context", source="CBS", definition="d", first_period="2022-H1", period_type=period_type,
                     series_breaks=tuple({"periode": b, "reden": "CBS telt vanaf 2021 meer aanbieders mee."}
                                         for b in breaks))


# ------------------------------------------------------------------ a provisional last point, three ways


def test_table_marks_the_provisional_half_year():
    table, footnotes = panel_table(HALF_YEARS, "count")
    assert list(table.columns) == ["2022 1e hj", "2023 1e hj"]
    assert table.loc["Jeugdhulp in natura"].tolist() == ["382.000", "384.000*"]
    assert footnotes == [STATUS_FOOTNOTE]
    assert STATUS_FOOTNOTE == "* Voorlopig cijfer; ** nader voorlopig cijfer (CBS)."


def test_chart_draws_the_provisional_point_open_and_says_so():
    fig, alt = line_chart(HALF_YEARS, x="periode", y="waarde", unit="count", title="Jeugdhulp in natura",
                          status="status")
    assert "382.000 in het eerste halfjaar van 2022 en 384.000 in het eerste halfjaar van 2023 (voorlopig)" in alt
    assert "Open punten en een stippellijn: voorlopige cijfers." in alt
    ax = fig.axes[0]
    open_points = [ln for ln in ax.get_lines() if ln.get_markerfacecolor() in ("white", "#ffffff", (1, 1, 1, 1))]
    assert len(open_points) == 1 and list(open_points[0].get_xdata()) == [1.0]
    assert [ln.get_linestyle() for ln in ax.get_lines()].count("--") == 1
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2022 1e hj", "2023 1e hj"]
    labels = [t.get_text() for t in ax.texts]
    assert "384.000*" in labels and "382.000" in labels
    legend = fig.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == ["voorlopig cijfer"]
    assert isinstance(legend.legend_handles[0], Line2D)


def test_sentence_says_the_figure_is_provisional():
    f = series_finding(indicator(), ["2022-H1", "2023-H1"], [382000.0, 384000.0], "jongeren met jeugdhulp",
                       ANALYSIS, statuses=["definitief", "voorlopig"])
    # 384/382 - 1 = +0,52%: below the 2% stability band, so "vrijwel gelijk gebleven"
    assert f.text.startswith("Van 382.000 in het eerste halfjaar van 2022 naar 384.000 in het eerste halfjaar van "
                             "2023 (volgens voorlopige cijfers), vrijwel gelijk gebleven")


def test_a_final_figure_is_not_called_provisional():
    f = series_finding(indicator(), ["2022-H1", "2023-H1"], [382000.0, 384000.0], "jongeren", ANALYSIS,
                       statuses=["definitief", "definitief"])
    assert "voorlopig" not in f.text


def test_the_issues_example_sentence():
    # 474 / 428 - 1 = +10,7% -> "een stijging van 11%"; 2023 is voorlopig
    assert describe_change(428000, 474000, "2018", "2023", "count", WORDS, provisional=True) == (
        "van 428.000 in 2018 naar 474.000 in 2023 (volgens voorlopige cijfers), een stijging van 11%")


# ------------------------------------------------------------------ the Kernindicatoren table

REGISTRY = parse_registry({"indicators": [
    {"id": "jz", "label": "Jeugdzorg", "unit": "count", "direction": "neutral", "kind": "context",
     "source": "CBS", "definition": "d", "first_period": "2018", "period_type": "year",
     "series_breaks": [{"periode": "2021", "reden": "CBS telt vanaf 2021 meer aanbieders mee."}]},
]}, "test")
FIGURES = pd.DataFrame({
    "indicator_id": ["jz"] * 3, "breakdown": ["0-23"] * 3, "period": ["2018", "2021", "2023"],
    "value": [428000.0, 450000.0, 474000.0], "status": ["definitief", "definitief", "voorlopig"],
})
SELECTION = (KernRowSpec(indicator="jz", breakdown="0-23", label="Jongeren met jeugdzorg"),)


def test_kern_table_marks_provisional_values_and_the_break():
    rows = kern_rows(FIGURES, SELECTION, REGISTRY, [2018, 2019, 2020, 2021, 2022, 2023, 2024])
    years = years_with_values(rows, [2018, 2019, 2020, 2021, 2022, 2023, 2024])
    assert years == [2018, 2021, 2023]  # no empty columns
    shown = kern_display(rows, years)
    assert shown.loc["Jongeren met jeugdzorg"].tolist() == ["428.000", "450.000" + BREAK_MARK, "474.000*"]
    notes = table_footnotes(rows, years)
    assert notes[0] == STATUS_FOOTNOTE
    assert notes[1] == "| Trendbreuk bij Jongeren met jeugdzorg vanaf 2021. CBS telt vanaf 2021 meer aanbieders mee."


def test_headline_line_says_provisional_and_stays_within_the_segment():
    item = Kerncijfer(indicator="jz", breakdown="0-23", onderwerp="jongeren met jeugdzorg")
    no_break = parse_registry({"indicators": [{**REGISTRY.get("jz").model_dump(), "series_breaks": []}]}, "test")
    figures = FIGURES.assign(value=[428000.0, math.nan, 474000.0])
    assert headline_lines(figures, no_break, (item,), WORDS) == [
        "Jongeren met jeugdzorg: van 428.000 in 2018 naar 474.000 in 2023 (volgens voorlopige cijfers), "
        "een stijging van 11%."]
    # with the 2021 break, 2018 is not comparable with 2023: only the latest figure is said
    assert headline_lines(figures, REGISTRY, (item,), WORDS) == [
        "Jongeren met jeugdzorg: 474.000 in 2023 (volgens voorlopige cijfers)."]


# ------------------------------------------------------------------ periods and units


def test_annual_and_half_year_points_share_one_time_axis():
    mixed = pd.DataFrame({"periode": ["2019", "2020-H1", "2020"], "waarde": [10.0, 11.0, 12.0]})
    fig, _ = line_chart(mixed, x="periode", y="waarde", unit="percent", title="Gemengd")
    ticks = list(fig.axes[0].get_xticks())
    assert ticks == [2019.5, 2020.25, 2020.5]  # the middle of each period


def test_a_series_measured_since_its_break():
    f = series_finding(indicator(period_type="half_year", breaks=("2021-H1",)), ["2020-H1", "2021-H1"],
                       [347000.0, 362000.0], "jongeren", ANALYSIS, statuses=["", "voorlopig"])
    assert f.caveats[-1] == "Gemeten sinds het eerste halfjaar van 2021: er is nog geen vergelijkbare eerdere meting."
    assert "Nieuwe indicator" not in " ".join(f.caveats)
    assert f.text == "In het eerste halfjaar van 2021: 362.000 (volgens voorlopige cijfers)."


def test_units_as_cbs_writes_them():
    assert format_value(7.5, "one_in_n") == "1 op de 7,5"
    assert format_value(97.9, "index") == "97,9"
    assert period_label("2022-01-01") == "1 januari 2022"


def test_an_edition_without_subtitle_is_named_by_its_title():
    from analysis.present.wording import edition_phrase

    assert edition_phrase("Voortgangsrapportage 2024-H1", "x") == "voortgangsrapportage 2024-H1"  # not 2024-h1
    assert edition_phrase("", "Voortgangsrapportage Hervormingsagenda Jeugd") == (
        "voortgangsrapportage Hervormingsagenda Jeugd")
