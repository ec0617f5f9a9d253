"""Indicator series from the figures of an edition (pure: frames in, rows out).

The Kernindicatoren table of a voortgangsrapportage has one row per entry of
the edition's selection (:class:`analysis.inputs.programme.KernRowSpec`) and one
column per reporting year (:func:`kern_rows`); a factsheet panel is one or more
series of an indicator's breakdowns (:func:`panel_frame`). Nothing here reads
files: the figures come from :func:`analysis.inputs.figures.edition_figures`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from analysis.inputs.analysis_settings import ChangeWords
from analysis.inputs.factsheets import Panel
from analysis.inputs.periods import period_kind, sort_periods
from analysis.inputs.programme import KernRowSpec
from analysis.inputs.registry import Indicator, Registry
from analysis.measures.change import change_between, judgement
from analysis.measures.periods import column_year, in_segment, last_break

#: Period kinds that have a year column in the Kernindicatoren table (:func:`column_year`).
COLUMN_KINDS = frozenset({"year", "school_year", "quarter"})


@dataclass(frozen=True)
class KernRow:
    """One row of the Kernindicatoren table, numeric.

    Attributes
    ----------
    indicator : Indicator
        The registry entry.
    label : str
        Row label as printed in the table.
    values : dict
        Year column -> value in the indicator's unit (NaN when published as
        unreadable or missing).
    periods : dict
        Year column -> the period as published (``2015/2016``, ``2015Q3``...).
    statuses : dict
        Year column -> CBS status of the value (``voorlopig``...; ``""`` when not stated).
    """

    indicator: Indicator
    label: str
    values: dict[int, float]
    periods: dict[int, str]
    statuses: dict[int, str]

    def observed(self) -> list[tuple[int, float]]:
        """(year, value) pairs with a value, in year order."""
        return [(y, v) for y, v in sorted(self.values.items()) if not math.isnan(v)]

    def comparable(self) -> list[tuple[int, float]]:
        """The observed pairs after the last series break within them (all of them without a break)."""
        obs = self.observed()
        brk = last_break([self.periods[y] for y, _ in obs], self.indicator.break_periods)
        return [(y, v) for y, v in obs if in_segment(self.periods[y], brk)]


def kern_rows(
    published: pd.DataFrame, selection: tuple[KernRowSpec, ...], registry: Registry, years: list[int]
) -> list[KernRow]:
    """Numeric rows of the Kernindicatoren table.

    Parameters
    ----------
    published : DataFrame
        The edition's figures (:func:`analysis.inputs.figures.edition_figures`).
    selection : tuple of KernRowSpec
        The rows of the table, in order (the edition's content).
    registry : Registry
        Indicator registry (unit, direction, breaks of each row's indicator).
    years : list of int
        Year columns of the table.

    Returns
    -------
    list of KernRow
        In table order. Periods outside ``years`` are left out.
    """
    rows: list[KernRow] = []
    for kern in selection:
        ind = registry.get(kern.indicator)
        sel = published[(published["indicator_id"] == ind.id) & (published["breakdown"] == kern.breakdown)]
        values: dict[int, float] = dict.fromkeys(years, math.nan)
        periods: dict[int, str] = {}
        statuses: dict[int, str] = {}
        for period, value, status in zip(sel["period"], sel["value"], sel["status"], strict=True):
            if period_kind(period) not in COLUMN_KINDS:
                continue  # half-years, ranges, dates: no year column (factsheets show them)
            year = column_year(period)
            if year in values:
                values[year] = float(value)
                periods[year] = period
                statuses[year] = str(status)
        rows.append(KernRow(indicator=ind, label=kern.label, values=values, periods=periods, statuses=statuses))
    return rows


def years_with_values(rows: list[KernRow], years: list[int]) -> list[int]:
    """The year columns in which at least one row has a value (a table shows no empty columns)."""
    return [y for y in years if any(not math.isnan(row.values[y]) for row in rows)]


def row_judgement(row: KernRow, words: ChangeWords) -> str:
    """``gunstig`` / ``ongunstig`` / ``neutraal``: first-to-last movement after the last break vs desired direction."""
    obs = row.comparable()
    if len(obs) < 2:
        return "neutraal"
    return judgement(change_between(obs[0][1], obs[-1][1], row.indicator.unit, words), row.indicator.direction)


def series_values(published: pd.DataFrame, indicator: str, breakdown: str) -> pd.DataFrame:
    """Periods, values and statuses of one series (an indicator's breakdown) in time order; NaN kept."""
    sel = published[(published["indicator_id"] == indicator) & (published["breakdown"] == breakdown)]
    order = sort_periods(list(sel["period"]))
    return sel.set_index("period").loc[order, ["value", "status"]].reset_index()


def series_points(published: pd.DataFrame, indicator: str, breakdown: str) -> list[tuple[str, float, str]]:
    """The ``(period, value, status)`` of one series that have a value, in time order."""
    vals = series_values(published, indicator, breakdown)
    return [(p, float(v), str(s)) for p, v, s in zip(vals["period"], vals["value"], vals["status"], strict=True)
            if not math.isnan(v)]


def comparable_points(points: list[tuple[str, float, str]], breaks: tuple[str, ...]) -> list[tuple[str, float, str]]:
    """The points of :func:`series_points` after the last series break within them."""
    brk = last_break([p for p, _, _ in points], breaks)
    return [pt for pt in points if in_segment(pt[0], brk)]


def panel_frame(published: pd.DataFrame, panel: Panel) -> pd.DataFrame:
    """Tidy data of a panel: columns ``periode``, ``reeks``, ``waarde``, ``status``.

    Periods in time order; a series missing a period another series has gets a
    missing value there (shown as a gap or ``.``).
    """
    parts = []
    for s in panel.series:
        vals = series_values(published, s.indicator, s.breakdown)
        parts.append(pd.DataFrame({"periode": vals["period"], "reeks": s.label, "waarde": vals["value"],
                                   "status": vals["status"]}))
    frame = pd.concat(parts, ignore_index=True)
    periods = sort_periods(list(frame["periode"].unique()))
    full = pd.MultiIndex.from_product([periods, [s.label for s in panel.series]], names=["periode", "reeks"])
    out = frame.set_index(["periode", "reeks"]).reindex(full).reset_index()
    out["status"] = out["status"].fillna("")
    return out
