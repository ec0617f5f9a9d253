"""House-style charts for the factsheets: data in, ``(Figure, alt text)`` out.

Every factsheet panel ("Feiten & Cijfers") is one figure made here, so all
charts share one look:

- readable in greyscale: each series has its own grey value (at least 0,1
  apart in luma), marker, line style and, for bars, hatch;
- Dutch axis labels and numbers (``4.194``, ``10,5%``) via
  :mod:`analysis.dutch`;
- a Dutch alt text for every figure, naming the chart type, the title, the
  series and their values with units;
- charts from synthetic data carry the words "synthetische data" on the figure
  and in the alt text.

Conventions
-----------
- ``unit="percent"``: values are percentages in ``[0, 100]`` (not proportions
  in ``[0, 1]``); ``unit="count"``: non-negative numbers of persons, cases etc.
- Periods (or groups) on the x-axis are strings as published (``2016``,
  ``2017/2018``, ``2015Q3``) and keep the order in which they first appear in
  the frame; they are never parsed or sorted.
- Value labels use the published precision of the values
  (:func:`analysis.dutch.decimals_of`, the largest in the frame) unless
  ``decimals`` is given.
- The y-axis starts at 0 (bars and lines alike).

A notebook shows a chart with ``show_figure(*line_chart(...))``
(:func:`analysis.display.show_figure`). Figures are made with
:class:`matplotlib.figure.Figure` and an Agg canvas, not with pyplot: nothing is
registered globally, and rendering does not depend on the notebook backend.
Drawing uses matplotlib directly; seaborn supplies the base theme (seaborn's
``barplot``/``lineplot`` estimate from raw observations, and have neither
stacked bars nor broken series; we plot published aggregates).
"""

from __future__ import annotations

import contextlib
import functools
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

import matplotlib as mpl
import numpy as np
import pandas as pd
import seaborn as sns
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter, MaxNLocator

from analysis.dutch import decimals_of, format_number, format_percent, format_value, join_dutch
from analysis.errors import VoortgangError
from analysis.house_style import load_house_style
from analysis.periods import period_label

ChartUnit = Literal["percent", "count"]

#: Figure size: the 16 cm text width of an A4 page with 2,5 cm margins, 9 cm high.
FIGURE_SIZE_CM: tuple[float, float] = (16.0, 9.0)
_CM_PER_INCH = 2.54

#: The only font: bundled with matplotlib, so output does not depend on the fonts
#: installed on the machine (byte-identical PNGs across machines with the pinned
#: matplotlib).
FONT: str = "DejaVu Sans"

#: Text on every chart made from synthetic data (and, capitalised, in its alt text).
SYNTHETIC_MARK: str = "synthetische data"
#: Label of the vertical line at a break in a series.
BREAK_LABEL: str = "trendbreuk"

#: Colours besides the house-style text and accent colours (``templates/house_style.yaml``).
_MID_GREY, _LIGHT_BLUE, _DARK_GREY, _LIGHT_GREY = "#8c8c8c", "#a6c8e6", "#6a6a6a", "#e0e0e0"
_GRID_GREY = "#e6e6e6"
#: One entry per series, in this order; no two entries share marker, line style
#: or hatch. Six is the most a factsheet panel can show legibly.
_MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P")
_LINESTYLES: tuple[Any, ...] = ("-", "--", ":", "-.", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 1)))
_HATCHES: tuple[str, ...] = ("", "///", "...", "xxx", "\\\\\\", "ooo")
MAX_SERIES: int = len(_MARKERS)

#: Fill luma (ITU-R BT.601, 0 = black) below which text and hatches on a bar are white.
_DARK_FILL_LUMA = 0.5
#: Line charts label every point up to this many series, else only each series' ends.
_MAX_SERIES_LABELLED_AT_POINTS = 2
#: Value labels: font size and distance from the point or bar end (points).
_LABEL_SIZE_PT = 7.5
_LABEL_OFFSET_PT = 6.0
#: Stacked bars: segments lower than this fraction of the y-axis get no label
#: (it would not fit; the alt text still has every value).
_MIN_LABELLED_SEGMENT = 0.05


