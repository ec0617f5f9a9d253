"""The thresholds of the disclosure-control gate: ``params/disclosure.yaml``, validated.

The gate itself is :mod:`analysis.disclosure`; ``docs/disclosure.md`` explains
the rules and :func:`analysis.present.methods.methods_paragraph` prints the
settings in force in the report."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from analysis.config import CBS_MIN_COUNT, CBS_ROUNDING_BASE, DISCLOSURE_PARAMS
from analysis.errors import VoortgangError
from analysis.inputs.files import display_path
from analysis.inputs.yamlio import read_yaml

#: Files this module reads: part of the cache key of every chapter that imports it
#: (:mod:`analysis.pipeline.dependencies`).
READS: tuple[Path, ...] = (DISCLOSURE_PARAMS,)


class CbsAkkoord(BaseModel):
    """CBS's written approval of thresholds below the floor of its output rules.

    Attributes
    ----------
    door : str
        Who at CBS approved (name and role), as on the approval.
    datum : str
        Date of the approval, ``YYYY-MM-DD``.
    kenmerk : str
        Reference of the approval (mail or letter), so that it can be found again.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    door: str = Field(min_length=3, max_length=200)
    datum: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    kenmerk: str = Field(min_length=1, max_length=200)


class DisclosureSettings(BaseModel):
    """Thresholds of the gate (``params/disclosure.yaml``).

    Attributes
    ----------
    min_count : int
        Minimum number of persons behind a published count (>= 1).
    rounding_base : int
        Published counts are rounded half up to a multiple of this (>= 1; 1 = no
        rounding). ``min_count`` must be a multiple of it, so that no published
        count is rounded to below ``min_count``.
    percentage_decimals : int
        Decimals of published percentages (0..3).
    cbs_akkoord : CbsAkkoord or None
        Required for ``min_count`` below :data:`analysis.config.CBS_MIN_COUNT` or
        ``rounding_base`` below :data:`analysis.config.CBS_ROUNDING_BASE` (the floor of
        the CBS output rules, enforced here): who at CBS approved the lower values.
        The methods text of the report names it.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    min_count: int = Field(10, ge=1)
    rounding_base: int = Field(5, ge=1)
    percentage_decimals: int = Field(1, ge=0, le=3)
    cbs_akkoord: CbsAkkoord | None = None

    @model_validator(mode="after")
    def _cbs_floor(self) -> DisclosureSettings:
        if self.below_cbs_floor and self.cbs_akkoord is None:
            raise ValueError(
                f"min_count {self.min_count} and rounding_base {self.rounding_base}: the CBS output rules ask for "
                f"at least {CBS_MIN_COUNT} persons per cell and rounding to {CBS_ROUNDING_BASE}; lower values need "
                "a key 'cbs_akkoord' with door, datum and kenmerk of CBS's approval"
            )
        return self

    @property
    def below_cbs_floor(self) -> bool:
        """True when these thresholds are below the CBS floor (then :attr:`cbs_akkoord` names the approval)."""
        return self.min_count < CBS_MIN_COUNT or self.rounding_base < CBS_ROUNDING_BASE

    @model_validator(mode="after")
    def _threshold_is_multiple_of_base(self) -> DisclosureSettings:
        if self.min_count % self.rounding_base:
            raise ValueError(
                f"min_count ({self.min_count}) must be a multiple of rounding_base "
                f"({self.rounding_base}), or rounding could publish a count below min_count"
            )
        return self


def load_disclosure_settings(path: Path | str | None = None) -> DisclosureSettings:
    """Read and validate the disclosure thresholds.

    Parameters
    ----------
    path : path-like, optional
        YAML file; default :data:`analysis.config.DISCLOSURE_PARAMS`.

    Returns
    -------
    DisclosureSettings

    Raises
    ------
    VoortgangError
        When the file is missing, is not a YAML mapping, or holds an unknown key or
        a bad value; the message names the file and the key.
    """
    path = Path(DISCLOSURE_PARAMS if path is None else path)
    if not path.is_file():
        raise VoortgangError(f"{display_path(path)}: disclosure parameters file not found")
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise VoortgangError(
            f"{display_path(path)}: expected a mapping with keys {', '.join(DisclosureSettings.model_fields)}"
        )
    try:
        return DisclosureSettings.model_validate(raw)
    except ValidationError as exc:
        problems = [
            f"key '{'.'.join(map(str, err['loc']))}': {err['msg']}"
            if err["loc"]
            else err["msg"].removeprefix("Value error, ")
            for err in exc.errors()
        ]
        raise VoortgangError(f"{display_path(path)}: {'; '.join(problems)}") from None
