"""The begrippenlijst (glossary) of the report: ``params/glossary.yaml``."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from analysis.config import GLOSSARY
from analysis.inputs.yamlio import load_model

#: Files this module reads: part of the cache key of every chapter that imports it
#: (:mod:`analysis.pipeline.dependencies`).
READS: tuple[Path, ...] = (GLOSSARY,)


class Term(BaseModel):
    """One entry of the glossary."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    term: str
    uitleg: str


class _Glossary(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    begrippen: tuple[Term, ...]


def load_glossary(path: Path = GLOSSARY) -> tuple[Term, ...]:
    """Read the glossary, sorted by term (case-insensitive)."""
    data = load_model(path, _Glossary)
    return tuple(sorted(data.begrippen, key=lambda t: t.term.lower()))