@dataclass(frozen=True)
class SeriesStyle:
    """How one series is drawn: colour, marker and line style (lines), hatch (bars)."""

    colour: str
    marker: str
    linestyle: Any
    hatch: str


@functools.cache
def _house_colours() -> tuple[str, str, str]:
    """Text, accent and rule colour from ``templates/house_style.yaml`` (read once)."""
    style = load_house_style()
    return style.text_colour, style.accent_colour, style.rule_colour


def series_styles() -> list[SeriesStyle]:
    """The greyscale-safe styles of the series, in order of use.

    The grey values (luma) of the colours lie at least 0,1 apart, and each
    series also has its own marker, line style and hatch, so series stay
    distinct when printed in greys.
    """
    text, accent, _ = _house_colours()
    colours = (accent, _MID_GREY, text, _LIGHT_BLUE, _DARK_GREY, _LIGHT_GREY)
    return [SeriesStyle(*s) for s in zip(colours, _MARKERS, _LINESTYLES, _HATCHES, strict=True)]


def luma(colour: str) -> float:
    """Grey value of a colour in [0, 1] (ITU-R BT.601 weights, as greyscale printing uses)."""
    r, g, b = to_rgb(colour)
    return 0.299 * r + 0.587 * g + 0.114 * b


def house_rc() -> dict[str, Any]:
    """rcParams of the house style (on top of matplotlib's defaults).

    seaborn's ``whitegrid`` style and ``paper`` context, then: one bundled font,
    house-style colours, horizontal grid lines only, no top/right spines, a
    left-aligned bold title, the greyscale-safe property cycle and an A4-column
    figure size.
    """
    text, _, rule = _house_colours()
    styles = series_styles()
    return {
        **sns.axes_style("whitegrid"),
        **sns.plotting_context("paper"),
        "font.family": ["sans-serif"],
        "font.sans-serif": [FONT],
        "font.size": 9.0,
        "axes.titlesize": 10.0,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.labelsize": 9.0,
        "xtick.labelsize": 8.5,
        "ytick.labelsize": 8.5,
        "legend.fontsize": 8.5,
        "legend.frameon": False,
        "text.color": text,
        "axes.labelcolor": text,
        "xtick.color": text,
        "ytick.color": text,
        "axes.edgecolor": rule,
        "axes.grid": True,
        "axes.grid.axis": "y",
        "grid.color": _GRID_GREY,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.spines.left": False,
        "xtick.bottom": True,
        "lines.linewidth": 1.6,
        "lines.markersize": 5.5,
        "patch.force_edgecolor": True,
        "hatch.linewidth": 0.8,
        "axes.prop_cycle": (
            cycler(color=[s.colour for s in styles])
            + cycler(marker=[s.marker for s in styles])
            + cycler(linestyle=[s.linestyle for s in styles])
        ),
        "figure.figsize": tuple(v / _CM_PER_INCH for v in FIGURE_SIZE_CM),
        "figure.facecolor": "white",
        "svg.hashsalt": "voortgang",
    }


def house_style() -> contextlib.AbstractContextManager[None]:
    """Context manager that applies the house style and restores rcParams after.

    Starts from matplotlib's defaults (not from whatever an earlier notebook in
    the same kernel set), so charts look the same in every kernel; the global
    rcParams are back as they were when the block ends.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> with house_style():
    ...     fig = Figure()  # drawn in the house style; rcParams restored after
    """
    return mpl.style.context(house_rc(), after_reset=True)


# ---------------------------------------------------------------------------
# Dutch tick formatters
# ---------------------------------------------------------------------------


