"""Factsheet definitions: ``params/inhoud/<inhoud>/factsheets.yaml``, validated against the figures.

A factsheet belongs to the content of a programme (:mod:`analysis.inputs.programme`):
each has an ``id`` (the notebook's ``factsheet`` parameter, and the name of the
researchers' text ``factsheet-<id>.md``), optionally the ``thema`` it belongs to
(its title and *Beweging* come from the programme) or its own ``titel``. Every
panel series and every finding names a registry indicator and a breakdown that
exists in the edition's figures; a panel's series share one unit. A series may be
part of another series of its bar panel (``waarvan``: eenzijdig door cliënt is part
of overig), drawn inside it. A panel may carry a ``noot`` and a factsheet its
``voetnoten``: the small print under the factsheet (definitions, the source's remarks)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from analysis.config import FACTSHEETS_FILE
from analysis.errors import VoortgangError
from analysis.inputs.editions import Edition
from analysis.inputs.files import display_path
from analysis.inputs.programme import content_dir
from analysis.inputs.registry import Registry
from analysis.inputs.yamlio import load_model

#: Units a factsheet panel can chart (:data:`analysis.present.charts.style.ChartUnit`).
CHART_UNITS: tuple[str, ...] = ("percent", "count", "index", "rate")


def edition_reads(edition: Edition) -> list[Path]:
    """Files this module reads for ``edition`` (for the cache key of the chapters that use it)."""
    return [content_dir(edition) / FACTSHEETS_FILE]


class Series(BaseModel):
    """One series of a panel: an indicator and one of its breakdowns."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    indicator: str
    breakdown: str
    label: str
    waarvan: str | None = Field(
        default=None, min_length=1,
        description="Label of the series of the same bar panel that this one is part of (drawn inside it).")


class Panel(BaseModel):
    """A numbered indicator panel of a factsheet."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    titel: str
    chart: Literal["line", "bar"]
    ylabel: str
    series: tuple[Series, ...] = Field(min_length=1)
    tabel: bool = Field(default=False, description="Also show the values as a table under the chart.")
    gestapeld: bool = Field(default=False, description="Bar chart: stack the series (parts of one whole).")
    noot: str | None = Field(default=None, min_length=1, description="A note printed under the panel.")


class FindingSpec(BaseModel):
    """One generated finding: which series, and the subject of its heading."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    indicator: str
    breakdown: str
    onderwerp: str


class Factsheet(BaseModel):
    """One factsheet: a theme's (an actielijn's) or one with its own title."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    thema: int | None = Field(default=None, ge=0, description="Theme of the programme, for title and Beweging.")
    titel: str | None = Field(default=None, min_length=1, description="Own title (default: the theme's).")
    panels: tuple[Panel, ...] = Field(min_length=2, max_length=5)
    findings: tuple[FindingSpec, ...] = Field(min_length=1)
    voetnoten: tuple[Annotated[str, Field(min_length=1)], ...] = Field(
        default=(), description="Small print under the factsheet: definitions and remarks of the source.")


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    factsheets: tuple[Factsheet, ...]


def load_factsheets(edition: Edition, registry: Registry, published: pd.DataFrame) -> dict[str, Factsheet]:
    """Load and validate the factsheets of an edition's content.

    Every factsheet needs a ``thema`` or a ``titel``; every series and finding
    must name a registry indicator and a breakdown that exists for it in
    ``published``; all series of a panel share one unit that a chart can draw
    (:data:`CHART_UNITS`). A series with ``waarvan`` names another series of
    its panel that is not itself part of one, in a bar panel that is not stacked.

    Returns
    -------
    dict
        Factsheet id -> Factsheet, in file order.

    Raises
    ------
    VoortgangError
        Naming the file, the factsheet, the panel or finding, and the field.
    """
    path = content_dir(edition) / FACTSHEETS_FILE
    where = display_path(path)
    data = load_model(path, _File)
    known = set(zip(published["indicator_id"], published["breakdown"], strict=True))
    out: dict[str, Factsheet] = {}
    for sheet in data.factsheets:
        ctx = f"{where}: factsheet {sheet.id!r}"
        if sheet.id in out:
            raise VoortgangError(f"{ctx}: defined twice")
        if sheet.thema is None and sheet.titel is None:
            raise VoortgangError(f"{ctx}: give a 'thema' or a 'titel'")
        for i, panel in enumerate(sheet.panels, start=1):
            units = set()
            for s in panel.series:
                _check_series(s.indicator, s.breakdown, registry, known, f"{ctx}: panel {i}")
                units.add(registry.get(s.indicator).unit)
            if len(units) > 1 or not units <= set(CHART_UNITS):
                raise VoortgangError(
                    f"{ctx}: panel {i}: series must share one unit, one of {', '.join(CHART_UNITS)} "
                    f"(found {', '.join(sorted(units))})"
                )
            _check_parts(panel, f"{ctx}: panel {i}")
        for f in sheet.findings:
            _check_series(f.indicator, f.breakdown, registry, known, f"{ctx}: finding {f.indicator!r}")
        out[sheet.id] = sheet
    return out


def _check_parts(panel: Panel, ctx: str) -> None:
    """Stacking only for bars; a ``waarvan`` series is part of a whole series of the same unstacked bar panel."""
    if panel.gestapeld and panel.chart != "bar":
        raise VoortgangError(f"{ctx}: 'gestapeld' needs chart 'bar'")
    labels = [s.label for s in panel.series]
    if len(set(labels)) < len(labels):
        raise VoortgangError(f"{ctx}: series labels must be distinct")
    parent_of = {s.label: s.waarvan for s in panel.series if s.waarvan is not None}
    if not parent_of:
        return
    if panel.chart != "bar" or panel.gestapeld:
        raise VoortgangError(f"{ctx}: 'waarvan' needs chart 'bar' without 'gestapeld'")
    for child, parent in parent_of.items():
        if parent not in labels or parent == child:
            raise VoortgangError(f"{ctx}: series {child!r}: 'waarvan' {parent!r} is not another series of the panel")
        if parent in parent_of:
            raise VoortgangError(f"{ctx}: series {child!r}: 'waarvan' {parent!r} is itself part of a series")


def _check_series(indicator: str, breakdown: str, registry: Registry, known: set, ctx: str) -> None:
    try:
        registry.get(indicator)
    except VoortgangError as exc:
        raise VoortgangError(f"{ctx}: {exc}") from None
    if (indicator, breakdown) not in known:
        raise VoortgangError(f"{ctx}: indicator {indicator!r} has no published breakdown {breakdown!r}")
