"""The chapter with the Kernindicatoren in Dutch (titled by the programme's `cijfers_titel`):
headline lines, the Kernindicatoren table with its trend column, and a paragraph
per theme of the programme (per actielijn).

The numbers come from :mod:`analysis.measures.indicators`; the words and the
trend test's level from ``params/analysis.yaml``.
"""

from __future__ import annotations

import pandas as pd

from analysis.inputs.analysis_settings import AnalysisSettings, ChangeWords
from analysis.inputs.headlines import Kerncijfer
from analysis.inputs.programme import Programme
from analysis.inputs.published import decimals_of
from analysis.inputs.registry import Registry
from analysis.measures.indicators import KernRow, comparable_points, row_judgement, series_points
from analysis.measures.trends import TrendStatement, indicator_trend
from analysis.present.findings import trend_cell, trend_footnotes
from analysis.present.numbers import STATUS_FOOTNOTE, format_change_pct, format_value, status_marker, with_marker
from analysis.present.wording import (
    JUDGEMENT_TEXT,
    PROVISIONAL_WORDS,
    describe_change,
    period_label,
    sentence_case,
)
from analysis.stats.trend import mann_kendall_min_points


def kern_display(rows: list[KernRow], years: list[int]) -> pd.DataFrame:
    """The Kernindicatoren table as Dutch-formatted strings.

    Each row uses the largest number of decimals among its published values
    (``11,6% / 11,6% / 10,4% / 10,1%``); missing cells show ``.``; a provisional
    value carries the CBS marker (``474.000*``, ``**`` nader voorlopig) and the
    first value after a series break :data:`BREAK_MARK`.

    Returns
    -------
    DataFrame
        Index: row labels (name ``Kernindicator``); columns: the years as str.
    """
    data = {}
    for row in rows:
        obs = [v for _, v in row.observed()]
        dec = max((decimals_of(v) for v in obs), default=0)
        breaks = set(row.indicator.break_periods)
        data[row.label] = [
            with_marker(format_value(row.values[y], row.indicator.unit, dec), row.statuses.get(y, ""))
            + (BREAK_MARK if row.periods.get(y) in breaks else "")
            for y in years
        ]
    frame = pd.DataFrame.from_dict(data, orient="index", columns=[str(y) for y in years])
    frame.index.name = "Kernindicator"
    return frame


#: Header of the trend column of the Kernindicatoren table.
TREND_COLUMN = "Trend"
#: Mark of the first value after a series break in a table.
BREAK_MARK = " |"


def table_footnotes(rows: list[KernRow], years: list[int]) -> list[str]:
    """Footnotes the shown cells need: provisional figures, series breaks (with their reasons)."""
    notes = []
    if any(status_marker(row.statuses.get(y, "")) for row in rows for y in years):
        notes.append(STATUS_FOOTNOTE)
    for row in rows:
        for brk in row.indicator.series_breaks:
            if brk.periode in {row.periods.get(y) for y in years}:
                notes.append(f"{BREAK_MARK.strip()} Trendbreuk bij {row.label} vanaf {period_label(brk.periode)}. "
                             f"{brk.reden}")
    return notes


def row_trend(row: KernRow, settings: AnalysisSettings) -> TrendStatement:
    """The trend test of a Kernindicatoren row, chosen by its data (:mod:`analysis.measures.trends`)."""
    obs = row.observed()
    return indicator_trend(row.indicator, [row.periods[y] for y, _ in obs], [v for _, v in obs], settings.significance)


def with_trend_column(
    display: pd.DataFrame, rows: list[KernRow], settings: AnalysisSettings
) -> tuple[pd.DataFrame, dict[tuple[str, str], str], list[str]]:
    """Add the trend column (:func:`analysis.present.findings.trend_cell`), its colours and footnotes.

    Returns
    -------
    (DataFrame, dict, list of str)
        The table with a :data:`TREND_COLUMN` column; ``(row label, column) ->
        class``: a trend that a test showed is coloured by whether it goes the
        desired way (``gunstig``/``ongunstig``), everything else is ``neutraal``
        (no colour for a change that is not a trend); and the footnotes naming
        the method of each test used.
    """
    table = display.copy()
    classes: dict[tuple[str, str], str] = {}
    methods = []
    for row in rows:
        statement = row_trend(row, settings)
        table.loc[row.label, TREND_COLUMN] = trend_cell(statement, row.indicator.unit, settings.change)
        colour = row_judgement(row, settings.change) if statement.significant else "neutraal"
        classes[(row.label, TREND_COLUMN)] = colour
        if statement.method is not None:
            methods.append(statement.method)
    footnotes = trend_footnotes(methods, mann_kendall_min_points(settings.significance))
    return table, classes, footnotes


def row_change(row: KernRow, words: ChangeWords) -> str | None:
    """One Dutch sentence on the change from the first to the last comparable value (after the last break).

    Returns ``None`` when fewer than two values are published.
    """
    obs = row.comparable()
    if len(obs) < 2:
        return None
    (y0, v0), (y1, v1) = obs[0], obs[-1]
    text = describe_change(
        v0, v1, period_label(row.periods[y0]), period_label(row.periods[y1]), row.indicator.unit, words,
        provisional=bool(status_marker(row.statuses.get(y1, ""))),
    )
    verdict = JUDGEMENT_TEXT[row_judgement(row, words)]
    return f"{row.label}: {text}" + (f" ({verdict})" if verdict else "") + "."


def thema_paragraphs(rows: list[KernRow], programme: Programme, words: ChangeWords) -> dict[int, str]:
    """A short Dutch paragraph per theme of the programme (per actielijn) from its Kernindicatoren rows.

    Returns
    -------
    dict
        Theme number -> markdown paragraph (bold ``Actielijn 2: <titel>.``, then
        one sentence per indicator), in theme order; rows of an indicator
        without a theme are left out.
    """
    by_thema: dict[int, list[str]] = {}
    for row in rows:
        sentence = row_change(row, words)
        thema = programme.thema_of(row.indicator.id)
        if sentence and thema is not None:
            by_thema.setdefault(thema.id, []).append(sentence)
    word = sentence_case(programme.thema_woord)
    return {n: f"**{word} {n}: {programme.thema(n).titel}.** " + " ".join(by_thema[n]) for n in sorted(by_thema)}


def headline_lines(
    published: pd.DataFrame, registry: Registry, items: tuple[Kerncijfer, ...], words: ChangeWords
) -> list[str]:
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
        obs = comparable_points(series_points(published, item.indicator, item.breakdown), ind.break_periods)
        if not obs:
            continue
        subject = sentence_case(item.onderwerp)
        (p0, v0, _), (p1, v1, s1) = obs[0], obs[-1]
        provisional = bool(status_marker(s1))
        if len(obs) >= 2 and ind.unit == "one_in_n":
            text = f"van {format_value(v0, ind.unit)} in {p0} naar {format_value(v1, ind.unit)} in {p1}"
            text += f" ({PROVISIONAL_WORDS})" if provisional else ""
        elif len(obs) >= 2:
            text = describe_change(v0, v1, period_label(p0), period_label(p1), ind.unit, words, provisional)
        else:
            text = f"{format_value(v1, ind.unit)} in {period_label(p1)}"
            text += f" ({PROVISIONAL_WORDS})" if provisional else ""
            growth = series_points(published, item.groei, item.breakdown) if item.groei else []
            if growth:
                period, value, _ = growth[-1]
                text += f", {format_change_pct(value)} ten opzichte van {period.split('-')[0]}"
        lines.append(f"{subject}: {text}.")
    return lines
