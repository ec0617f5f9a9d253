"""Tests of the house-style charts (analysis.present.charts).

Values are figures published in the 4th voortgangsrapportage (mei 2020), as
listed in ``shared/reference/seed001_figures.csv`` (line numbers of the seed
report in the comments); expected strings are written out by hand.
"""

from __future__ import annotations

import io
import itertools

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.figure import Figure
from matplotlib.text import Text

from analysis.errors import VoortgangError
from analysis.present.charts.bar import bar_chart
from analysis.present.charts.line import _spread, line_chart
from analysis.present.charts.style import (
    dutch_number_formatter,
    dutch_percent_formatter,
    house_style,
    luma,
)

# --- published figures -------------------------------------------------------


@pytest.fixture
def thuiszitters() -> pd.DataFrame:
    """Langdurige thuiszitters per schooljaar (Kernindicatoren, l.467)."""
    return pd.DataFrame(
        {"schooljaar": ["2015/2016", "2016/2017", "2017/2018", "2018/2019"], "aantal": [4194, 4214, 4479, 4790]}
    )


@pytest.fixture
def verblijf() -> pd.DataFrame:
    """Jeugdhulp met verblijf als % van totale jeugdhulp, 0-23 jaar (l.463)."""
    return pd.DataFrame({"jaar": ["2016", "2017", "2018", "2019"], "pct": [11.6, 11.6, 10.4, 10.1]})


@pytest.fixture
def snel_geholpen() -> pd.DataFrame:
    """Cliënt vindt dat hij/zij snel wordt geholpen, 2015-2018 (l.456)."""
    return pd.DataFrame({"jaar": ["2015", "2016", "2017", "2018"], "pct": [61, 63, 65, 64]})


@pytest.fixture
def zelfstandig() -> pd.DataFrame:
    """Zelfstandig wonend, 18-19 jaar, naar jeugdhulp op 16-17 jaar (AL4 factsheet, l.2146)."""
    return pd.DataFrame(
        {
            "jaar": ["2016", "2017"] * 3,
            "groep": ["Jeugdhulp met verblijf"] * 2 + ["Wel jeugdhulp"] * 2 + ["Geen jeugdhulp"] * 2,
            "pct": [54, 50, 20, 18, 12, 12],
        }
    )


@pytest.fixture
def woonsituatie() -> pd.DataFrame:
    """Woonsituatie 2016 of the group 'jeugdhulp met verblijf' (l.2146-2150)."""
    return pd.DataFrame(
        {
            "groep": ["Jeugdhulp met verblijf"] * 4,
            "woonsituatie": ["zelfstandig", "thuiswonend", "institutioneel", "overig"],
            "pct": [54, 31, 8, 7],
        }
    )


def texts(fig: Figure) -> list[str]:
    """Every text drawn on the figure (titles, labels, annotations, legend)."""
    return [t.get_text() for t in fig.findobj(Text)]


