"""What line and bar charts share: checking the frame, the figure and axes, the synthetic mark, the alt text."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, get_args

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from analysis.errors import VoortgangError
from analysis.present.charts.style import (
    MAX_SERIES,
    ChartUnit,
    DutchFormatter,
    _house_colours,
)
from analysis.present.notices import SYNTHETIC_MARK
from analysis.present.numbers import decimals_of, status_marker
from analysis.present.wording import period_tick

# ---------------------------------------------------------------------------
# Input checks and the long -> wide table every chart draws from
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Table:
    """Values by period/group (rows, in given order) and series (columns, in given order)."""

    values: pd.DataFrame
    decimals: int
    hue: bool
    statuses: pd.DataFrame | None = None

    def marker(self, period: str, series: object) -> str:
        """The CBS status marker of one point (``*``, ``**`` or ``''``)."""
        if self.statuses is None:
            return ""
        return status_marker(str(self.statuses.at[period, series]))

    def provisional(self) -> pd.DataFrame:
        """True where a point is provisional (same shape as :attr:`values`)."""
        if self.statuses is None:
            return pd.DataFrame(False, index=self.values.index, columns=self.values.columns)
        return self.statuses.map(lambda s: bool(status_marker(str(s))))


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
    status: str | None = None,
) -> _Table:
    """Validate the arguments of a chart and pivot the values (and statuses) to periods x series."""
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
    for argument, column in (("x", x), ("y", y), ("hue", hue), ("status", status)):
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
    statuses = None
    if status is not None:
        long["status"] = frame[status].fillna("").astype(str).to_numpy()
        statuses = long.pivot(index="x", columns="hue", values="status").reindex(
            index=wide.index, columns=wide.columns).fillna("")
    return _Table(values=wide, decimals=decimals, hue=hue is not None, statuses=statuses)


# ---------------------------------------------------------------------------
# Shared drawing helpers
# ---------------------------------------------------------------------------


def _new_figure() -> tuple[Figure, Axes]:
    """A constrained-layout figure of the house size with an Agg canvas (no pyplot)."""
    fig = Figure(figsize=mpl.rcParams["figure.figsize"], layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def _format_axes(
    ax: Axes, table: _Table, unit: str, title: str, ylabel: str, top: float, synthetic: bool,
    positions: Sequence[float] | None = None,
) -> None:
    """Title, y label, Dutch y ticks from 0, period/group ticks on the x-axis (at ``positions``, default 0..n-1)."""
    # Narrower when the synthetic-data stamp shares the title row.
    ax.set_title(textwrap.fill(title, 60 if synthetic else 80))
    ax.set_ylabel(ylabel)
    ax.set_ylim(0, top if top > 0 else 1.0)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10], integer=unit == "count"))
    ax.yaxis.set_major_formatter(DutchFormatter(None, percent=unit == "percent"))
    ticks = range(len(table.values.index)) if positions is None else positions
    ax.set_xticks(ticks, [textwrap.fill(period_tick(s), 20) for s in table.values.index])
    ax.tick_params(axis="x", length=0)


def _finish(fig: Figure, ax: Axes, table: _Table, synthetic: bool, extra_handles: Sequence[Any] = ()) -> None:
    """Legend below the axes (several series, or ``extra_handles`` such as "voorlopig") and the synthetic mark."""
    if table.hue or extra_handles:
        handles, labels = ax.get_legend_handles_labels() if table.hue else ([], [])
        handles = [*handles, *extra_handles]
        labels = [*labels, *(h.get_label() for h in extra_handles)]
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