class DutchFormatter(Formatter):
    """Tick formatter writing numbers the Dutch way (``4.000``, ``10,5%``).

    matplotlib's own ``ScalarFormatter(useLocale=True)`` depends on the system
    locale (``nl_NL`` is often not installed, and the output would vary by
    machine), so this small formatter delegates to :mod:`analysis.dutch`.

    Parameters
    ----------
    decimals : int or None
        Decimals on every tick; ``None`` takes the fewest (0 to 3) that show all
        tick locations exactly (ticks 0; 0,5; 1 -> ``0,0``, ``0,5``, ``1,0``).
    percent : bool
        Append ``%`` (tick values are percentages, 0-100).
    """

    def __init__(self, decimals: int | None = 0, percent: bool = False) -> None:
        if decimals is not None and not (isinstance(decimals, int) and 0 <= decimals <= 6):
            raise VoortgangError(f"argument 'decimals': expected an integer 0-6 or None, got {decimals!r}")
        self.decimals = decimals
        self.percent = percent
        self._auto = 0

    def set_locs(self, locs: Sequence[float]) -> None:
        """Remember the tick locations and choose the decimals for ``decimals=None``."""
        super().set_locs(locs)
        values = np.asarray(locs, dtype=float)
        self._auto = next(
            (d for d in range(4) if np.allclose(values * 10**d, np.round(values * 10**d), atol=1e-6)),
            3,
        )

    def __call__(self, x: float, pos: int | None = None) -> str:
        decimals = self._auto if self.decimals is None else self.decimals
        return format_percent(x, decimals) if self.percent else format_number(x, decimals)


def dutch_number_formatter(decimals: int | None = 0) -> DutchFormatter:
    """Tick formatter for numbers: ``4000 -> '4.000'``, ``10.5 -> '10,5'`` (decimals=1).

    Parameters
    ----------
    decimals : int or None
        Decimals shown (rounded half away from zero); ``None``: from the tick spacing.
    """
    return DutchFormatter(decimals, percent=False)


def dutch_percent_formatter(decimals: int | None = 0) -> DutchFormatter:
    """Tick formatter for percentages (values 0-100): ``10 -> '10%'``, ``10.5 -> '10,5%'`` (decimals=1).

    Parameters
    ----------
    decimals : int or None
        Decimals shown; ``None``: from the tick spacing.
    """
    return DutchFormatter(decimals, percent=True)


# ---------------------------------------------------------------------------
# Input checks and the long -> wide table every chart draws from
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Table:
    """Values by period/group (rows, in given order) and series (columns, in given order)."""

    values: pd.DataFrame
    decimals: int
    hue: bool


def _check_column(frame: pd.DataFrame, argument: str, column: str) -> None:
    if column not in frame.columns:
        raise VoortgangError(
            f"argument {argument!r}: column {column!r} is not in the frame "
            f"(columns: {', '.join(map(str, frame.columns))})"
        )


def _labels(frame: pd.DataFrame, argument: str, column: str) -> pd.Series:
    """A column of period/group labels as strings; integers (years) are accepted."""
    col = frame[column]
    missing = int(col.isna().sum())
    if missing:
        raise VoortgangError(f"argument {argument!r}: column {column!r} has {missing} missing value(s)")
    if pd.api.types.is_float_dtype(col) or pd.api.types.is_bool_dtype(col):
        raise VoortgangError(
            f"argument {argument!r}: column {column!r} must hold labels as published "
            f"(strings such as '2017/2018', or integer years), not {col.dtype}"
        )
    return col.map(str)


