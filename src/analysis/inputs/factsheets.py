"""Factsheet definitions per actielijn: ``params/factsheets.yaml``, validated against the figures.

Every panel series and every finding names a registry indicator and a breakdown
that exists in the edition's figures; a panel's series share one unit."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from analysis.config import FACTSHEETS
from analysis.errors import VoortgangError
from analysis.inputs.files import display_path
from analysis.inputs.registry import Registry
from analysis.inputs.yamlio import load_model

#: Files this module reads: part of the cache key of every chapter that imports it
#: (:mod:`analysis.pipeline.dependencies`).
READS: tuple[Path, ...] = (FACTSHEETS,)


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
