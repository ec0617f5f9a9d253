"""Factsheets "Feiten & Cijfers" in Dutch: title, panel charts, findings, sources.

The panel and finding definitions are the edition's content
(:mod:`analysis.inputs.factsheets`); the series come from
:mod:`analysis.measures.indicators`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.inputs.analysis_settings import AnalysisSettings
from analysis.inputs.factsheets import Factsheet, Panel
from analysis.inputs.programme import Caveats, Programme
from analysis.inputs.registry import Registry
from analysis.measures.indicators import series_values
from analysis.measures.periods import segment_starts
from analysis.present.charts.bar import bar_chart
from analysis.present.charts.line import line_chart
from analysis.present.findings import Finding, series_finding
from analysis.present.numbers import STATUS_FOOTNOTE, decimals_of, format_value, status_marker, with_marker
from analysis.present.wording import period_label, period_tick


def panel_chart(panel: Panel, frame: pd.DataFrame, registry: Registry, number: int, synthetic: bool = False):
    """Chart of a panel in the house style; returns ``(figure, alt text)``."""
    unit = registry.get(panel.series[0].indicator).unit
    hue = "reeks" if len(panel.series) > 1 else None
    title = f"{number}. {panel.titel}"
    breaks = segment_starts(list(frame.loc[frame["waarde"].notna(), "periode"].unique()),
                            {b for s in panel.series for b in registry.get(s.indicator).break_periods})
    if panel.chart == "line":
        return line_chart(frame, x="periode", y="waarde", hue=hue, unit=unit, title=title,
                          ylabel=panel.ylabel, synthetic=synthetic, breaks=breaks, status="status")
    parts = {s.label: s.waarvan for s in panel.series if s.waarvan is not None}
    return bar_chart(frame, x="periode", y="waarde", hue=hue, unit=unit, title=title,
                     ylabel=panel.ylabel, synthetic=synthetic, status="status", stacked=panel.gestapeld,
                     parts=parts)


def panel_notes(panel: Panel, frame: pd.DataFrame, registry: Registry) -> list[str]:
    """The notes printed under a panel: a series break within its periods (with the reason), then its ``noot``.

    A line chart draws a break as a split line; a bar chart cannot, so the
    reason from the registry (``series_breaks``) is said under every panel whose
    periods span a break of one of its indicators. Each reason is said once.

    Parameters
    ----------
    panel : Panel
        The panel definition.
    frame : DataFrame
        :func:`analysis.measures.indicators.panel_frame` of the panel.
    registry : Registry
        Indicator registry (the breaks and their reasons).

    Returns
    -------
    list of str
        Dutch sentences, ``"Trendbreuk vanaf 2019: ..."``.
    """
    notes = [f"{_break_head(p)}: {reden}" for p, reden in _panel_breaks(panel, frame, registry)]
    return notes + ([panel.noot] if panel.noot is not None else [])


def factsheet_panel_notes(
    panels: Sequence[Panel], frames: Sequence[pd.DataFrame], registry: Registry
) -> list[list[str]]:
    """:func:`panel_notes` of every panel of a factsheet, each break's reason said once.

    Under a later panel that spans the same break, the note refers to the first
    panel (``"Trendbreuk vanaf 2021: zie de toelichting bij panel 1."``).
    """
    first: dict[tuple[str, str], int] = {}
    out = []
    for number, (panel, frame) in enumerate(zip(panels, frames, strict=True), start=1):
        notes = []
        for brk in _panel_breaks(panel, frame, registry):
            if brk in first:
                notes.append(f"{_break_head(brk[0])}: zie de toelichting bij panel {first[brk]}.")
            else:
                first[brk] = number
                notes.append(f"{_break_head(brk[0])}: {brk[1]}")
        out.append(notes + ([panel.noot] if panel.noot is not None else []))
    return out


def _break_head(period: str) -> str:
    return f"Trendbreuk vanaf {period_label(period)}"


def _panel_breaks(panel: Panel, frame: pd.DataFrame, registry: Registry) -> list[tuple[str, str]]:
    """The (period, reason) of each series break within the panel's periods, once each, in series order."""
    periods = list(frame.loc[frame["waarde"].notna(), "periode"].unique())
    found: dict[tuple[str, str], None] = {}
    for series in panel.series:
        for brk in registry.get(series.indicator).series_breaks:
            if segment_starts(periods, [brk.periode]):
                found[(brk.periode, brk.reden)] = None
    return list(found)


def panel_table(frame: pd.DataFrame, unit: str) -> tuple[pd.DataFrame, list[str]]:
    """A panel's values as a Dutch table (series x periods) with CBS status markers, and its footnotes.

    Parameters
    ----------
    frame : DataFrame
        :func:`analysis.measures.indicators.panel_frame` (``periode``, ``reeks``, ``waarde``, ``status``).
    unit : str
        The panel's unit.

    Returns
    -------
    (DataFrame, list of str)
        Index ``Reeks``; one column per period (``2023 1e hj``), values such as
        ``384.000*``; the footnote on provisional figures when there are any.
    """
    periods = list(dict.fromkeys(frame["periode"]))
    values = frame["waarde"].dropna()
    dec = max((decimals_of(v) for v in values), default=0)
    cells = frame.assign(tekst=[with_marker(format_value(v, unit, dec), st)
                                for v, st in zip(frame["waarde"], frame["status"], strict=True)])
    table = cells.pivot(index="reeks", columns="periode", values="tekst")
    table = table.reindex(index=list(dict.fromkeys(frame["reeks"])), columns=periods)
    table.columns = [period_tick(p) for p in periods]
    table.index.name = "Reeks"
    provisional = any(status_marker(st) for st in frame["status"])
    return table, [STATUS_FOOTNOTE] if provisional else []


def factsheet_title(sheet: Factsheet, programme: Programme) -> str:
    """``Factsheet actielijn 2: <titel of the theme>``, or ``Factsheet <own titel>``."""
    if sheet.titel is not None:
        return f"Factsheet {sheet.titel}"
    assert sheet.thema is not None  # the loader requires a thema or a titel
    return f"Factsheet {programme.thema_woord} {sheet.thema}: {programme.thema(sheet.thema).titel}"


def factsheet_findings(
    published: pd.DataFrame,
    registry: Registry,
    sheet: Factsheet,
    settings: AnalysisSettings,
    caveats: Caveats,
) -> list[Finding]:
    """The generated findings of a factsheet, in the order of the definition.

    ``caveats`` are the edition's kanttekeningen
    (:func:`analysis.inputs.programme.load_caveats`): each under the finding of
    the series it comments on, and each sentence only once in the factsheet.
    The desired direction is that of the finding's breakdown
    (:meth:`analysis.inputs.registry.Indicator.direction_of`).
    """
    findings, shown = [], set()
    for spec in sheet.findings:
        vals = series_values(published, spec.indicator, spec.breakdown)
        own = [c for c in caveats.for_series(spec.indicator, spec.breakdown) if c not in shown]
        shown.update(own)
        indicator = registry.get(spec.indicator)
        indicator = indicator.model_copy(update={"direction": indicator.direction_of(spec.breakdown)})
        findings.append(series_finding(indicator, list(vals["period"]), list(vals["value"]), spec.onderwerp,
                                       settings, own, list(vals["status"])))
    return findings


def bron_lines(registry: Registry, sheet: Factsheet) -> list[str]:
    """The distinct sources of the indicators shown, as "Bron:" lines."""
    ids = [s.indicator for p in sheet.panels for s in p.series]
    sources = dict.fromkeys(registry.get(i).source for i in ids)
    return [f"Bron: {src}" for src in sources]
