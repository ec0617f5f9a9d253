"""The indicator registry ``params/indicators.yaml``: one stable set of indicators.

The voortgangsrapportages follow the same indicators over the years; this module
holds their definitions (Dutch label and definition, actielijn, unit, desired
direction, source, first period, breaks in the series) and the six actielijnen
with their *Beweging* and subdoelen. Loading validates everything at once and
raises one :class:`~analysis.errors.VoortgangError` that names the file, the
indicator (its id, or its list index when the id is missing) and the field.

Conventions
-----------
- ``actielijn`` is 1-6 for the six actielijnen and 0 for programme-wide figures
  (including the randvoorwaarden and the DOS annex).
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

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from analysis.config import INDICATOR_REGISTRY
from analysis.errors import VoortgangError
from analysis.inputs.files import display_path
from analysis.inputs.yamlio import read_yaml

#: Files this module reads: part of the cache key of every chapter that imports it
#: (:mod:`analysis.pipeline.dependencies`).
READS: tuple[Path, ...] = (INDICATOR_REGISTRY,)

Unit = Literal["count", "percent", "percentage_point", "percent_change", "one_in_n", "eur", "eur_million"]
#: The allowed units, in this order in messages and documentation.
UNITS: tuple[str, ...] = get_args(Unit)
#: Units whose values may be negative (changes); all other units are >= 0.
SIGNED_UNITS: frozenset[str] = frozenset({"percent_change", "percentage_point"})

Direction = Literal["higher_is_better", "lower_is_better", "neutral"]
Kind = Literal["outcome", "context", "output"]
PeriodType = Literal["year", "school_year", "quarter", "range", "month", "other"]

_TOP_LEVEL_KEYS = ("actielijnen", "indicators")


class KernEntry(BaseModel):
    """Where an indicator appears in the Kernindicatoren table of VGR 4 (seed l.454-479).

    Attributes
    ----------
    order : int
        Row position 1..10 in the printed table.
    breakdown : str
        The breakdown of the indicator that the row shows (as in the published table).
    label : str
        The row label as printed (OCR-corrected), Dutch.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    order: int = Field(ge=1)
    breakdown: str = Field(min_length=1)
    label: str = Field(min_length=1)


class Indicator(BaseModel):
    """One indicator of the registry (see the module docstring for conventions)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(min_length=1)
    actielijn: int = Field(ge=0, le=6)
    unit: Unit
    direction: Direction
    kind: Kind
    source: str = Field(min_length=1)
    definition: str = Field(min_length=1)
    first_period: str = Field(min_length=1)
    period_type: PeriodType
    kernindicator: KernEntry | None = None
    series_breaks: tuple[str, ...] = ()
    caveats: tuple[str, ...] = ()


class Actielijn(BaseModel):
    """An actielijn of the programme (0 = programmabreed).

    Attributes
    ----------
    id : int
        0..6.
    titel : str
        Title as printed in the report.
    beweging : str or None
        The factsheet's "Beweging" sentence, verbatim apart from OCR fixes.
    subdoelen : tuple of str
        ``"A. ..."``, ``"B. ..."``: the lettered goals of the goal page.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: int = Field(ge=0, le=6)
    titel: str = Field(min_length=1)
    beweging: str | None = None
    subdoelen: tuple[str, ...] = ()


class Registry(BaseModel):
    """All actielijnen and indicators, in file order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    actielijnen: tuple[Actielijn, ...]
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

    def for_actielijn(self, n: int) -> tuple[Indicator, ...]:
        """Indicators of actielijn ``n`` (0 = programmabreed), in file order."""
        self.actielijn(n)  # an unknown actielijn is an error, not an empty tuple
        return tuple(ind for ind in self.indicators if ind.actielijn == n)

    def kernindicatoren(self) -> tuple[Indicator, ...]:
        """Indicators with a Kernindicatoren row, in printed row order."""
        kern = [ind for ind in self.indicators if ind.kernindicator is not None]
        return tuple(sorted(kern, key=lambda ind: ind.kernindicator.order))  # type: ignore[union-attr]

    def actielijn(self, n: int) -> Actielijn:
        """The actielijn with id ``n``.

        Raises
        ------
        VoortgangError
            No actielijn ``n`` in the registry.
        """
        for al in self.actielijnen:
            if al.id == n:
                return al
        known = ", ".join(str(al.id) for al in self.actielijnen)
        raise VoortgangError(f"actielijn {n!r} is not in the indicator registry (known: {known})")


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
        file, the indicator or actielijn (id, or list index without id) and
        the field.
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
        problems += _consistency_problems(registry, where)
    if problems:
        raise VoortgangError("\n".join(dict.fromkeys(problems)))
    return registry


def _who(data: dict[str, Any], section: str, index: int) -> str:
    """``indicator 'id'`` or ``indicator at index 3 (no id)`` for messages."""
    noun = "indicator" if section == "indicators" else "actielijn"
    items = data.get(section)
    item = items[index] if isinstance(items, list) and index < len(items) else None
    if isinstance(item, dict) and isinstance(item.get("id"), (str, int)) and not isinstance(item.get("id"), bool):
        return f"{noun} {item['id']!r}"
    return f"{noun} at index {index} (no id)"


def _describe_error(err: Any, data: dict[str, Any], where: str) -> str:
    """One line for one pydantic error: file, indicator/actielijn, field, problem."""
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
    for section, noun in (("indicators", "indicator"), ("actielijnen", "actielijn")):
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


def _consistency_problems(registry: Registry, where: str) -> list[str]:
    """Cross-entry rules pydantic cannot see: known actielijnen, unique Kernindicatoren rows."""
    problems: list[str] = []
    known = {al.id for al in registry.actielijnen}
    for ind in registry.indicators:
        if ind.actielijn not in known:
            problems.append(
                f"{where}: indicator {ind.id!r}: field 'actielijn': {ind.actielijn} is not among the actielijnen"
            )
    orders: dict[int, str] = {}
    for ind in registry.indicators:
        if ind.kernindicator is None:
            continue
        order = ind.kernindicator.order
        if order in orders:
            problems.append(
                f"{where}: indicator {ind.id!r}: field 'kernindicator.order': "
                f"{order} is also used by {orders[order]!r}"
            )
        else:
            orders[order] = ind.id
    return problems
