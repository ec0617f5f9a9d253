"""Line charts of series over periods (factsheet panels, region against Nederland), with their alt text."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.errors import VoortgangError
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
    _house_colours,
    house_style,
    series_styles,
)
from analysis.present.numbers import format_value
from analysis.present.wording import period_label

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
