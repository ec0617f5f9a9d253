"""The indicator registry ``params/indicators.yaml``: one stable set of indicators.

The voortgangsrapportages follow the same indicators over the years, whatever the
programme; this module holds their definitions only (Dutch label and definition,
unit, desired direction, source, first period, breaks in the series with their
reasons). Which theme of a programme an indicator belongs to, the Kernindicatoren
selection, factsheets and caveats are content of a programme or an edition
(:mod:`analysis.inputs.programme`). Loading validates everything at once and
raises one :class:`~analysis.errors.VoortgangError` that names the file, the
indicator (its id, or its list index when the id is missing) and the field.

Conventions
-----------
- Units (:data:`Unit`): ``count`` (persons, cases, pilots), ``percent`` (a
  proportion printed in percent, 11.6 means 11,6%), ``percentage_point`` (a
  difference between two percentages), ``percent_change`` (a relative change in
  percent, -18 means 18% lower), ``one_in_n`` (1 in N), ``eur`` (euro),
  ``eur_million`` (million euro).
- ``direction`` is the desired direction according to the report itself;
  ``neutral`` when the report calls it ambiguous or when the indicator mixes
  categories with opposite desirability.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from analysis.config import INDICATOR_REGISTRY
from analysis.errors import VoortgangError
from analysis.inputs.files import display_path
from analysis.inputs.yamlio import read_yaml

#: Files this module reads: part of the cache key of every chapter that imports it
#: (:mod:`analysis.pipeline.dependencies`).
READS: tuple[Path, ...] = (INDICATOR_REGISTRY,)

Unit = Literal[
    "count", "percent", "percentage_point", "percent_change", "one_in_n", "eur", "eur_million", "index", "rate",
]
#: The allowed units, in this order in messages and documentation.
UNITS: tuple[str, ...] = get_args(Unit)
#: Units whose values may be negative (changes); all other units are >= 0.
SIGNED_UNITS: frozenset[str] = frozenset({"percent_change", "percentage_point"})

Direction = Literal["higher_is_better", "lower_is_better", "neutral"]
Kind = Literal["outcome", "context", "output"]
PeriodType = Literal["year", "half_year", "school_year", "quarter", "range", "month", "date", "other"]

_TOP_LEVEL_KEYS = ("indicators",)


class SeriesBreak(BaseModel):
    """A break in a series: from ``periode`` on, the figures are not comparable with before.

    Attributes
    ----------
    periode : str
        The first period of the new segment (``2021``, ``2021-H1``).
    reden : str
        Why (Dutch), for the methods appendix and the notes under tables and charts.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    periode: str = Field(pattern=r"^\d{4}(-H[12]|Q[1-4])?$")
    reden: str = Field(min_length=1)


class DenominatorRef(BaseModel):
    """The series of persons behind a percentage (its known denominator).

    Attributes
    ----------
    indicator : str
        A count indicator of the registry.
    breakdown : str, optional
        Its breakdown; default the same breakdown as the percentage's.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    indicator: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    breakdown: str | None = None


class Indicator(BaseModel):
    """One indicator of the registry (see the module docstring for conventions)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(min_length=1)
    unit: Unit
    direction: Direction
    kind: Kind
    source: str = Field(min_length=1)
    definition: str = Field(min_length=1)
    first_period: str = Field(min_length=1)
    period_type: PeriodType
    series_breaks: tuple[SeriesBreak, ...] = ()
    index_base: str | None = Field(default=None, pattern=r"^\d{4}(-H[12])?=100$")
    denominator: DenominatorRef | None = None
    directions: dict[str, Direction] = Field(
        default_factory=dict, description="Desired direction per breakdown, where the breakdowns differ.")
    rate_per: int | None = Field(default=None, gt=0)
    computed: bool = Field(
        default=False,
        description="Computed by the project from person-level data or a region's count table "
        "(analysis.measures.outcomes); no published figures, first_period is the first the data can give.")

    @model_validator(mode="after")
    def _unit_details(self) -> Indicator:
        if (self.unit == "index") != (self.index_base is not None):
            raise ValueError("field 'index_base' (e.g. '2015=100') is required for unit index, and only for it")
        if (self.unit == "rate") != (self.rate_per is not None):
            raise ValueError("field 'rate_per' (e.g. 1000) is required for unit rate, and only for it")
        if self.denominator is not None and self.unit != "percent":
            raise ValueError("field 'denominator' names the persons behind a percentage: only for unit percent")
        return self

    def direction_of(self, breakdown: str) -> Direction:
        """The desired direction of one breakdown (``directions``), else the indicator's."""
        return self.directions.get(breakdown, self.direction)

    @property
    def break_periods(self) -> tuple[str, ...]:
        """The first period of each new segment, in registry order."""
        return tuple(b.periode for b in self.series_breaks)


