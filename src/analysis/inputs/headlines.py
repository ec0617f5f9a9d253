"""Headline lines that open the chapter with the Kernindicatoren: ``params/inhoud/<inhoud>/in_cijfers.yaml``."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from analysis.config import HEADLINES_FILE
from analysis.errors import VoortgangError
from analysis.inputs.editions import Edition
from analysis.inputs.files import display_path
from analysis.inputs.programme import content_dir
from analysis.inputs.registry import Registry
from analysis.inputs.yamlio import load_model


def edition_reads(edition: Edition) -> list[Path]:
    """Files this module reads for ``edition`` (for the cache key of the chapters that use it)."""
    return [content_dir(edition) / HEADLINES_FILE]


class Kerncijfer(BaseModel):
    """One headline line (``in_cijfers.yaml`` of the edition's content)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    indicator: str
    breakdown: str
    onderwerp: str
    groei: str | None = None


class _InCijfers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kerncijfers: tuple[Kerncijfer, ...]


def load_kerncijfers(edition: Edition, registry: Registry) -> tuple[Kerncijfer, ...]:
    """Read the headline definitions of an edition's content; every indicator must be in the registry."""
    path = content_dir(edition) / HEADLINES_FILE
    items = load_model(path, _InCijfers).kerncijfers
    for item in items:
        for ind in (item.indicator, item.groei):
            if ind is not None:
                try:
                    registry.get(ind)
                except VoortgangError as exc:
                    raise VoortgangError(f"{display_path(path)}: kerncijfer {item.indicator!r}: {exc}") from None
    return items
