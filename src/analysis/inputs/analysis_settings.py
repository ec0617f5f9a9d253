"""Thresholds that steer conclusions: ``params/analysis.yaml``, validated.

Every threshold that decides what the report *says* (a change is "vrijwel
gelijk", a trend is "dalend", a region is a "rode draad") lives in that one
file, not in code. The chapters load it with :func:`load_analysis_settings` and
pass the values to the pure functions of :mod:`analysis.measures` and
:mod:`analysis.present`; the methods appendix prints them
(:func:`analysis.present.methods.statistics_markdown`).

Units: ``*_pp`` in procentpunt, ``*_rel_pct`` in percent of the old value,
``significance``, ``homogeneity_alpha``, ``family_alpha`` and ``power`` as
probabilities, ``funnel_levels`` as two-sided coverage probabilities.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from analysis.config import ANALYSIS_PARAMS
from analysis.inputs.yamlio import load_model

#: Files this module reads: part of the cache key of every chapter that imports it
#: (:mod:`analysis.pipeline.dependencies`).
READS: tuple[Path, ...] = (ANALYSIS_PARAMS,)


class _Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChangeWords(_Settings):
    """Size bands of a change (procentpunt for percentages, % for counts)."""

    stable_pp: float = Field(ge=0, description="Below this many procentpunt: vrijwel gelijk gebleven.")
    stable_rel_pct: float = Field(ge=0, description="Below this relative change in %: vrijwel gelijk gebleven.")
    modest_pp: float = Field(ge=0, description="Below this: 'iets meer/minder'.")
    large_pp: float = Field(ge=0, description="From this: 'veel meer/minder'.")
    modest_rel_pct: float = Field(ge=0, description="Below this: 'lichte toename/afname'.")
    large_rel_pct: float = Field(ge=0, description="From this: 'sterke toename/afname'.")

    @model_validator(mode="after")
    def _ordered(self) -> ChangeWords:
        for low, high in (("stable_pp", "modest_pp"), ("modest_pp", "large_pp"),
                          ("stable_rel_pct", "modest_rel_pct"), ("modest_rel_pct", "large_rel_pct")):
            if getattr(self, low) > getattr(self, high):
                raise ValueError(f"{low} ({getattr(self, low)}) must not exceed {high} ({getattr(self, high)})")
        return self


class PatternFlags(_Settings):
    """When a stratum, a region or a gap is flagged in the pattern statistics.

    A family of tests (the strata of one chi-square table, the regions of one
    funnel plot, the strata of one Breslow-Day test, the cells of a monitor
    table) is corrected with ``correction`` at level ``family_alpha``
    (:func:`analysis.stats.multiple.adjust_pvalues`).
    """

    correction: Literal["holm", "fdr_bh", "none"] = Field(
        description="Multiple-testing correction of a family of tests: holm, fdr_bh (Benjamini-Hochberg) or none.")
    family_alpha: float = Field(gt=0, lt=1, description="Level of a family of tests after the correction.")
    power: float = Field(gt=0, lt=1, description="Power of the detectable difference beside 'geen verschil'.")
    homogeneity_alpha: float = Field(gt=0, lt=1, description="Breslow-Day p below this: regionaal verschillend.")
    funnel_levels: tuple[float, ...] = Field(min_length=1, max_length=3, description="Coverage of funnel limits.")
    monte_carlo_resamples: int = Field(ge=1000, le=1_000_000, description="Random tables of the Monte Carlo p-value.")
    monte_carlo_seed: int = Field(ge=0, description="Seed of the Monte Carlo p-value (reproducible reports).")

    @field_validator("funnel_levels")
    @classmethod
    def _levels(cls, v: tuple[float, ...]) -> tuple[float, ...]:
        if any(not 0 < level < 1 for level in v) or list(v) != sorted(set(v)):
            raise ValueError("give distinct coverages between 0 and 1 in ascending order, e.g. [0.95, 0.998]")
        return v


#: The rules that choose between sources giving different values for one figure.
PRECEDENCE_RULES: tuple[str, ...] = ("status", "precision", "publication")


class FigureRules(_Settings):
    """How the figures of several sources are merged (``figures`` in ``params/analysis.yaml``).

    ``precedence`` orders the rules :data:`PRECEDENCE_RULES`, each deciding only
    where the ones before it tie: ``status`` (definitief over nader voorlopig over
    voorlopig; an unstated status counts as voorlopig), ``precision`` (a value as
    a table prints it over one rounded in words), ``publication`` (the later
    publication date). Where all tie, the source named later in the edition file wins.
    """

    precedence: tuple[str, ...] = Field(description="Every rule of PRECEDENCE_RULES once, most decisive first.")

    @field_validator("precedence")
    @classmethod
    def _permutation(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if sorted(v) != sorted(PRECEDENCE_RULES):
            raise ValueError(f"name each of {', '.join(PRECEDENCE_RULES)} exactly once, most decisive first")
        return v


class SummaryRules(_Settings):
    """``in_het_kort``: how many changes the plain-Dutch summary shows and how long its sentences may be."""

    aantal: int = Field(ge=1, le=10, description="Number of changes in the summary.")
    max_woorden: int = Field(ge=5, le=30, description="Most words in one sentence of the summary (B1).")


class AnalysisSettings(_Settings):
    """All thresholds of ``params/analysis.yaml``."""

    significance: float = Field(gt=0, lt=1, description="Two-sided level of the trend tests.")
    change: ChangeWords
    patterns: PatternFlags
    figures: FigureRules
    in_het_kort: SummaryRules


def load_analysis_settings(path: Path = ANALYSIS_PARAMS) -> AnalysisSettings:
    """Read and validate ``params/analysis.yaml``.

    Raises
    ------
    VoortgangError
        Missing or unreadable file, an unknown or missing key, a wrong type or a
        value out of range (the message names the file and the key).
    """
    return load_model(path, AnalysisSettings)