def _table(
    frame: pd.DataFrame,
    x: str,
    y: str,
    hue: str | None,
    unit: str,
    title: str,
    decimals: int | None,
) -> _Table:
    """Validate the arguments of a chart and pivot the values to periods x series."""
    if unit not in get_args(ChartUnit):
        raise VoortgangError(
            f"argument 'unit': {unit!r} is not one of {', '.join(map(repr, get_args(ChartUnit)))}"
        )
    if not isinstance(title, str) or not title.strip():
        raise VoortgangError("argument 'title': every chart needs a title (it is also used in the alt text)")
    if decimals is not None and not (isinstance(decimals, int) and 0 <= decimals <= 3):
        raise VoortgangError(f"argument 'decimals': expected an integer 0-3 or None, got {decimals!r}")
    if not isinstance(frame, pd.DataFrame):
        raise VoortgangError(f"argument 'frame': expected a pandas DataFrame, got {type(frame).__name__}")
    for argument, column in (("x", x), ("y", y), ("hue", hue)):
        if column is not None:
            _check_column(frame, argument, column)
    if frame.empty:
        raise VoortgangError("argument 'frame': the frame is empty (0 rows); nothing to chart")

    values = frame[y]
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        raise VoortgangError(f"argument 'y': column {y!r} must be numeric, not {values.dtype}")
    values = values.astype(float)
    if values.isna().all():
        raise VoortgangError(f"argument 'y': column {y!r} has no values (all {len(values)} missing)")
    upper = 100.0 if unit == "percent" else np.inf
    outside = int(((values < 0) | (values > upper)).sum())
    if outside:
        allowed = "0-100 (percentages, not proportions)" if unit == "percent" else ">= 0"
        raise VoortgangError(
            f"argument 'y': column {y!r} has {outside} value(s) outside {allowed} for unit {unit!r}"
        )

    long = pd.DataFrame({"x": _labels(frame, "x", x), "y": values})
    long["hue"] = _labels(frame, "hue", hue) if hue is not None else title
    repeated = int(long.duplicated(["x", "hue"]).sum())
    if repeated:
        what = f"(x, hue) = ({x!r}, {hue!r})" if hue is not None else f"x = {x!r}"
        raise VoortgangError(
            f"argument 'frame': {repeated} row(s) repeat a value of {what}; one value per point"
        )
    n_series = long["hue"].nunique()
    if n_series > MAX_SERIES:
        raise VoortgangError(
            f"argument 'hue': column {hue!r} has {n_series} levels; a chart shows at most {MAX_SERIES} "
            "series distinctly in greyscale"
        )
    wide = long.pivot(index="x", columns="hue", values="y")
    # pivot sorts; restore the order in which periods and series first appear.
    wide = wide.reindex(index=long["x"].unique(), columns=long["hue"].unique())
    if decimals is None:
        decimals = max(decimals_of(v) for v in values.dropna())
    return _Table(values=wide, decimals=decimals, hue=hue is not None)


# ---------------------------------------------------------------------------
# Shared drawing helpers
# ---------------------------------------------------------------------------


def _new_figure() -> tuple[Figure, Axes]:
    """A constrained-layout figure of the house size with an Agg canvas (no pyplot)."""
    fig = Figure(figsize=mpl.rcParams["figure.figsize"], layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def _format_axes(
    ax: Axes, table: _Table, unit: str, title: str, ylabel: str, top: float, synthetic: bool
) -> None:
    """Title, y label, Dutch y ticks from 0, period/group ticks on the x-axis."""
    # Narrower when the synthetic-data stamp shares the title row.
    ax.set_title(textwrap.fill(title, 60 if synthetic else 80))
    ax.set_ylabel(ylabel)
    ax.set_ylim(0, top if top > 0 else 1.0)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10], integer=unit == "count"))
    ax.yaxis.set_major_formatter(DutchFormatter(None, percent=unit == "percent"))
    ax.set_xticks(range(len(table.values.index)), [textwrap.fill(s, 20) for s in table.values.index])
    ax.tick_params(axis="x", length=0)


def _finish(fig: Figure, ax: Axes, table: _Table, synthetic: bool) -> None:
    """Legend below the axes (several series) and the synthetic-data mark."""
    if table.hue:
        handles, labels = ax.get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=min(len(labels), 3))
    if synthetic:
        # A stamp at the right of the title row: dark box, white text, readable in greyscale.
        ax.set_title(
            SYNTHETIC_MARK, loc="right", fontsize=8.5, fontweight="bold", color="white",
            bbox={"boxstyle": "square,pad=0.3", "facecolor": _house_colours()[0], "edgecolor": "none"},
        )


def _alt_text(
    kind: str,
    title: str,
    table: _Table,
    series_texts: list[str],
    extra: Sequence[str],
    synthetic: bool,
) -> str:
    """``"<Kind> '<title>': <series>. <extra> Synthetische data."`` in Dutch."""
    if table.hue:
        head = f"{kind} '{title}' met {len(series_texts)} reeksen: "
        body = "; ".join(series_texts)
    else:
        head, body = f"{kind} '{title}': ", series_texts[0]
    parts = [head + body + "."]
    parts.extend(extra)
    if synthetic:
        parts.append(SYNTHETIC_MARK.capitalize() + ".")
    return " ".join(parts)


# ---------------------------------------------------------------------------
# Charts
# ---------------------------------------------------------------------------


