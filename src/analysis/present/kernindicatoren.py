"""TODO docstring."""

from __future__ import annotations

import pandas as pd

from analysis.inputs.headlines import Kerncijfer
from analysis.inputs.registry import Registry
from analysis.measures.indicators import KernRow, _series, row_judgement
from analysis.present.numbers import decimals_of, format_change_pct, format_value
from analysis.present.wording import JUDGEMENT_TEXT, describe_change, period_label, sentence_case


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


def with_trend_column(display: pd.DataFrame, rows: list[KernRow]) -> tuple[pd.DataFrame, dict[tuple[str, str], str]]:
    """Add the trend column (Mann-Kendall, :func:`analysis.present.findings.trend_cell`) and cell colours.

    Returns
    -------
    (DataFrame, dict)
        The table with a :data:`TREND_COLUMN` column, and ``(row label, column)
        -> class`` colouring each trend cell by whether the movement from the first
        to the last value is in the desired direction of the indicator.
    """
    from analysis.present.findings import trend_cell

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
