"""Indicator tables computed from the published figures (pure functions).

The Kernindicatoren table of a voortgangsrapportage has one row per indicator
of the registry that carries a ``kernindicator`` entry, and one column per
reporting year. Values come from ``data/published`` (and, in later editions,
from StatLine snapshots mapped to the same ids); nothing here reads files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict

from analysis.config import IN_CIJFERS
from analysis.dutch import (
    change_between,
    decimals_of,
    describe_change,
    format_change_pct,
    format_value,
    judgement,
    sentence_case,
)
from analysis.errors import VoortgangError
from analysis.periods import column_year, period_label
from analysis.registry import Indicator, Registry
from analysis.yamlio import display_path, load_model

#: Dutch reading of :func:`analysis.dutch.judgement` in generated text.
JUDGEMENT_TEXT = {
    "gunstig": "in de gewenste richting",
    "ongunstig": "niet in de gewenste richting",
    "neutraal": None,
}


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
    """

    indicator: Indicator
    label: str
    values: dict[int, float]
    periods: dict[int, str]

    def observed(self) -> list[tuple[int, float]]:
        """(year, value) pairs with a value, in year order."""
        return [(y, v) for y, v in sorted(self.values.items()) if not math.isnan(v)]


def kern_rows(published: pd.DataFrame, registry: Registry, years: list[int]) -> list[KernRow]:
    """Numeric rows of the Kernindicatoren table.

    Parameters
    ----------
    published : DataFrame
        Published figures (:func:`analysis.published.load_published`).
    registry : Registry
        Indicator registry; its ``kernindicatoren()`` give the rows and order.
    years : list of int
        Year columns of the table.

    Returns
    -------
    list of KernRow
        In table order. Periods outside ``years`` are left out.
    """
    rows: list[KernRow] = []
    for ind in registry.kernindicatoren():
        kern = ind.kernindicator
        assert kern is not None
        sel = published[(published["indicator_id"] == ind.id) & (published["breakdown"] == kern.breakdown)]
        values: dict[int, float] = {y: math.nan for y in years}
        periods: dict[int, str] = {}
        for period, value in zip(sel["period"], sel["value"], strict=True):
            year = column_year(period)
            if year in values:
                values[year] = float(value)
                periods[year] = period
        rows.append(KernRow(indicator=ind, label=kern.label, values=values, periods=periods))
    return rows


def kern_display(rows: list[KernRow], years: list[int]) -> pd.DataFrame:
    """The Kernindicatoren table as Dutch-formatted strings.

    Each row uses the largest number of decimals among its published values
    (``11,6% / 11,6% / 10,4% / 10,1%``); missing cells show ``.``.

    Returns
    -------
    DataFrame
        Index: row labels (name ``Kernindicator``); columns: the years as str.
    """
    data = {}
    for row in rows:
        obs = [v for _, v in row.observed()]
        dec = max((decimals_of(v) for v in obs), default=0)
        data[row.label] = [format_value(row.values[y], row.indicator.unit, dec) for y in years]
    frame = pd.DataFrame.from_dict(data, orient="index", columns=[str(y) for y in years])
    frame.index.name = "Kernindicator"
    return frame


#: Header of the trend column of the Kernindicatoren table.
TREND_COLUMN = "Trend"


def row_judgement(row: KernRow) -> str:
    """``gunstig`` / ``ongunstig`` / ``neutraal``: first-to-last movement vs desired direction."""
    obs = row.observed()
    if len(obs) < 2:
        return "neutraal"
    return judgement(change_between(obs[0][1], obs[-1][1], row.indicator.unit), row.indicator.direction)


def with_trend_column(display: pd.DataFrame, rows: list[KernRow]) -> tuple[pd.DataFrame, dict[tuple[str, str], str]]:
    """Add the trend column (Mann-Kendall, :func:`analysis.findings.trend_cell`) and cell colours.

    Returns
    -------
    (DataFrame, dict)
        The table with a :data:`TREND_COLUMN` column, and ``(row label, column)
        -> class`` colouring each trend cell by whether the movement from the first
        to the last value is in the desired direction of the indicator.
    """
    from analysis.findings import trend_cell

    table = display.copy()
    classes: dict[tuple[str, str], str] = {}
    for row in rows:
        obs = row.observed()
        table.loc[row.label, TREND_COLUMN] = trend_cell(
            [row.periods[y] for y, _ in obs], [v for _, v in obs], row.indicator.series_breaks
        )
        classes[(row.label, TREND_COLUMN)] = row_judgement(row)
    return table, classes


