"""Bar charts (grouped or single series) of published values, with their alt text."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.present.charts.base import (
    _alt_text,
    _finish,
    _format_axes,
    _new_figure,
    _table,
)
from analysis.present.charts.style import (
    _DARK_FILL_LUMA,
    _LABEL_SIZE_PT,
    _MIN_LABELLED_SEGMENT,
    ChartUnit,
    SeriesStyle,
    _house_colours,
    house_style,
    luma,
    series_styles,
)
from analysis.present.numbers import STATUS_FOOTNOTE, format_value
from analysis.present.wording import join_dutch, period_label


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
    status: str | None = None,
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
    status : str, optional
        Column with the CBS status of each bar: a provisional value's label carries
        its marker (``474.000*``) and the alt text says "voorlopig".

    Returns
    -------
    (Figure, str)
        The figure and its Dutch alt text, for ``show_figure(*bar_chart(...))``.

    Raises
    ------
    VoortgangError
        Naming the argument or column (see :func:`line_chart`).
    """
    table = _table(frame, x, y, hue, unit, title, decimals, status)
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
                labels = [format_value(v, unit, table.decimals) + table.marker(p, series)
                          for p, v in zip(wide.index, vals, strict=True)]
                ax.bar_label(bars, labels=labels, padding=2, fontsize=_LABEL_SIZE_PT, color=text_colour)
        ax.set_xlim(-0.5, len(positions) - 0.5)
        _finish(fig, ax, table, synthetic)

    provisional = table.provisional()
    series_texts = [
        _bar_series_text(str(name), wide[name], unit, table.decimals, table.hue, provisional[name])
        for name in wide.columns
    ]
    kind = "Gestapeld staafdiagram" if stacked and table.hue else "Staafdiagram"
    extra = [STATUS_FOOTNOTE] if provisional.to_numpy().any() else []
    return fig, _alt_text(kind, title, table, series_texts, extra, synthetic)


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


def _bar_series_text(
    name: str, values: pd.Series, unit: str, decimals: int, named: bool, provisional: pd.Series
) -> str:
    """``"<name>: 54% in 2016 en 50% in 2017"`` (every bar; bars are few; "(voorlopig)" where so)."""
    parts = [_bar_point(str(k), format_value(v, unit, decimals)) + (" (voorlopig)" if provisional[k] else "")
             for k, v in values.items() if not np.isnan(v)]
    text = join_dutch(parts) if parts else "zonder gegevens"
    return f"{name}: {text}" if named else text


def _bar_point(label: str, value: str) -> str:
    """``'54% in 2016'`` for a period, ``'Wel jeugdhulp 20%'`` for a group name."""
    readable = period_label(label)
    return f"{value} in {readable}" if readable[:4].isdigit() else f"{readable} {value}"