class Registry(BaseModel):
    """All indicators, in file order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    indicators: tuple[Indicator, ...]

    def get(self, indicator_id: str) -> Indicator:
        """The indicator with this id.

        Raises
        ------
        VoortgangError
            Unknown id; the message names it and the nearest known ids.
        """
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        ids = [ind.id for ind in self.indicators]
        near = difflib.get_close_matches(indicator_id, ids, n=3, cutoff=0.5)
        hint = f"; nearest: {', '.join(near)}" if near else ""
        raise VoortgangError(f"indicator_id {indicator_id!r} is not in the indicator registry{hint}")


def load_registry(path: Path | None = None) -> Registry:
    """Read and validate the indicator registry.

    Parameters
    ----------
    path : Path, optional
        YAML file; default :data:`analysis.config.INDICATOR_REGISTRY`.

    Returns
    -------
    Registry

    Raises
    ------
    VoortgangError
        Missing or unparsable file, an unknown top-level key, or any invalid
        entry: one error listing every problem, one per line, each naming the
        file, the indicator (id, or list index without id) and the field.
    """
    path = Path(path) if path is not None else INDICATOR_REGISTRY
    where = display_path(path)
    if not path.is_file():
        raise VoortgangError(f"{where}: indicator registry not found")
    return parse_registry(read_yaml(path), where)


def parse_registry(data: Any, where: str) -> Registry:
    """Validate already-parsed YAML content (see :func:`load_registry`).

    ``where`` is the file name used in messages.
    """
    if not isinstance(data, dict):
        raise VoortgangError(f"{where}: top level must be a mapping with keys {', '.join(_TOP_LEVEL_KEYS)}")
    problems = [f"{where}: unknown top-level key {key!r} (allowed: {', '.join(_TOP_LEVEL_KEYS)})"
                for key in data if key not in _TOP_LEVEL_KEYS]
    problems += [f"{where}: top-level key {key!r} is missing" for key in _TOP_LEVEL_KEYS if key not in data]
    if problems:
        raise VoortgangError("\n".join(problems))
    problems = _duplicate_id_problems(data, where)
    try:
        registry = Registry.model_validate(data)
    except ValidationError as exc:
        problems += [_describe_error(err, data, where) for err in exc.errors()]
    else:
        problems += _break_problems(registry, where) + _denominator_problems(registry, where)
    if problems:
        raise VoortgangError("\n".join(dict.fromkeys(problems)))
    return registry


def _who(data: dict[str, Any], section: str, index: int) -> str:
    """``indicator 'id'`` or ``indicator at index 3 (no id)`` for messages."""
    noun = "indicator"
    items = data.get(section)
    item = items[index] if isinstance(items, list) and index < len(items) else None
    if isinstance(item, dict) and isinstance(item.get("id"), (str, int)) and not isinstance(item.get("id"), bool):
        return f"{noun} {item['id']!r}"
    return f"{noun} at index {index} (no id)"


def _describe_error(err: Any, data: dict[str, Any], where: str) -> str:
    """One line for one pydantic error: file, indicator, field, problem."""
    loc = tuple(err["loc"])
    if len(loc) >= 2 and loc[0] in _TOP_LEVEL_KEYS and isinstance(loc[1], int):
        who = _who(data, loc[0], loc[1])
        field = ".".join(str(part) for part in loc[2:])
    else:
        who = f"key {loc[0]!r}" if loc else "top level"
        field = ".".join(str(part) for part in loc[1:])
    value = err.get("input")
    kind = err["type"]
    if kind == "extra_forbidden":
        problem = "unknown field"
    elif kind == "missing":
        problem = "is required"
    elif kind == "literal_error":
        allowed = err.get("ctx", {}).get("expected", "")
        allowed = allowed.replace("'", "").replace(" or ", ", ")
        problem = f"{value!r} is not one of {allowed}"
    elif kind in {"greater_than_equal", "less_than_equal"}:
        ctx = err.get("ctx", {})
        bound = f">= {ctx['ge']}" if "ge" in ctx else f"<= {ctx['le']}"
        problem = f"{value!r} must be {bound}"
    else:
        problem = f"{value!r}: {err['msg']}" if field else err["msg"]
    field_part = f": field {field!r}" if field else ""
    return f"{where}: {who}{field_part}: {problem}"


def _duplicate_id_problems(data: dict[str, Any], where: str) -> list[str]:
    """Duplicate ids among the raw entries (checked even when other fields are invalid)."""
    problems: list[str] = []
    for section, noun in (("indicators", "indicator"),):
        items = data.get(section)
        if not isinstance(items, list):
            continue
        seen: dict[Any, int] = {}
        for i, item in enumerate(items):
            key = item.get("id") if isinstance(item, dict) else None
            if key is None or not isinstance(key, (str, int)):
                continue
            if key in seen:
                problems.append(
                    f"{where}: {noun} {key!r}: field 'id': duplicate id (entries at index {seen[key]} and {i})"
                )
            else:
                seen[key] = i
    return problems


def _denominator_problems(registry: Registry, where: str) -> list[str]:
    """A denominator names a count indicator of the registry."""
    units = {ind.id: ind.unit for ind in registry.indicators}
    return [
        f"{where}: indicator {ind.id!r}: field 'denominator.indicator': {ind.denominator.indicator!r} is not a "
        "count indicator of the registry"
        for ind in registry.indicators
        if ind.denominator is not None and units.get(ind.denominator.indicator) != "count"
    ]


def _break_problems(registry: Registry, where: str) -> list[str]:
    """Series breaks of an indicator are distinct and in time order."""
    problems: list[str] = []
    for ind in registry.indicators:
        periods = ind.break_periods
        if list(periods) != sorted(set(periods)):
            problems.append(f"{where}: indicator {ind.id!r}: field 'series_breaks': periods must be distinct and "
                            f"in time order ({', '.join(periods)})")
    return problems