def row_change(row: KernRow) -> str | None:
    """One Dutch sentence on the change from the first to the last observed value.

    Returns ``None`` when fewer than two values are published.
    """
    obs = row.observed()
    if len(obs) < 2:
        return None
    (y0, v0), (y1, v1) = obs[0], obs[-1]
    text = describe_change(v0, v1, period_label(row.periods[y0]), period_label(row.periods[y1]), row.indicator.unit)
    verdict = JUDGEMENT_TEXT[row_judgement(row)]
    return f"{row.label}: {text}" + (f" ({verdict})" if verdict else "") + "."


def actielijn_paragraphs(rows: list[KernRow], registry: Registry) -> dict[int, str]:
    """A short Dutch paragraph per actielijn from its Kernindicatoren rows.

    Returns
    -------
    dict
        Actielijn number -> markdown paragraph (bold title, then one sentence
        per indicator), in actielijn order.
    """
    by_line: dict[int, list[str]] = {}
    for row in rows:
        sentence = row_change(row)
        if sentence:
            by_line.setdefault(row.indicator.actielijn, []).append(sentence)
    out = {}
    for n in sorted(by_line):
        titel = registry.actielijn(n).titel
        out[n] = f"**Actielijn {n}: {titel}.** " + " ".join(by_line[n])
    return out


class Kerncijfer(BaseModel):
    """One headline line of "Zorg voor de Jeugd in cijfers" (``params/in_cijfers.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    indicator: str
    breakdown: str
    onderwerp: str
    groei: str | None = None


class _InCijfers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kerncijfers: tuple[Kerncijfer, ...]


def load_kerncijfers(registry: Registry, path: Path = IN_CIJFERS) -> tuple[Kerncijfer, ...]:
    """Read the headline definitions; every indicator must be in the registry."""
    items = load_model(path, _InCijfers).kerncijfers
    for item in items:
        for ind in (item.indicator, item.groei):
            if ind is not None:
                try:
                    registry.get(ind)
                except VoortgangError as exc:
                    raise VoortgangError(f"{display_path(path)}: kerncijfer {item.indicator!r}: {exc}") from None
    return items


def _series(published: pd.DataFrame, indicator: str, breakdown: str) -> list[tuple[str, float]]:
    sel = published[(published["indicator_id"] == indicator) & (published["breakdown"] == breakdown)]
    return [(p, float(v)) for p, v in sorted(zip(sel["period"], sel["value"], strict=True)) if not math.isnan(v)]


def headline_lines(published: pd.DataFrame, registry: Registry, items: tuple[Kerncijfer, ...]) -> list[str]:
    """Dutch headline lines from the published figures.

    One line per item with published values: the change from the first to the
    last value (``van 27% in 2018 naar 23% in 2019, een daling van 4
    procentpunt``; for ``1 op de N`` only the two values), or the latest value
    with its published growth (``443.000 in 2019, +3% ten opzichte van 2018``).
    Items without published values are left out.
    """
    lines = []
    for item in items:
        ind = registry.get(item.indicator)
        obs = _series(published, item.indicator, item.breakdown)
        if not obs:
            continue
        subject = sentence_case(item.onderwerp)
        (p0, v0), (p1, v1) = obs[0], obs[-1]
        if len(obs) >= 2 and ind.unit == "one_in_n":
            text = f"van {format_value(v0, ind.unit)} in {p0} naar {format_value(v1, ind.unit)} in {p1}"
        elif len(obs) >= 2:
            text = describe_change(v0, v1, period_label(p0), period_label(p1), ind.unit)
        else:
            text = f"{format_value(v1, ind.unit)} in {period_label(p1)}"
            growth = _series(published, item.groei, item.breakdown) if item.groei else []
            if growth:
                period, value = growth[-1]
                text += f", {format_change_pct(value)} ten opzichte van {period.split('-')[0]}"
        lines.append(f"{subject}: {text}.")
    return lines
