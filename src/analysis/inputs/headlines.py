"""Headline lines of "Zorg voor de Jeugd in cijfers": ``params/in_cijfers.yaml``, validated."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from analysis.config import IN_CIJFERS
from analysis.errors import VoortgangError
from analysis.inputs.files import display_path
from analysis.inputs.registry import Registry
from analysis.inputs.yamlio import load_model

#: Files this module reads: part of the cache key of every chapter that imports it
#: (:mod:`analysis.pipeline.dependencies`).
READS: tuple[Path, ...] = (IN_CIJFERS,)


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
