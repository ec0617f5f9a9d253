"""Targets and parameters of the synthetic population: ``params/synth.yaml``, validated.

Each target and parameter is labelled published / derived / assumption /
calibrated in the file; :func:`parse_years` reads the ``--years`` argument."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from analysis.config import SYNTH_PARAMS, YOUTH_AGE_GROUPS
from analysis.errors import VoortgangError
from analysis.inputs.files import display_path
from analysis.inputs.microdata.schema import JEUGDREGIO, REGELING, VORM_VERBLIJF
from analysis.inputs.yamlio import read_yaml

#: The oldest age at which a person belongs to the population (0-22 = "0-23 jaar").
MAX_AGE = 22
#: Parquet key-value metadata marking synthetic data.
SYNTHETIC_KEY = b"voortgang.synthetic"

_YEARS = re.compile(r"^\s*(\d{4})\s*-\s*(\d{4})\s*$")
#: Day number meaning "no date" inside the generator (becomes NaT).
_NONE = np.iinfo("int64").min


# --------------------------------------------------------------------------- parameters


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


Share = Annotated[float, Field(ge=0, le=1)]
Positive = Annotated[float, Field(gt=0)]


class LogNormal(_Strict):
    """A lognormal duration: median in months, sigma of the log."""

    median: Positive
    sigma: Annotated[float, Field(ge=0)]


class Population(_Strict):
    male_share: Share
    frailty_shape: Positive
    death_rate: Share
    emigration_rate: Share
    region_weights: dict[str, Positive]

    @model_validator(mode="after")
    def _check(self) -> Population:
        if set(self.region_weights) != set(JEUGDREGIO):
            raise ValueError("region_weights: needs a weight for each of the 42 jeugdregio's")
        return self


class Verlengd(_Strict):
    ambulant: Share
    verblijf: dict[int, Share]
    months_after: dict[str, LogNormal]

    @model_validator(mode="after")
    def _check(self) -> Verlengd:
        years = sorted(self.verblijf)
        if years != list(range(years[0], years[-1] + 1)):
            raise ValueError("verblijf: needs consecutive years")
        if set(self.months_after) != {"zonder_verblijf", "verblijf"}:
            raise ValueError("months_after: needs zonder_verblijf and verblijf")
        return self


class Jeugdhulp(_Strict):
    scale: Positive
    age_profile: list[Annotated[float, Field(ge=0)]]
    trend: Positive
    trend_reference_year: int
    sex_ratio: dict[str, Positive]
    duration_months: dict[str, LogNormal]
    verblijf_probability: dict[str, Share]
    verblijf_trend: dict[str, Positive]
    verblijf_trend_reference_year: int
    verblijfsvorm: dict[str, Share]
    verlengd: Verlengd

    @model_validator(mode="after")
    def _check(self) -> Jeugdhulp:
        if len(self.age_profile) != 18:
            raise ValueError("age_profile: needs 18 values (ages 0-17)")
        for key in ("sex_ratio", "verblijf_probability", "verblijf_trend"):
            if set(getattr(self, key)) != set(YOUTH_AGE_GROUPS):
                raise ValueError(f"{key}: needs the age groups {list(YOUTH_AGE_GROUPS)}")
        if set(self.verblijfsvorm) != set(VORM_VERBLIJF) or abs(sum(self.verblijfsvorm.values()) - 1) > 1e-6:
            raise ValueError(f"verblijfsvorm: needs shares of {list(VORM_VERBLIJF)} that sum to 1")
        if set(self.duration_months) != {"zonder_verblijf", "verblijf"}:
            raise ValueError("duration_months: needs zonder_verblijf and verblijf")
        return self


class Measure(_Strict):
    hazard: Share
    median: Positive | None = None
    sigma: Annotated[float, Field(ge=0)] | None = None
    ages: tuple[int, int] = (0, 17)


class Jeugdbescherming(_Strict):
    ots: Measure
    vots_before_ots: Share
    voogdij: Measure
    jr: Measure


class CohortA(_Strict):
    verblijf_share_in_wel: Annotated[float, Field(gt=0, lt=1)]
    verblijf_minus_wel_pp: dict[str, float]
    zelfstandig_sex_pp: dict[str, float]
    missing_record: Share
    missing_econ: Share


class CohortB(_Strict):
    after_6_months: dict[str, Share]


class RedenEinde(_Strict):
    """Reason of ending: published shares by year of end, and assumptions."""

    volgens_plan: dict[int, Annotated[float, Field(gt=0, lt=1)]]
    eenzijdig_client: dict[int, Share]
    unknown: Share
    verblijf_odds_ratio: Positive

    @model_validator(mode="after")
    def _check(self) -> RedenEinde:
        if set(self.volgens_plan) != set(self.eenzijdig_client):
            raise ValueError("volgens_plan and eenzijdig_client: need the same years")
        for y, plan in self.volgens_plan.items():
            if plan + self.eenzijdig_client[y] > 1:
                raise ValueError(f"{y}: volgens_plan + eenzijdig_client above 1")
        return self


class Monitor(_Strict):
    """The synthetic monitor of complexe zorgvragen (all assumptions)."""

    cases_per_100000_per_halfyear: Positive
    ben_share: Share
    opgepakt: Share
    afgerond: Share
    functie: dict[str, Share]
    probleemtype: dict[str, Share]
    opgepakt_odds: dict[str, Positive]
    lvb_landsdeel: dict[str, Positive]


class Target(_Strict):
    lines: list[int]
    values: dict[str, dict[str, float]]


class SynthParams(_Strict):
    """``params/synth.yaml``, validated."""

    version: Literal[1]
    chunk_size: Annotated[int, Field(gt=0)]
    reference: dict[str, int]
    targets: dict[str, Target]
    population: Population
    jeugdhulp: Jeugdhulp
    jeugdbescherming: Jeugdbescherming
    cohort_a: CohortA
    cohort_b: CohortB
    reden_einde: RedenEinde
    monitor: Monitor
    heterogeneity: dict[str, dict[str, float]]

    @model_validator(mode="after")
    def _check(self) -> SynthParams:
        for kind, regions in self.heterogeneity.items():
            bad = sorted(set(regions) - set(JEUGDREGIO))
            if bad:
                raise ValueError(f"heterogeneity.{kind}: {bad} are not jeugdregio codes")
        if set(self.cohort_b.after_6_months) != set(REGELING):
            raise ValueError(f"cohort_b.after_6_months: needs {list(REGELING)}")
        return self


def load_params(path: Path | None = None) -> SynthParams:
    """Read and validate the synthetic-population parameters.

    Parameters
    ----------
    path : Path, optional
        Default :data:`analysis.config.SYNTH_PARAMS`.

    Raises
    ------
    VoortgangError
        When the file is missing, not YAML, or a key is missing or wrong (the
        message names the file and the key).
    """
    path = Path(path or SYNTH_PARAMS)
    if not path.is_file():
        raise VoortgangError(f"{display_path(path)}: parameter file not found")
    try:
        return SynthParams.model_validate(read_yaml(path))
    except ValidationError as exc:
        msgs = [f"{'.'.join(map(str, e['loc']))}: {e['msg'].removeprefix('Value error, ')}" for e in exc.errors()]
        raise VoortgangError(f"{display_path(path)}: " + "; ".join(msgs)) from exc


def parse_years(text: str) -> tuple[int, int]:
    """``"2015-2019"`` -> ``(2015, 2019)``.

    Raises
    ------
    VoortgangError
        Unless the text is two four-digit years, first <= last, within 1990-2100
        (the message names ``--years``).
    """
    m = _YEARS.match(str(text))
    if not m:
        raise VoortgangError(f"--years {text!r}: expected two years like 2015-2019")
    first, last = int(m.group(1)), int(m.group(2))
    if not 1990 <= first <= last <= 2100:
        raise VoortgangError(f"--years {text!r}: expected first <= last, between 1990 and 2100")
    return first, last
