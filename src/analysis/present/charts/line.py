"""Line charts of series over periods (factsheet panels, region against Nederland), with their alt text."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.errors import VoortgangError
from analysis.inputs.periods import period_kind, period_position
from analysis.present.charts.base import (
    _alt_text,
    _finish,
    _format_axes,
    _new_figure,
    _Table,
    _table,
)
from analysis.present.charts.style import (
    _LABEL_OFFSET_PT,
    _LABEL_SIZE_PT,
    _MAX_SERIES_LABELLED_AT_POINTS,
    BREAK_LABEL,
    ChartUnit,
    SeriesStyle,
    _house_colours,
    house_style,
    series_styles,
)
from analysis.present.numbers import format_value
from analysis.present.wording import join_dutch, period_label

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
    status: str | None = None,
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
    status : str, optional
        Column with the CBS status of each point: provisional points (``voorlopig``,
        ``nader voorlopig``) get an open marker, a dashed line into them, their
        marker in the label (``474.000*``) and "voorlopig" in the alt text.

    Periods of different kinds (years and half-years) are placed on one time
    axis by the middle of each period; periods of one kind are evenly spaced.

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
    table = _table(frame, x, y, hue, unit, title, decimals, status)
    periods = list(table.values.index)
    positions = _positions(periods)
    provisional = table.provisional()
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
        _format_axes(ax, table, unit, title, ylabel, top, synthetic, positions)
        ax.set_xlabel(xlabel)
        gap = float(np.min(np.diff(positions))) if len(positions) > 1 else 1.0
        ax.set_xlim(positions[0] - gap / 2, positions[-1] + gap / 2)
        bounds = [0, *break_positions, len(periods)]
        for series, style in zip(wide.columns, series_styles(), strict=False):
            vals = wide[series].to_numpy()
            late = provisional[series].to_numpy()
            for i, (start, stop) in enumerate(zip(bounds[:-1], bounds[1:], strict=True)):
                _plot_segment(ax, positions[start:stop], vals[start:stop], late[start:stop], style, text_colour,
                              str(series) if i == 0 else "_nolegend_")
        if wide.shape[1] <= _MAX_SERIES_LABELLED_AT_POINTS:
            _label_points(ax, table, unit, text_colour, positions)
        else:
            _label_ends(fig, ax, table, unit, text_colour, positions)
        for pos in break_positions:
            middle = (positions[pos - 1] + positions[pos]) / 2
            ax.axvline(middle, color=text_colour, linestyle=":", linewidth=1.0)
            ax.text(
                middle, 1.0, BREAK_LABEL, transform=ax.get_xaxis_transform(),
                rotation=90, ha="right", va="top", fontsize=_LABEL_SIZE_PT, color=text_colour,
            )
        extra = [_provisional_handle(text_colour)] if provisional.to_numpy().any() else []
        _finish(fig, ax, table, synthetic, extra)

    series_texts = [
        _line_series_text(str(name), table.values[name], unit, table.decimals, table.hue, provisional[name])
        for name in table.values.columns
    ]
    extra = [
        f"Trendbreuk tussen {period_label(periods[p - 1])} en {period_label(periods[p])}." for p in break_positions
    ]
    if provisional.to_numpy().any():
        extra.append("Open punten en een stippellijn: voorlopige cijfers.")
    return fig, _alt_text("Lijndiagram", title, table, series_texts, extra, synthetic)


def _positions(periods: list[str]) -> np.ndarray:
    """0..n-1 for periods of one kind; their places in time (years) when kinds are mixed."""
    kinds = {period_kind(p) for p in periods}
    if len(kinds) > 1 and None not in kinds:
        return np.array([period_position(p) for p in periods])
    return np.arange(len(periods), dtype=float)


def _plot_segment(ax: Axes, x: np.ndarray, y: np.ndarray, late: np.ndarray, style: SeriesStyle,
                  edge: str, label: str) -> None:
    """One segment of a series: solid up to the last final point, dashed into provisional ones (open markers)."""
    first_late = int(np.argmax(late)) if late.any() else len(x)
    solid = slice(0, first_late)
    ax.plot(x[solid], y[solid], color=style.colour, marker=style.marker, linestyle=style.linestyle,
            markeredgecolor=edge, markeredgewidth=0.6, label=label)
    if first_late < len(x):
        dashed = slice(max(first_late - 1, 0), len(x))
        ax.plot(x[dashed], y[dashed], color=style.colour, linestyle="--", label="_nolegend_")
        ax.plot(x[first_late:], y[first_late:], linestyle="none", marker=style.marker, markerfacecolor="white",
                markeredgecolor=edge, markeredgewidth=0.9, label="_nolegend_")


def _provisional_handle(edge: str) -> Line2D:
    """Legend entry for provisional points."""
    return Line2D([], [], color=edge, linestyle="--", marker="o", markerfacecolor="white", markeredgecolor=edge,
                  label="voorlopig cijfer")


def _label_points(ax: Axes, table: _Table, unit: str, colour: str, positions: np.ndarray) -> None:
    """A value label at every point: above it, or below for the lower of two series."""
    wide = table.values
    lowest = wide.idxmin(axis=1) if wide.shape[1] > 1 else pd.Series(dtype=object)
    for pos, (period, row) in zip(positions, wide.iterrows(), strict=True):
        for series, value in row.items():
            if np.isnan(value):
                continue
            below = lowest.get(period) == series
            ax.annotate(
                format_value(value, unit, table.decimals) + table.marker(period, series), (pos, value),
                xytext=(0, -_LABEL_OFFSET_PT if below else _LABEL_OFFSET_PT), textcoords="offset points",
                ha="center", va="top" if below else "bottom", fontsize=_LABEL_SIZE_PT, color=colour,
            )


def _label_ends(fig: Figure, ax: Axes, table: _Table, unit: str, colour: str, positions: np.ndarray) -> None:
    """Labels left of each series' first and right of its last value, spread apart.

    With more than two series, labels at every point would overlap; the first
    and last value (also named in the alt text) stay readable.
    """
    fig.draw_without_rendering()  # lay out first: the gap depends on the axes height
    low, high = ax.get_ylim()
    height_pt = ax.get_window_extent().height * 72 / fig.dpi
    gap = (high - low) * (_LABEL_SIZE_PT + 1.5) / height_pt
    ends = []
    periods = list(table.values.index)
    for series in table.values.columns:
        observed = table.values[series].reset_index(drop=True).dropna()
        if not observed.empty:
            first, last = int(observed.index[0]), int(observed.index[-1])
            ends.append((first, float(observed.iloc[0]), "right", -_LABEL_OFFSET_PT,
                         table.marker(periods[first], series)))
            ends.append((last, float(observed.iloc[-1]), "left", _LABEL_OFFSET_PT,
                         table.marker(periods[last], series)))
    for pos in sorted({e[0] for e in ends}):
        for side in ("left", "right"):
            group = [e for e in ends if e[0] == pos and e[2] == side]
            spread = _spread(np.array([e[1] for e in group]), gap)
            for (_, value, ha, dx, mark), y in zip(group, spread, strict=True):
                ax.annotate(
                    format_value(value, unit, table.decimals) + mark, (positions[pos], value), xytext=(dx, y),
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


#: Up to this many points the alt text of a line names every value; beyond, the ends and the extremes.
_ALT_ALL_POINTS = 12


def _line_series_text(
    name: str, values: pd.Series, unit: str, decimals: int, named: bool, provisional: pd.Series
) -> str:
    """The whole series in words: ``"<name>: 61% in 2015, 63% in 2016 en 64% in 2018"``.

    Every observed value up to :data:`_ALT_ALL_POINTS` points (a screen-reader user
    gets what the chart shows, not only its ends); a longer series gives its first
    and last value and its lowest and highest. "(voorlopig)" marks provisional points.
    """
    observed = values.dropna()
    prefix = f"{name}: " if named else ""
    if observed.empty:
        return f"{name} zonder gegevens" if named else "zonder gegevens"

    def point(period: str, value: float) -> str:
        late = " (voorlopig)" if provisional[period] else ""
        return f"{format_value(value, unit, decimals)} in {period_label(period)}{late}"

    if len(observed) <= _ALT_ALL_POINTS:
        return prefix + join_dutch([point(p, v) for p, v in observed.items()])
    low, high = observed.idxmin(), observed.idxmax()
    return (f"{prefix}van {point(observed.index[0], observed.iloc[0])} "
            f"naar {point(observed.index[-1], observed.iloc[-1])}; laagste {point(low, observed[low])}, "
            f"hoogste {point(high, observed[high])}")