def line_chart(
    frame: pd.DataFrame,
    x: str,
    y: str,
    hue: str | None = None,
    unit: ChartUnit = "percent",
    title: str = "",
    ylabel: str = "",
    xlabel: str = "",
    synthetic: bool = False,
    breaks: Sequence[str] = (),
    decimals: int | None = None,
) -> tuple[Figure, str]:
    """Line chart of an indicator over time, with Dutch value labels at the points.

    Parameters
    ----------
    frame : DataFrame
        Long table: one row per period (and series).
    x : str
        Column of periods as published (``2016``, ``2017/2018``, ``2015Q3``);
        plotted in the order of first appearance.
    y : str
        Column of values in ``unit``; missing values leave a gap.
    hue : str, optional
        Column naming the series (at most :data:`MAX_SERIES`).
    unit : {"percent", "count"}
        ``percent``: percentages 0-100 (ticks ``10%``); ``count``: counts (``4.000``).
    title : str
        Chart title (Dutch); required, also used in the alt text.
    ylabel, xlabel : str
        Axis labels (Dutch).
    synthetic : bool
        Mark the figure and alt text as made from synthetic data.
    breaks : sequence of str
        Periods at which a new, not comparable series starts (a break *before*
        that period): a dotted vertical line labelled "trendbreuk" is drawn and
        the lines are not joined across it.
    decimals : int, optional
        Decimals of the value labels; default the published precision of the values.

    Returns
    -------
    (Figure, str)
        The figure and its Dutch alt text, for ``show_figure(*line_chart(...))``.

    Raises
    ------
    VoortgangError
        Naming the argument or column: unknown unit, missing column, empty frame,
        non-numeric or out-of-range values, repeated points, too many series,
        a break that is not a later period of ``x``.
    """
    table = _table(frame, x, y, hue, unit, title, decimals)
    periods = list(table.values.index)
    break_positions = []
    for period in breaks:
        if period not in periods or periods.index(period) == 0:
            raise VoortgangError(
                f"argument 'breaks': {period!r} is not a period of column {x!r} after the first one"
            )
        break_positions.append(periods.index(period))
    break_positions.sort()

    with house_style():
        fig, ax = _new_figure()
        text_colour = _house_colours()[0]
        wide = table.values
        top = float(np.nanmax(wide.to_numpy())) * 1.15
        _format_axes(ax, table, unit, title, ylabel, top, synthetic)
        ax.set_xlabel(xlabel)
        ax.set_xlim(-0.5, len(periods) - 0.5)
        positions = np.arange(len(periods))
        bounds = [0, *break_positions, len(periods)]
        for series, style in zip(wide.columns, series_styles(), strict=False):
            vals = wide[series].to_numpy()
            for i, (start, stop) in enumerate(zip(bounds[:-1], bounds[1:], strict=True)):
                ax.plot(
                    positions[start:stop], vals[start:stop],
                    color=style.colour, marker=style.marker, linestyle=style.linestyle,
                    markeredgecolor=text_colour, markeredgewidth=0.6,
                    label=str(series) if i == 0 else "_nolegend_",
                )
        if wide.shape[1] <= _MAX_SERIES_LABELLED_AT_POINTS:
            _label_points(ax, table, unit, text_colour)
        else:
            _label_ends(fig, ax, table, unit, text_colour)
        for pos in break_positions:
            ax.axvline(pos - 0.5, color=text_colour, linestyle=":", linewidth=1.0)
            ax.text(
                pos - 0.5, 1.0, BREAK_LABEL, transform=ax.get_xaxis_transform(),
                rotation=90, ha="right", va="top", fontsize=_LABEL_SIZE_PT, color=text_colour,
            )
        _finish(fig, ax, table, synthetic)

    series_texts = [
        _line_series_text(str(name), table.values[name], unit, table.decimals, table.hue)
        for name in table.values.columns
    ]
    extra = [
        f"Trendbreuk tussen {period_label(periods[p - 1])} en {period_label(periods[p])}." for p in break_positions
    ]
    return fig, _alt_text("Lijndiagram", title, table, series_texts, extra, synthetic)


