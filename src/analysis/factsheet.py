"""Factsheets "Feiten & Cijfers" per actielijn: definitions, panel data, findings.

The definitions live in ``params/factsheets.yaml`` (validated here against the
registry and the published figures). ``notebooks/10-factsheet.ipynb`` calls
:func:`panel_frame`, :func:`panel_chart`, :func:`factsheet_findings` and
:func:`bron_lines`; nothing here reads files except :func:`load_factsheets`
and :func:`researcher_text` at the edges.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from analysis.config import FACTSHEETS, TEKST_DIR
from analysis.errors import VoortgangError
from analysis.findings import Finding, series_finding
from analysis.registry import Registry
from analysis.yamlio import display_path, load_model


class Series(BaseModel):
    """One series of a panel: an indicator and one of its breakdowns."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    indicator: str
    breakdown: str
    label: str


class Panel(BaseModel):
    """A numbered indicator panel of a factsheet."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    titel: str
    chart: Literal["line", "bar"]
    ylabel: str
    series: tuple[Series, ...] = Field(min_length=1)


class FindingSpec(BaseModel):
    """One generated finding: which series, and the subject of its heading."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    indicator: str
    breakdown: str
    onderwerp: str


class Factsheet(BaseModel):
    """The factsheet of one actielijn."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    actielijn: int = Field(ge=1, le=6)
    panels: tuple[Panel, ...] = Field(min_length=2, max_length=5)
    findings: tuple[FindingSpec, ...] = Field(min_length=1)


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    factsheets: tuple[Factsheet, ...]


def load_factsheets(
    registry: Registry,
    published: pd.DataFrame,
    path: Path = FACTSHEETS,
) -> dict[int, Factsheet]:
    """Load and validate ``params/factsheets.yaml``.

    Every series and finding must name a registry indicator and a breakdown
    that exists for it in ``published``; all series of a panel share one unit
    (``percent`` or ``count``).

    Returns
    -------
    dict
        Actielijn -> Factsheet.

    Raises
    ------
    VoortgangError
        Naming the file, the actielijn, the panel or finding, and the field.
    """
    where = display_path(path)
    data = load_model(path, _File)
    known = set(zip(published["indicator_id"], published["breakdown"], strict=True))
    out: dict[int, Factsheet] = {}
    for sheet in data.factsheets:
        ctx = f"{where}: actielijn {sheet.actielijn}"
        if sheet.actielijn in out:
            raise VoortgangError(f"{ctx}: defined twice")
        for i, panel in enumerate(sheet.panels, start=1):
            units = set()
            for s in panel.series:
                _check_series(s.indicator, s.breakdown, registry, known, f"{ctx}: panel {i}")
                units.add(registry.get(s.indicator).unit)
            if len(units) > 1 or not units <= {"percent", "count"}:
                raise VoortgangError(
                    f"{ctx}: panel {i}: series must share one unit, percent or count (found {', '.join(sorted(units))})"
                )
        for f in sheet.findings:
            _check_series(f.indicator, f.breakdown, registry, known, f"{ctx}: finding {f.indicator!r}")
        out[sheet.actielijn] = sheet
    return out


def _check_series(indicator: str, breakdown: str, registry: Registry, known: set, ctx: str) -> None:
    try:
        registry.get(indicator)
    except VoortgangError as exc:
        raise VoortgangError(f"{ctx}: {exc}") from None
    if (indicator, breakdown) not in known:
        raise VoortgangError(f"{ctx}: indicator {indicator!r} has no published breakdown {breakdown!r}")


def _series_values(published: pd.DataFrame, indicator: str, breakdown: str) -> pd.DataFrame:
    sel = published[(published["indicator_id"] == indicator) & (published["breakdown"] == breakdown)]
    return sel[["period", "value"]].sort_values("period", kind="stable")


def panel_frame(published: pd.DataFrame, panel: Panel) -> pd.DataFrame:
    """Tidy data of a panel: columns ``periode``, ``reeks``, ``waarde``.

    Periods are sorted; a series missing a period another series has gets a
    missing value there (shown as a gap or ``.``).
    """
    parts = []
    for s in panel.series:
        vals = _series_values(published, s.indicator, s.breakdown)
        parts.append(pd.DataFrame({"periode": vals["period"], "reeks": s.label, "waarde": vals["value"]}))
    frame = pd.concat(parts, ignore_index=True)
    periods = sorted(frame["periode"].unique())
    full = pd.MultiIndex.from_product([periods, [s.label for s in panel.series]], names=["periode", "reeks"])
    return frame.set_index(["periode", "reeks"]).reindex(full).reset_index()


def panel_chart(panel: Panel, frame: pd.DataFrame, registry: Registry, number: int, synthetic: bool = False):
    """Chart of a panel in the house style; returns ``(figure, alt text)``."""
    from analysis.plots import bar_chart, line_chart

    unit = registry.get(panel.series[0].indicator).unit
    hue = "reeks" if len(panel.series) > 1 else None
    title = f"{number}. {panel.titel}"
    breaks = sorted({b for s in panel.series for b in registry.get(s.indicator).series_breaks})
    if panel.chart == "line":
        return line_chart(frame, x="periode", y="waarde", hue=hue, unit=unit, title=title,
                          ylabel=panel.ylabel, synthetic=synthetic, breaks=breaks)
    return bar_chart(frame, x="periode", y="waarde", hue=hue, unit=unit, title=title,
                     ylabel=panel.ylabel, synthetic=synthetic)


def factsheet_findings(published: pd.DataFrame, registry: Registry, sheet: Factsheet) -> list[Finding]:
    """The generated findings of a factsheet, in the order of the definition."""
    findings = []
    for spec in sheet.findings:
        vals = _series_values(published, spec.indicator, spec.breakdown)
        findings.append(
            series_finding(registry.get(spec.indicator), list(vals["period"]), list(vals["value"]), spec.onderwerp)
        )
    return findings


def bron_lines(registry: Registry, sheet: Factsheet) -> list[str]:
    """The distinct sources of the indicators shown, as "Bron:" lines."""
    ids = [s.indicator for p in sheet.panels for s in p.series]
    sources = dict.fromkeys(registry.get(i).source for i in ids)
    return [f"Bron: {src}" for src in sources]


def researcher_text(edition: str, chapter: str, tekst_dir: Path = TEKST_DIR) -> str | None:
    """The researchers' own text for a chapter, if they wrote one.

    Researchers write ``params/tekst/<edition>/<chapter>.md`` (markdown); it is
    placed above the generated findings and never overwritten by the build.

    Returns
    -------
    str or None
        The text, or ``None`` when there is no file.
    """
    path = tekst_dir / edition / f"{chapter}.md"
    if not path.is_file():
        return None
    return path.read_text(encoding="utf-8").strip() or None
