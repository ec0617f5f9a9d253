"""Funnel plots: unit percentages against their denominators, with the control limits.

The limits are :func:`analysis.stats.funnel.funnel_limits` at the levels of
``params/analysis.yaml``; units outside the widest limits are labelled and named
in the alt text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, NullLocator

from analysis.errors import VoortgangError
from analysis.inputs.house_style import load_house_style
from analysis.present.charts.style import DutchFormatter, house_style, series_styles
from analysis.present.notices import SYNTHETIC_MARK
from analysis.present.numbers import format_percent
from analysis.present.wording import coverage_text, join_dutch
from analysis.stats.funnel import funnel_limits


@dataclass(frozen=True, eq=False)
class FunnelPanel:
    """One panel of a funnel figure.

    Attributes
    ----------
    points : DataFrame
        :func:`funnel_points` output (``unit``, ``denominator``, ``percentage``
        in percent 0-100), published values only.
    target : float
        The national proportion in (0, 1) (drawn as a line, in percent).
    title : str
        Dutch panel title (also in the alt text).
    reference : str
        What the target line is, as the alt text names it (default the national percentage;
        e.g. "het percentage van BEN Brabant Zeeland" for a network's own line).
    """

    points: pd.DataFrame
    target: float
    title: str
    reference: str = "het landelijke percentage"


def _draw_funnel(ax, panel: FunnelPanel, highlight: str | None, levels: Sequence[float]) -> tuple[list[str], list[str]]:
    """Draw one panel; returns the labels of the units above and below the widest limits."""
    n = panel.points["denominator"].to_numpy(float)
    pct = panel.points["percentage"].to_numpy(float)
    grid = np.unique(np.round(np.geomspace(max(1.0, n.min() * 0.8), n.max() * 1.15, 200)))
    limits = funnel_limits(panel.target, grid, levels).limits
    styles = series_styles()
    text_colour = load_house_style().text_colour
    ax.axhline(100 * panel.target, color=text_colour, linewidth=1.2, marker="", label="Nederland")
    for level, linestyle in zip(sorted(levels), ("--", ":", "-."), strict=False):
        lim = limits[limits["level"] == level]
        label = f"{coverage_text(level)}%-grenzen"
        for bound, name in (("lower", label), ("upper", "_nolegend_")):
            ax.plot(lim["denominator"], 100 * lim[bound], color=styles[1].colour, linestyle=linestyle,
                    marker="", label=name)
    wl = limits[limits["level"] == max(levels)]
    lo = np.interp(n, wl["denominator"], 100 * wl["lower"])
    hi = np.interp(n, wl["denominator"], 100 * wl["upper"])
    ax.scatter(n, pct, s=18, color=styles[0].colour, edgecolor=text_colour, linewidth=0.5, label="regio's", zorder=3)
    above, below = [], []
    for unit, x, y, low, high in zip(panel.points["unit"], n, pct, lo, hi, strict=True):
        if y > high:
            above.append(f"{unit} ({format_percent(y, 1)})")
        elif y < low:
            below.append(f"{unit} ({format_percent(y, 1)})")
        if y > high or y < low or unit == highlight:
            ax.annotate(unit, (x, y), xytext=(4, 3), textcoords="offset points", fontsize=7.5, color=text_colour)
    if highlight is not None and highlight in set(panel.points["unit"]):
        row = panel.points[panel.points["unit"] == highlight].iloc[0]
        ax.scatter([row["denominator"]], [row["percentage"]], s=60, color=text_colour, marker="D",
                   label=highlight, zorder=4)
    ax.set_title(panel.title)
    ax.set_xscale("log")
    # Labelled ticks at 1, 2 and 5 times powers of ten within the range; no minor ticks.
    low, high = grid.min(), grid.max()
    nice = [m * 10**e for e in range(int(np.log10(low)) - 1, int(np.log10(high)) + 2) for m in (1, 2, 5)]
    ax.xaxis.set_major_locator(FixedLocator([t for t in nice if low <= t <= high]))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_major_formatter(DutchFormatter(0))
    ax.yaxis.set_major_formatter(DutchFormatter(None, percent=True))
    ax.set_ylim(0, max(float(np.nanmax(pct)), 100 * float(limits["upper"].max())) * 1.1)
    return above, below


def funnel_chart(
    panels: Sequence[FunnelPanel],
    xlabel: str,
    ylabel: str = "",
    highlight: str | None = None,
    synthetic: bool = False,
    *,
    levels: Sequence[float],
) -> tuple[Figure, str]:
    """Funnel plots: unit percentages against their denominators, with control limits.

    Parameters
    ----------
    panels : sequence of FunnelPanel
        One panel each (e.g. jeugdhulp and verblijf), stacked; one figure saves
        drawing time and keeps the two side by side for the reader.
    xlabel, ylabel : str
        Dutch axis labels (shared by the panels).
    highlight : str, optional
        A unit to mark (a larger, dark point with its code).
    synthetic : bool
        Mark the figure and alt text as synthetic data.
    levels : sequence of float
        Two-sided coverage of the limits (``funnel_levels`` of ``params/analysis.yaml``).

    Returns
    -------
    (Figure, str)
        The figure and its Dutch alt text, for ``show_figure(fig, alt, data=protected)``.
        Units outside the widest limits are labelled with their code and named in
        the alt text.

    Raises
    ------
    VoortgangError
        No panel, a panel without published units, or a panel without a title.

    Notes
    -----
    :mod:`analysis.present.charts` has line and bar charts only; this scatter with limit
    curves uses its house style, Dutch formatters and synthetic mark.
    """
    if not panels:
        raise VoortgangError("argument 'panels': give at least one panel")
    for i, panel in enumerate(panels):
        if panel.points.empty:
            raise VoortgangError(f"argument 'panels': panel {i} ({panel.title!r}) has no published units to plot")
        if not panel.title.strip():
            raise VoortgangError(f"argument 'panels': panel {i} needs a title (it is also used in the alt text)")
    text_colour = load_house_style().text_colour
    parts = []
    with house_style():
        width, height = mpl.rcParams["figure.figsize"]
        fig = Figure(figsize=(width, height * (0.15 + 0.85 * len(panels))), layout="constrained")
        FigureCanvasAgg(fig)
        axes = fig.subplots(len(panels), 1, squeeze=False)[:, 0]
        for ax, panel in zip(axes, panels, strict=True):
            above, below = _draw_funnel(ax, panel, highlight, levels)
            ax.set_ylabel(ylabel)
            widest = coverage_text(max(levels))
            text = [f"'{panel.title}': {len(panel.points)} regio's rond {panel.reference} van "
                    f"{format_percent(100 * panel.target, 1)};"]
            text.append(f"boven de {widest}%-grens {join_dutch(above)}" if above
                        else f"geen regio boven de {widest}%-grens")
            text.append(f"en onder de {widest}%-grens {join_dutch(below)}." if below
                        else f"en geen regio onder de {widest}%-grens.")
            if highlight is not None and highlight in set(panel.points["unit"]):
                row = panel.points[panel.points["unit"] == highlight].iloc[0]
                text.append(f"Gemarkeerd: {highlight} met {format_percent(float(row['percentage']), 1)}.")
            parts.append(" ".join(text))
        axes[-1].set_xlabel(xlabel)
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=min(len(labels), 5))
        if synthetic:
            axes[0].set_title(SYNTHETIC_MARK, loc="right", fontsize=8.5, fontweight="bold", color="white",
                              bbox={"boxstyle": "square,pad=0.3", "facecolor": text_colour, "edgecolor": "none"})
    alt = ("Trechterdiagram" + (f" met {len(panels)} panelen" if len(panels) > 1 else "")
           + ", het percentage per regio tegen het aantal (logaritmische as), met controlegrenzen. "
           + " ".join(parts))
    if synthetic:
        alt += " " + SYNTHETIC_MARK.capitalize() + "."
    return fig, alt