def png_bytes(fig: Figure) -> bytes:
    """The PNG exactly as analysis.present.display.show_figure writes it."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


# --- Dutch numbers -------------------------------------------------------------


def test_formatters_write_dutch_numbers() -> None:
    assert dutch_number_formatter()(4000) == "4.000"
    assert dutch_number_formatter(1)(10.5) == "10,5"
    assert dutch_percent_formatter()(10) == "10%"
    assert dutch_percent_formatter(1)(10.5) == "10,5%"


def test_formatter_without_decimals_takes_them_from_the_tick_spacing() -> None:
    formatter = dutch_percent_formatter(None)
    formatter.set_locs([0.0, 2.5, 5.0])
    assert [formatter(v) for v in (0.0, 2.5, 5.0)] == ["0,0%", "2,5%", "5,0%"]


def test_count_axis_ticks_are_dutch(thuiszitters: pd.DataFrame) -> None:
    fig, _ = line_chart(thuiszitters, "schooljaar", "aantal", unit="count", title="Thuiszitters", ylabel="Aantal")
    fig.canvas.draw()
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "4.000" in ticks
    assert "2.000" in ticks
    assert not any("," in t for t in ticks)


def test_percent_axis_ticks_carry_percent_sign(verblijf: pd.DataFrame) -> None:
    fig, _ = bar_chart(verblijf, "jaar", "pct", unit="percent", title="Verblijf", ylabel="Percentage")
    fig.canvas.draw()
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "10%" in ticks
    assert all(t.endswith("%") for t in ticks if t)


@pytest.mark.parametrize("chart", [line_chart, bar_chart])
def test_value_labels_use_the_published_precision(chart, verblijf: pd.DataFrame) -> None:
    fig, _ = chart(verblijf, "jaar", "pct", unit="percent", title="Verblijf", ylabel="Percentage")
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert labels.count("11,6%") == 2
    assert "10,4%" in labels
    assert "10,1%" in labels


# --- greyscale -----------------------------------------------------------------


def test_every_line_series_differs_in_marker_and_linestyle_and_grey() -> None:
    frame = pd.DataFrame(
        {
            "jaar": ["2016", "2017"] * 6,
            "reeks": [name for name in "ABCDEF" for _ in range(2)],
            "pct": [10, 12, 20, 22, 30, 32, 40, 42, 50, 52, 60, 62],
        }
    )
    fig, _ = line_chart(frame, "jaar", "pct", hue="reeks", title="Zes reeksen", ylabel="Percentage")
    handles = fig.legends[0].legend_handles
    assert len(handles) == 6
    styles = [(h.get_marker(), str(h.get_linestyle())) for h in handles]
    for a, b in itertools.combinations(styles, 2):
        assert a[0] != b[0] or a[1] != b[1]
    greys = [luma(mpl.colors.to_hex(h.get_color())) for h in handles]
    for a, b in itertools.combinations(greys, 2):
        assert abs(a - b) >= 0.1  # distinct when printed in greys


def test_every_bar_series_has_its_own_hatch_and_grey(zelfstandig: pd.DataFrame) -> None:
    fig, _ = bar_chart(zelfstandig, "jaar", "pct", hue="groep", title="Zelfstandig wonend", ylabel="Percentage")
    handles = fig.legends[0].legend_handles
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["Jeugdhulp met verblijf", "Wel jeugdhulp", "Geen jeugdhulp"]
    hatches = [h.get_hatch() or "" for h in handles]
    assert len(set(hatches)) == 3
    greys = [luma(mpl.colors.to_hex(h.get_facecolor())) for h in handles]
    for a, b in itertools.combinations(greys, 2):
        assert abs(a - b) >= 0.1


# --- alt text and synthetic-data mark ----------------------------------------------


def test_line_alt_text_names_type_title_and_every_value(snel_geholpen: pd.DataFrame) -> None:
    _, alt = line_chart(snel_geholpen, "jaar", "pct", title="Cliënt wordt snel geholpen", ylabel="Percentage")
    assert alt == "Lijndiagram 'Cliënt wordt snel geholpen': 61% in 2015, 63% in 2016, 65% in 2017 en 64% in 2018."


def test_a_long_series_is_described_by_its_ends_and_extremes() -> None:
    # 13 half-years: 10, 11, ..., 22 with a dip to 5 in the fourth
    values = [10.0 + i for i in range(13)]
    values[3] = 5.0
    periods = [f"{2017 + i // 2}-H{1 + i % 2}" for i in range(13)]
    _, alt = line_chart(pd.DataFrame({"p": periods, "pct": values}), "p", "pct", title="Lang", ylabel="%")
    assert alt == ("Lijndiagram 'Lang': van 10% in het eerste halfjaar van 2017 naar 22% in het eerste halfjaar "
                   "van 2023; laagste 5% in het tweede halfjaar van 2018, hoogste 22% in het eerste halfjaar van 2023.")


def test_count_alt_text_uses_dutch_thousands(thuiszitters: pd.DataFrame) -> None:
    _, alt = line_chart(thuiszitters, "schooljaar", "aantal", unit="count", title="Thuiszitters", ylabel="Aantal")
    assert "4.194 in 2015/2016, 4.214 in 2016/2017, 4.479 in 2017/2018 en 4.790 in 2018/2019" in alt


def test_alt_text_skips_a_missing_value_and_reads_quarters() -> None:
    # Uitstroom buiten zorg en welzijn, jeugdzorg (l.476, l.2607): 2017Q3 unreadable.
    frame = pd.DataFrame({"periode": ["2015Q3", "2017Q3", "2019Q3"], "pct": [6.8, np.nan, 6.7]})
    fig, alt = line_chart(frame, "periode", "pct", title="Uitstroom", ylabel="Percentage")
    assert "6,8% in 2015 (3e kwartaal) en 6,7% in 2019 (3e kwartaal)" in alt
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["2015 3e kw", "2017 3e kw", "2019 3e kw"]


def test_bar_alt_text_names_every_series_and_value(zelfstandig: pd.DataFrame) -> None:
    _, alt = bar_chart(zelfstandig, "jaar", "pct", hue="groep", title="Zelfstandig wonend", ylabel="Percentage")
    assert alt.startswith("Staafdiagram 'Zelfstandig wonend' met 3 reeksen: ")
    assert "Jeugdhulp met verblijf: 54% in 2016 en 50% in 2017" in alt
    assert "Geen jeugdhulp: 12% in 2016 en 12% in 2017" in alt


@pytest.mark.parametrize("chart", [line_chart, bar_chart])
def test_synthetic_flag_marks_figure_and_alt_text(chart, snel_geholpen: pd.DataFrame) -> None:
    fig, alt = chart(snel_geholpen, "jaar", "pct", title="Snel geholpen", ylabel="Percentage", synthetic=True)
    assert "synthetische data" in texts(fig)
    assert alt.endswith("Synthetische data.")
    real_fig, real_alt = chart(snel_geholpen, "jaar", "pct", title="Snel geholpen", ylabel="Percentage")
    assert "synthetische data" not in " ".join(texts(real_fig)).lower()
    assert "synthetische" not in real_alt.lower()


# --- layout ----------------------------------------------------------------------


def test_periods_and_groups_keep_their_given_order() -> None:
    frame = pd.DataFrame(
        {"groep": ["Wel jeugdhulp", "Geen jeugdhulp", "Jeugdhulp met verblijf"], "pct": [18, 12, 50]}
    )
    fig, alt = bar_chart(frame, "groep", "pct", title="Zelfstandig wonend 2017", ylabel="Percentage")
    labels = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_xticklabels()]
    assert labels == ["Wel jeugdhulp", "Geen jeugdhulp", "Jeugdhulp met verblijf"]
    assert alt.endswith("Wel jeugdhulp 18%, Geen jeugdhulp 12% en Jeugdhulp met verblijf 50%.")


def test_integer_years_are_read_as_period_labels() -> None:
    frame = pd.DataFrame({"jaar": [2016, 2017, 2018, 2019], "pct": [34, 32, 29, 27]})  # uhp bij OTS, l.465
    fig, alt = line_chart(frame, "jaar", "pct", title="Uithuisplaatsing bij OTS", ylabel="Percentage")
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["2016", "2017", "2018", "2019"]
    assert "34% in 2016, 32% in 2017, 29% in 2018 en 27% in 2019" in alt


def test_break_draws_a_labelled_dotted_line_and_splits_the_series(snel_geholpen: pd.DataFrame) -> None:
    fig, alt = line_chart(
        snel_geholpen, "jaar", "pct", title="Snel geholpen", ylabel="Percentage", breaks=["2017"]
    )
    ax = fig.axes[0]
    assert "trendbreuk" in [t.get_text() for t in ax.texts]
    verticals = [ln for ln in ax.get_lines() if list(ln.get_xdata()) == [1.5, 1.5]]
    assert len(verticals) == 1 and verticals[0].get_linestyle() == ":"
    segments = [list(ln.get_xdata()) for ln in ax.get_lines() if ln not in verticals]
    assert segments == [[0, 1], [2, 3]]  # not joined across the break
    assert "Trendbreuk tussen 2016 en 2017." in alt


def test_stacked_bars_start_where_the_previous_segment_ends(woonsituatie: pd.DataFrame) -> None:
    fig, alt = bar_chart(
        woonsituatie, "groep", "pct", hue="woonsituatie", stacked=True, title="Woonsituatie", ylabel="Percentage"
    )
    bottoms = [p.get_y() for p in fig.axes[0].patches]
    assert bottoms == [0, 54, 85, 93]  # 54, 54+31, 54+31+8
    assert alt.startswith("Gestapeld staafdiagram 'Woonsituatie' met 4 reeksen: ")


@pytest.fixture
def beeindiging() -> pd.DataFrame:
    """Hoe is het jeugdhulptraject beëindigd? 2016-2019 (AL1 factsheet, l.1284-1288).

    Volgens plan + overig = 100 each year; eenzijdig door cliënt is part of overig.
    """
    return pd.DataFrame(
        {
            "jaar": ["2016", "2017", "2018", "2019"] * 3,
            "reeks": ["Volgens plan"] * 4 + ["Overig"] * 4 + ["Eenzijdig door cliënt"] * 4,
            "pct": [90, 86, 91, 92, 10, 14, 9, 8, 4, 3, 4, 4],
        }
    )


def test_a_part_is_drawn_inside_its_whole_not_beside_it(beeindiging: pd.DataFrame) -> None:
    fig, alt = bar_chart(beeindiging, "jaar", "pct", hue="reeks", title="Beëindiging", ylabel="%",
                         parts={"Eenzijdig door cliënt": "Overig"})
    bars = {c.get_label(): list(c) for c in fig.axes[0].containers}
    assert set(bars) == {"Volgens plan", "Overig", "waarvan eenzijdig door cliënt"}
    for whole, part in zip(bars["Overig"], bars["waarvan eenzijdig door cliënt"], strict=True):
        eps = 1e-9
        assert whole.get_x() - eps <= part.get_x()
        assert part.get_x() + part.get_width() <= whole.get_x() + whole.get_width() + eps
        assert part.get_y() == 0 and part.get_height() <= whole.get_height()
    # side by side there are two bars per year (the part lies within one), adding up to 100, not 104
    for year in range(4):
        side_by_side = [bars["Volgens plan"][year], bars["Overig"][year]]
        assert side_by_side[0].get_x() + side_by_side[0].get_width() <= side_by_side[1].get_x() + 1e-9
        assert sum(b.get_height() for b in side_by_side) == 100
    # the part's label sits inside its whole, right of the part's bar
    labels = {t.get_text(): t.xy for t in fig.axes[0].texts if t.get_text() == "3%"}
    whole = bars["Overig"][1]
    assert whole.get_x() < labels["3%"][0] < whole.get_x() + whole.get_width()
    assert "Overig: 10% in 2016, 14% in 2017, 9% in 2018 en 8% in 2019; waarvan eenzijdig door cliënt: 4% in " \
           "2016, 3% in 2017, 4% in 2018 en 4% in 2019." in alt
    assert "De staaf ‘Eenzijdig door cliënt’ staat binnen de staaf ‘Overig’" in alt


def test_without_parts_the_three_bars_stand_side_by_side(beeindiging: pd.DataFrame) -> None:
    # the drawing the parts argument replaces: three slots a year, suggesting 90 + 10 + 4 = 104%
    fig, _ = bar_chart(beeindiging, "jaar", "pct", hue="reeks", title="Beëindiging", ylabel="%")
    first = [c[0] for c in fig.axes[0].containers]
    assert len({round(b.get_x(), 6) for b in first}) == 3
    assert sum(b.get_height() for b in first) == 104


@pytest.mark.parametrize(
    ("parts", "stacked", "message"),
    [
        ({"Eenzijdig door cliënt": "Anders"}, False, r"'Anders' is not a series of the chart"),
        ({"Overig": "Eenzijdig door cliënt"}, False, r"'Overig' is larger than its whole 'Eenzijdig door cliënt' "
                                                      r"in 2016, 2017, 2018, 2019"),
        ({"Eenzijdig door cliënt": "Overig", "Overig": "Volgens plan"}, False, r"not itself a part"),
        ({"Eenzijdig door cliënt": "Overig"}, True, r"not with stacked=True"),
    ],
)
def test_bad_parts_are_refused(beeindiging: pd.DataFrame, parts: dict, stacked: bool, message: str) -> None:
    with pytest.raises(VoortgangError, match=message):
        bar_chart(beeindiging, "jaar", "pct", hue="reeks", title="Beëindiging", parts=parts, stacked=stacked)


def test_missing_bar_is_labelled_with_the_cbs_symbol() -> None:
    frame = pd.DataFrame({"jaar": ["2015Q3", "2017Q3", "2019Q3"], "pct": [6.8, np.nan, 6.7]})
    fig, alt = bar_chart(frame, "jaar", "pct", title="Uitstroom", ylabel="Percentage")
    assert [t.get_text() for t in fig.axes[0].texts] == ["6,8%", ".", "6,7%"]
    assert "2017" not in alt


def test_more_than_two_series_label_first_and_last_values() -> None:
    # Cliëntervaring "vaak of altijd", 2015 and 2018 (l.456-460, l.1290-1294).
    frame = pd.DataFrame(
        {
            "jaar": ["2015", "2016", "2017", "2018"] * 3,
            "item": ["Snel geholpen"] * 4 + ["Samen beslissen"] * 4 + ["Weet waar terecht"] * 4,
            "pct": [61, 63, 65, 64, 78, 77, 87, 87, 67, np.nan, np.nan, 75],
        }
    )
    fig, alt = line_chart(frame, "jaar", "pct", hue="item", title="Cliëntervaring", ylabel="Percentage")
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert sorted(labels) == sorted(["61%", "64%", "78%", "87%", "67%", "75%"])
    assert "Samen beslissen: 78% in 2015, 77% in 2016, 87% in 2017 en 87% in 2018" in alt


@given(st.lists(st.floats(min_value=0, max_value=100), min_size=1, max_size=6))
def test_spread_keeps_order_and_gap(targets: list[float]) -> None:
    gap = 3.0
    placed = _spread(np.array(targets), gap)
    order = np.argsort(np.array(targets), kind="stable")
    ranked = placed[order]
    assert np.all(np.diff(ranked) >= gap - 1e-9)


# --- determinism and global state ------------------------------------------------------


def test_same_input_gives_byte_identical_png(zelfstandig: pd.DataFrame) -> None:
    def render() -> bytes:
        fig, _ = bar_chart(zelfstandig, "jaar", "pct", hue="groep", title="Zelfstandig", ylabel="Percentage")
        return png_bytes(fig)

    assert render() == render()


@pytest.mark.parametrize("chart", ["line", "bar", "stacked"])
def test_png_does_not_depend_on_rcparams_set_by_an_earlier_notebook(chart: str, woonsituatie: pd.DataFrame) -> None:
    def make() -> Figure:
        if chart == "line":
            return line_chart(woonsituatie, "woonsituatie", "pct", title="W", ylabel="Percentage")[0]
        stacked = chart == "stacked"
        return bar_chart(woonsituatie, "groep", "pct", hue="woonsituatie", stacked=stacked, title="W", ylabel="")[0]

    plain = png_bytes(make())
    # Settings the house style does not name itself: it must start from matplotlib's defaults.
    changed = {
        "axes.titlepad": 20.0, "axes.labelpad": 15.0, "ytick.major.pad": 12.0,
        "xtick.labelcolor": "red", "ytick.labelcolor": "red", "legend.handlelength": 5.0,
    }
    with mpl.rc_context(changed):
        assert png_bytes(make()) == plain
    fig = make()
    with mpl.rc_context(changed):  # made in a clean kernel, saved in a changed one
        assert png_bytes(fig) == plain


def test_house_style_does_not_leak(thuiszitters: pd.DataFrame, zelfstandig: pd.DataFrame) -> None:
    before = dict(mpl.rcParams)
    with house_style():
        assert mpl.rcParams["font.sans-serif"] == ["DejaVu Sans"]
        assert mpl.rcParams["axes.spines.top"] is False
    line_chart(thuiszitters, "schooljaar", "aantal", unit="count", title="T", ylabel="Aantal", breaks=["2017/2018"])
    bar_chart(zelfstandig, "jaar", "pct", hue="groep", stacked=True, title="Z", ylabel="Percentage")
    assert dict(mpl.rcParams) == before


# --- bad input ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"y": "waarde"}, r"argument 'y': column 'waarde' is not in the frame \(columns: jaar, pct\)"),
        ({"x": "periode"}, r"argument 'x': column 'periode' is not in the frame"),
        ({"hue": "groep"}, r"argument 'hue': column 'groep' is not in the frame"),
        ({"unit": "promille"}, r"argument 'unit': 'promille' is not one of 'percent', 'count'"),
        ({"title": " "}, r"argument 'title': every chart needs a title"),
        ({"breaks": ["2014"]}, r"argument 'breaks': '2014' is not a period of column 'jaar'"),
        ({"breaks": ["2015"]}, r"argument 'breaks': '2015' is not a period of column 'jaar' after the first"),
    ],
)
def test_bad_arguments_name_the_argument(snel_geholpen: pd.DataFrame, kwargs: dict, message: str) -> None:
    arguments = {"x": "jaar", "y": "pct", "title": "Snel geholpen", "ylabel": "Percentage", **kwargs}
    with pytest.raises(VoortgangError, match=message):
        line_chart(snel_geholpen, **arguments)


@pytest.mark.parametrize("chart", [line_chart, bar_chart])
def test_empty_frame_is_refused(chart) -> None:
    frame = pd.DataFrame({"jaar": pd.Series([], dtype=str), "pct": pd.Series([], dtype=float)})
    with pytest.raises(ValueError, match=r"argument 'frame': the frame is empty \(0 rows\)"):
        chart(frame, "jaar", "pct", title="Leeg", ylabel="Percentage")


def test_proportions_are_refused_as_percentages() -> None:
    frame = pd.DataFrame({"jaar": ["2016", "2017"], "pct": [0.5, 116.0]})
    with pytest.raises(VoortgangError, match=r"argument 'y': column 'pct' has 1 value\(s\) outside 0-100"):
        bar_chart(frame, "jaar", "pct", title="Verblijf", ylabel="Percentage")


def test_repeated_points_are_refused_with_a_count_only(zelfstandig: pd.DataFrame) -> None:
    doubled = pd.concat([zelfstandig, zelfstandig.iloc[:2]])
    with pytest.raises(VoortgangError, match=r"argument 'frame': 2 row\(s\) repeat a value of \(x, hue\)"):
        bar_chart(doubled, "jaar", "pct", hue="groep", title="Zelfstandig", ylabel="Percentage")


def test_too_many_series_for_greyscale_are_refused() -> None:
    frame = pd.DataFrame({"jaar": ["2019"] * 7, "reeks": list("ABCDEFG"), "pct": range(10, 17)})
    with pytest.raises(VoortgangError, match=r"argument 'hue': column 'reeks' has 7 levels; a chart shows at most 6"):
        line_chart(frame, "jaar", "pct", hue="reeks", title="Zeven", ylabel="Percentage")


def test_non_numeric_values_are_refused() -> None:
    frame = pd.DataFrame({"jaar": ["2016", "2017"], "pct": ["11,6", "11,6"]})
    with pytest.raises(VoortgangError, match=r"argument 'y': column 'pct' must be numeric"):
        line_chart(frame, "jaar", "pct", title="Verblijf", ylabel="Percentage")