def _label_points(ax: Axes, table: _Table, unit: str, colour: str) -> None:
    """A value label at every point: above it, or below for the lower of two series."""
    wide = table.values
    lowest = wide.idxmin(axis=1) if wide.shape[1] > 1 else pd.Series(dtype=object)
    for pos, (period, row) in enumerate(wide.iterrows()):
        for series, value in row.items():
            if np.isnan(value):
                continue
            below = lowest.get(period) == series
            ax.annotate(
                format_value(value, unit, table.decimals), (pos, value),
                xytext=(0, -_LABEL_OFFSET_PT if below else _LABEL_OFFSET_PT), textcoords="offset points",
                ha="center", va="top" if below else "bottom", fontsize=_LABEL_SIZE_PT, color=colour,
            )


def _label_ends(fig: Figure, ax: Axes, table: _Table, unit: str, colour: str) -> None:
    """Labels left of each series' first and right of its last value, spread apart.

    With more than two series, labels at every point would overlap; the first
    and last value (also named in the alt text) stay readable.
    """
    fig.draw_without_rendering()  # lay out first: the gap depends on the axes height
    low, high = ax.get_ylim()
    height_pt = ax.get_window_extent().height * 72 / fig.dpi
    gap = (high - low) * (_LABEL_SIZE_PT + 1.5) / height_pt
    ends = []
    for series in table.values.columns:
        observed = table.values[series].reset_index(drop=True).dropna()
        if not observed.empty:
            ends.append((int(observed.index[0]), float(observed.iloc[0]), "right", -_LABEL_OFFSET_PT))
            ends.append((int(observed.index[-1]), float(observed.iloc[-1]), "left", _LABEL_OFFSET_PT))
    for pos in sorted({e[0] for e in ends}):
        for side in ("left", "right"):
            group = [e for e in ends if e[0] == pos and e[2] == side]
            spread = _spread(np.array([e[1] for e in group]), gap)
            for (_, value, ha, dx), y in zip(group, spread, strict=True):
                ax.annotate(
                    format_value(value, unit, table.decimals), (pos, value), xytext=(dx, y),
                    textcoords=("offset points", "data"), ha=ha, va="center",
                    fontsize=_LABEL_SIZE_PT, color=colour,
                )


def _spread(targets: np.ndarray, gap: float) -> np.ndarray:
    """Positions near ``targets`` (same order) with at least ``gap`` between any two.

    Written here because label de-overlap is in none of our libraries: sort,
    push each label up to clear the one below, then shift the whole stack down
    by the mean displacement so it stays centred on the targets.
    """
    order = np.argsort(targets, kind="stable")
    placed = targets[order].astype(float)
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    placed -= (placed - targets[order]).mean() if len(placed) else 0.0
    result = np.empty_like(placed)
    result[order] = placed
    return result


def _line_series_text(name: str, values: pd.Series, unit: str, decimals: int, named: bool) -> str:
    """``"<name> van 61% in 2015 naar 64% in 2018"`` (first and last observed value)."""
    observed = values.dropna()
    prefix = f"{name} " if named else ""
    if observed.empty:
        return f"{prefix}zonder gegevens"
    first_period, first = observed.index[0], observed.iloc[0]
    if len(observed) == 1:
        return f"{prefix}{format_value(first, unit, decimals)} in {period_label(first_period)}"
    last_period, last = observed.index[-1], observed.iloc[-1]
    return (
        f"{prefix}van {format_value(first, unit, decimals)} in {period_label(first_period)} "
        f"naar {format_value(last, unit, decimals)} in {period_label(last_period)}"
    )


