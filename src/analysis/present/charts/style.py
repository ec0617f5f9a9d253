"""The house style of the charts: colours, series styles readable in greyscale, Dutch number formatters.

The colours come from ``templates/house_style.yaml`` (:mod:`analysis.inputs.house_style`),
shared with the renderers; seaborn supplies the base theme."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import matplotlib as mpl
import numpy as np
import seaborn as sns
from cycler import cycler
from matplotlib.colors import to_rgb
from matplotlib.ticker import Formatter

from analysis.errors import VoortgangError
from analysis.inputs.house_style import load_house_style
from analysis.present.numbers import format_number, format_percent

ChartUnit = Literal["percent", "count", "index", "rate"]

#: Figure size: the 16 cm text width of an A4 page with 2,5 cm margins, 9 cm high.
FIGURE_SIZE_CM: tuple[float, float] = (16.0, 9.0)
_CM_PER_INCH = 2.54

#: The only font: bundled with matplotlib, so output does not depend on the fonts
#: installed on the machine (byte-identical PNGs across machines with the pinned
#: matplotlib).
FONT: str = "DejaVu Sans"

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
    machine), so this small formatter delegates to :mod:`analysis.present.numbers`.

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
