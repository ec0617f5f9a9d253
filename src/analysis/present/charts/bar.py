"""Bar charts (grouped or single series) of published values, with their alt text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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
    parts: Mapping[str, str] | None = None,
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
    parts : mapping of str to str, optional
        Series that are part of another series ("waarvan"): series name -> the
        name of the whole it belongs to (eenzijdig door cliënt -> overig). A part
        is drawn as a narrower bar inside its whole, from the base, and labelled
        "waarvan ..." in the legend and the alt text, so the bars never suggest
        parts that add up to more than the whole. Not with ``stacked``.

    Returns
    -------
    (Figure, str)
        The figure and its Dutch alt text, for ``show_figure(*bar_chart(...))``.

    Raises
    ------
    VoortgangError
        Naming the argument or column (see :func:`line_chart`); for ``parts``, a
        series that is not in the chart, a part of a part, or a part larger than
        its whole.
    """
    table = _table(frame, x, y, hue, unit, title, decimals, status)
    wide = table.values
    parts = dict(parts or {})
    _check_parts(table, parts, stacked)
    wholes = [c for c in wide.columns if c not in parts]
    n_slots = len(wholes)

    with house_style():
        fig, ax = _new_figure()
        text_colour = _house_colours()[0]
        top = float((wide.sum(axis=1) if stacked else wide[wholes].max(axis=1)).max()) * (1.05 if stacked else 1.12)
        _format_axes(ax, table, unit, title, ylabel, top, synthetic)
        positions = np.arange(len(wide.index), dtype=float)
        width = 0.8 if stacked else 0.8 / n_slots
        bottom = np.zeros(len(positions))
        for series, style in zip(wide.columns, series_styles(), strict=False):
            vals = wide[series].to_numpy()
            dark = luma(style.colour) < _DARK_FILL_LUMA
            part_of = parts.get(series)
            slot = wholes.index(part_of if part_of is not None else series)
            offset = 0.0 if stacked else (slot - (n_slots - 1) / 2) * width
            bar_width = width * (_PART_WIDTH if part_of is not None else 1.0)
            if part_of is not None:
                offset -= (width - bar_width) / 2  # a part fills the left of its whole; its label the right
            bars = ax.bar(
                positions + offset, np.nan_to_num(vals), bar_width, bottom=bottom if stacked else 0.0,
                color=style.colour, edgecolor=text_colour, linewidth=0.6, hatch=style.hatch or None,
                hatchcolor="white" if dark else text_colour, label=_series_name(str(series), part_of is not None),
                zorder=3 if part_of is not None else 2,
            )
            labels = [format_value(v, unit, table.decimals) + table.marker(p, series)
                      for p, v in zip(wide.index, vals, strict=True)]
            if stacked:
                _label_segments(ax, bars, vals, style, dark, top, unit, table.decimals, text_colour)
                bottom = bottom + np.nan_to_num(vals)
            elif part_of is not None:
                _label_parts(ax, bars, labels, text_colour)
            else:
                # A missing value has no bar; its label is the CBS symbol "." at the base.
                ax.bar_label(bars, labels=labels, padding=2, fontsize=_LABEL_SIZE_PT, color=text_colour)
        ax.set_xlim(-0.5, len(positions) - 0.5)
        _finish(fig, ax, table, synthetic)

    provisional = table.provisional()
    order = [s for whole in wholes for s in (whole, *(p for p in wide.columns if parts.get(p) == whole))]
    series_texts = [
        _bar_series_text(_series_name(str(name), name in parts), wide[name], unit, table.decimals, table.hue,
                         provisional[name])
        for name in order
    ]
    kind = "Gestapeld staafdiagram" if stacked and table.hue else "Staafdiagram"
    extra = [f"De staaf ‘{part}’ staat binnen de staaf ‘{whole}’: het is een deel daarvan, geen aparte groep."
             for part, whole in parts.items()]
    if provisional.to_numpy().any():
        extra.append(STATUS_FOOTNOTE)
    return fig, _alt_text(kind, title, table, series_texts, extra, synthetic)


#: Width of a part's bar relative to its whole.
_PART_WIDTH = 0.5


def _label_parts(ax: Axes, bars: Any, labels: list[str], text_colour: str) -> None:
    """A part's labels right of its bar, at the height of its top, on a white box inside the whole."""
    for bar, label in zip(bars, labels, strict=True):
        ax.annotate(label, (bar.get_x() + bar.get_width(), bar.get_height()), xytext=(2, 0),
                    textcoords="offset points", ha="left", va="center", fontsize=_LABEL_SIZE_PT, color=text_colour,
                    bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"}, zorder=4)


def _series_name(name: str, is_part: bool) -> str:
    """The legend name of a series: ``'waarvan eenzijdig door cliënt'`` for a part."""
    return f"waarvan {name[:1].lower()}{name[1:]}" if is_part else name


def _check_parts(table: _Table, parts: dict[str, str], stacked: bool) -> None:
    """Every part and whole is a series; a whole is not itself a part; no part exceeds its whole."""
    if not parts:
        return
    if stacked:
        raise VoortgangError("argument 'parts': parts are drawn inside their whole; not with stacked=True")
    wide = table.values
    for part, whole in parts.items():
        for name in (part, whole):
            if name not in wide.columns:
                raise VoortgangError(f"argument 'parts': {name!r} is not a series of the chart "
                                     f"(series: {', '.join(map(str, wide.columns))})")
        if part == whole or whole in parts:
            raise VoortgangError(f"argument 'parts': {part!r} -> {whole!r}: a whole must be a series that is "
                                 "not itself a part")
        larger = [str(p) for p in wide.index if wide.at[p, part] > wide.at[p, whole]]
        if larger:
            raise VoortgangError(f"argument 'parts': {part!r} is larger than its whole {whole!r} in "
                                 f"{', '.join(larger)}")


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