def bar_chart(
    frame: pd.DataFrame,
    x: str,
    y: str,
    hue: str | None = None,
    unit: ChartUnit = "percent",
    title: str = "",
    ylabel: str = "",
    synthetic: bool = False,
    stacked: bool = False,
    decimals: int | None = None,
) -> tuple[Figure, str]:
    """Bar chart comparing groups (or periods), with Dutch value labels on the bars.

    Parameters
    ----------
    frame : DataFrame
        Long table: one row per bar.
    x : str
        Column of the bar positions (periods as published, or group names), in
        the order of first appearance.
    y : str
        Column of values in ``unit``; a missing value leaves out the bar.
    hue : str, optional
        Column of the series (for example jeugdhulp met verblijf / wel jeugdhulp /
        geen jeugdhulp); bars side by side, or stacked with ``stacked=True``.
        Each series has its own fill grey and hatch.
    unit : {"percent", "count"}
        ``percent``: percentages 0-100; ``count``: counts.
    title : str
        Chart title (Dutch); required, also used in the alt text.
    ylabel : str
        Y-axis label (Dutch).
    synthetic : bool
        Mark the figure and alt text as made from synthetic data.
    stacked : bool
        Stack the series (composition, e.g. verblijfsvorm); labels sit inside
        the segments.
    decimals : int, optional
        Decimals of the value labels; default the published precision of the values.

    Returns
    -------
    (Figure, str)
        The figure and its Dutch alt text, for ``show_figure(*bar_chart(...))``.

    Raises
    ------
    VoortgangError
        Naming the argument or column (see :func:`line_chart`).
    """
    table = _table(frame, x, y, hue, unit, title, decimals)
    wide = table.values
    n_series = wide.shape[1]

    with house_style():
        fig, ax = _new_figure()
        text_colour = _house_colours()[0]
        top = float((wide.sum(axis=1) if stacked else wide.max(axis=1)).max()) * (1.05 if stacked else 1.12)
        _format_axes(ax, table, unit, title, ylabel, top, synthetic)
        positions = np.arange(len(wide.index), dtype=float)
        width = 0.8 if stacked else 0.8 / n_series
        bottom = np.zeros(len(positions))
        for i, (series, style) in enumerate(zip(wide.columns, series_styles(), strict=False)):
            vals = wide[series].to_numpy()
            dark = luma(style.colour) < _DARK_FILL_LUMA
            offset = 0.0 if stacked else (i - (n_series - 1) / 2) * width
            bars = ax.bar(
                positions + offset, np.nan_to_num(vals), width, bottom=bottom if stacked else 0.0,
                color=style.colour, edgecolor=text_colour, linewidth=0.6, hatch=style.hatch or None,
                hatchcolor="white" if dark else text_colour, label=str(series),
            )
            if stacked:
                _label_segments(ax, bars, vals, style, dark, top, unit, table.decimals, text_colour)
                bottom = bottom + np.nan_to_num(vals)
            else:
                # A missing value has no bar; its label is the CBS symbol "." at the base.
                labels = [format_value(v, unit, table.decimals) for v in vals]
                ax.bar_label(bars, labels=labels, padding=2, fontsize=_LABEL_SIZE_PT, color=text_colour)
        ax.set_xlim(-0.5, len(positions) - 0.5)
        _finish(fig, ax, table, synthetic)

    series_texts = [
        _bar_series_text(str(name), wide[name], unit, table.decimals, table.hue) for name in wide.columns
    ]
    kind = "Gestapeld staafdiagram" if stacked and table.hue else "Staafdiagram"
    return fig, _alt_text(kind, title, table, series_texts, (), synthetic)


def _label_segments(
    ax: Axes, bars: Any, vals: np.ndarray, style: SeriesStyle, dark: bool, top: float,
    unit: str, decimals: int, text_colour: str,
) -> None:
    """Labels inside stacked segments: white on a dark plain fill, else dark on a white box."""
    labels = [
        "" if np.isnan(v) or v < _MIN_LABELLED_SEGMENT * top else format_value(v, unit, decimals) for v in vals
    ]
    plain_dark = dark and not style.hatch
    ax.bar_label(
        bars, labels=labels, label_type="center", fontsize=_LABEL_SIZE_PT,
        color="white" if plain_dark else text_colour,
        bbox=None if plain_dark else {"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"},
    )


def _bar_series_text(name: str, values: pd.Series, unit: str, decimals: int, named: bool) -> str:
    """``"<name>: 54% in 2016 en 50% in 2017"`` (every bar; bars are few)."""
    parts = [_bar_point(str(k), format_value(v, unit, decimals)) for k, v in values.items() if not np.isnan(v)]
    text = join_dutch(parts) if parts else "zonder gegevens"
    return f"{name}: {text}" if named else text


def _bar_point(label: str, value: str) -> str:
    """``'54% in 2016'`` for a period, ``'Wel jeugdhulp 20%'`` for a group name."""
    readable = period_label(label)
    return f"{value} in {readable}" if readable[:4].isdigit() else f"{readable} {value}"
