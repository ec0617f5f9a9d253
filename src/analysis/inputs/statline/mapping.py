"""From StatLine snapshots to registry indicators: ``params/statline.yaml``.

Each record of the mapping names a table, one numeric topic of it, filters on
its dimension codes and the registry indicator the cells become. The result
has the long format of ``data/published/*.csv`` (:data:`PUBLISHED_COLUMNS`,
format version 2: the CBS status of the period, the snapshot as the source), so
a new half-year's snapshot flows into the next edition by changing the
snapshot date the edition names -- not the notebooks. The rows are validated by
the same schema as a published table (:func:`analysis.inputs.published.validate_rows`).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from analysis.config import STATLINE_MAPPING, STATLINE_ODATA_URL
from analysis.errors import VoortgangError
from analysis.inputs.published import COLUMNS, EXACT
from analysis.inputs.registry import Registry
from analysis.inputs.sources import Source, statline_source
from analysis.inputs.statline.parse import StatlineTable
from analysis.inputs.statline.snapshot import TABLE_ID, read_snapshot
from analysis.inputs.yamlio import read_yaml

#: Files this module reads: part of the cache key of every chapter that imports it
#: (:mod:`analysis.pipeline.dependencies`).
READS: tuple[Path, ...] = (STATLINE_MAPPING,)

#: Columns of a published-figures table (``data/published/*.csv``), in order.
PUBLISHED_COLUMNS: tuple[str, ...] = COLUMNS
#: Note tag of a cell CBS published without a value (kept as NaN, never 0).
SUPPRESSED_NOTE = "SUPPRESSED: geen waarde gepubliceerd door CBS (geheim, onbekend of onvoldoende betrouwbaar)"


class StatlineMapping(BaseModel):
    """One StatLine topic (with dimension filters) -> one registry indicator."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, description="Unique name of the record, used in messages.")
    table: str = Field(description="CBS table id, e.g. 84799NED.")
    topic: str = Field(description="Key of a numeric Topic in the table's DataProperties.")
    indicator_id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Indicator id of params/indicators.yaml.")
    unit: str = Field(description="Our unit (count, percent, ...); must match the topic's CBS unit via cbs_units.")
    breakdown: str | None = Field(default=None, description="Literal breakdown, e.g. '0-23' or 'totaal'.")
    breakdown_from: str | None = Field(default=None, description="Dimension key whose code is the breakdown.")
    filters: dict[str, str | list[str]] = Field(
        default_factory=dict, description="Dimension key -> code or list of codes (fnmatch patterns, e.g. 'GM*')."
    )
    period_kinds: list[Literal["JJ", "HJ", "KW", "MM"]] = Field(
        default_factory=lambda: ["JJ"], description="Period kinds kept (tables with a time dimension)."
    )
    period: str | None = Field(default=None, description="Period of every cell, for tables without a time dimension.")
    note: str | None = Field(default=None, description="Appended to each row's note.")

    @field_validator("table")
    @classmethod
    def _table_form(cls, v: str) -> str:
        if not TABLE_ID.match(v):
            raise ValueError(f"{v!r} is not a StatLine table id like 84799NED")
        return v

    @model_validator(mode="after")
    def _one_breakdown(self) -> StatlineMapping:
        if (self.breakdown is None) == (self.breakdown_from is None):
            raise ValueError("give exactly one of 'breakdown' and 'breakdown_from'")
        return self


class StatlineMappingFile(BaseModel):
    """The whole of ``params/statline.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    cbs_units: dict[str, str] = Field(description="CBS DataProperties.Unit -> our unit.")
    mappings: list[StatlineMapping]


def _record_name(raw: dict, loc: tuple) -> str:
    if len(loc) >= 2 and loc[0] == "mappings" and isinstance(loc[1], int):
        records = raw.get("mappings") or []
        rid = records[loc[1]].get("id") if loc[1] < len(records) and isinstance(records[loc[1]], dict) else None
        field = ".".join(str(x) for x in loc[2:]) or "(record)"
        return f"mapping {rid!r} (#{loc[1] + 1}), field {field}"
    return f"key {'.'.join(str(x) for x in loc)}"


def load_statline_mapping(path: Path | None = None) -> StatlineMappingFile:
    """Load and validate ``params/statline.yaml``.

    Raises
    ------
    VoortgangError
        Invalid YAML, an unknown or missing field, a malformed table id, a record
        with both or neither of ``breakdown``/``breakdown_from``, or duplicate
        record ids; the message names the file, the record and the field.
    """
    path = Path(path) if path is not None else STATLINE_MAPPING
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise VoortgangError(f"{path}: expected a mapping with keys cbs_units and mappings")
    try:
        parsed = StatlineMappingFile.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise VoortgangError(f"{path}: {_record_name(raw, first['loc'])}: {first['msg']}{more}") from None
    seen: set[str] = set()
    for record in parsed.mappings:
        if record.id in seen:
            raise VoortgangError(f"{path}: mapping {record.id!r}: duplicate id")
        seen.add(record.id)
        if record.unit not in parsed.cbs_units.values():
            raise VoortgangError(
                f"{path}: mapping {record.id!r}, field unit: {record.unit!r} is none of the units in cbs_units"
            )
    return parsed


def check_against_registry(mapping: StatlineMappingFile, registry: Registry, where: str = "StatLine mapping") -> None:
    """Every record's indicator exists in the registry, with the same unit.

    Raises
    ------
    VoortgangError
        An unknown indicator id (with the nearest known ids) or a unit that differs
        from the registry's; the message names ``where``, the record and the field.
    """
    for record in mapping.mappings:
        try:
            indicator = registry.get(record.indicator_id)
        except VoortgangError as exc:
            raise VoortgangError(f"{where}: mapping {record.id!r}, field indicator_id: {exc}") from None
        if indicator.unit != record.unit:
            raise VoortgangError(
                f"{where}: mapping {record.id!r}, field unit: {record.unit!r} but the registry gives "
                f"{record.indicator_id} in {indicator.unit!r}"
            )


def _check_against_table(record: StatlineMapping, table: StatlineTable, cbs_units: Mapping[str, str]) -> None:
    where = f"StatLine mapping {record.id!r} (table {table.table_id})"
    topics = table.properties[table.properties["Type"] == "Topic"].set_index("Key")
    if record.topic not in topics.index:
        raise VoortgangError(f"{where}, field topic: {record.topic!r} is not a topic of the table")
    cbs_unit = topics.loc[record.topic].get("Unit")
    cbs_unit = cbs_unit.strip() if isinstance(cbs_unit, str) else cbs_unit
    if cbs_unit not in cbs_units:
        raise VoortgangError(f"{where}, field unit: CBS unit {cbs_unit!r} of {record.topic} is not in cbs_units")
    if cbs_units[cbs_unit] != record.unit:
        raise VoortgangError(
            f"{where}, field unit: {record.unit!r} but CBS gives {record.topic} in {cbs_unit!r} "
            f"(= {cbs_units[cbs_unit]!r})"
        )
    for key in [*record.filters, *([record.breakdown_from] if record.breakdown_from else [])]:
        if key not in table.dimensions:
            field = "breakdown_from" if key == record.breakdown_from else f"filters.{key}"
            raise VoortgangError(
                f"{where}, field {field}: {key!r} is not a dimension (has {', '.join(table.dimensions)})"
            )
    if table.time_dimension is None and record.period is None:
        raise VoortgangError(f"{where}, field period: the table has no time dimension; give 'period'")
    if table.time_dimension is not None and record.period is not None:
        raise VoortgangError(
            f"{where}, field period: the table has time dimension {table.time_dimension}; "
            "use period_kinds, not period"
        )


def _matching(codes: pd.Series, patterns: str | list[str]) -> pd.Series:
    """Rows whose code matches one of the fnmatch patterns (tested once per distinct code)."""
    pats = [patterns] if isinstance(patterns, str) else patterns
    hits = [c for c in pd.unique(codes.astype(object)) if any(fnmatch.fnmatchcase(str(c), p) for p in pats)]
    return codes.isin(hits)


def _text(column: pd.Series) -> pd.Series:
    """A (categorical) column as plain strings, missing as ''."""
    return column.astype(object).where(column.notna(), "").astype(str)


def _rows_for(record: StatlineMapping, table: StatlineTable) -> pd.DataFrame:
    data = table.data
    keep = data["topic"] == record.topic
    for key, patterns in record.filters.items():
        keep &= _matching(data[f"{key}_code"], patterns)
    if table.time_dimension is not None:
        keep &= data["period_kind"].isin(record.period_kinds)
    cells = data[keep]
    # note items are separated by " | " as in data/published/README.md
    suppressed = cells["suppressed"].map(lambda s: SUPPRESSED_NOTE if s else "")
    notes = suppressed + (f" | {record.note}" if record.note else "")
    return pd.DataFrame(
        {
            "indicator_id": record.indicator_id,
            "breakdown": _text(cells[f"{record.breakdown_from}_code"]) if record.breakdown_from else record.breakdown,
            "period": _text(cells["period"]) if record.period is None else record.period,
            "status": _text(cells["status"]),
            "value": cells["value"],
            "unit": record.unit,
            "precision": EXACT,
            "printed": "",
            "source": snapshot_source(table).id,
            "location": f"onderwerp {record.topic}",
            "note": notes.str.removeprefix(" | "),
        },
        columns=list(PUBLISHED_COLUMNS),
    ).reset_index(drop=True)


def snapshot_source(table: StatlineTable) -> Source:
    """The source record of a parsed snapshot (table, title, snapshot date, OData address).

    Raises
    ------
    VoortgangError
        A table parsed without its snapshot date (a snapshot always has one).
    """
    if not table.snapshot:
        raise VoortgangError(f"StatLine table {table.table_id}: no snapshot date, so no provenance for its figures")
    title = table.info.get("Title") if isinstance(table.info, dict) else None
    return statline_source(table.table_id, table.snapshot, title, f"{STATLINE_ODATA_URL}{table.table_id}/")


def to_published_rows(table: StatlineTable, mapping: StatlineMappingFile) -> pd.DataFrame:
    """Turn a parsed snapshot into published-format rows via the mapping.

    Parameters
    ----------
    table : StatlineTable
        A parsed snapshot (:func:`analysis.inputs.statline.snapshot.read_snapshot`).
    mapping : StatlineMappingFile
        The loaded mapping; only records for ``table.table_id`` are used.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PUBLISHED_COLUMNS`; ``value`` in the record's ``unit``
        exactly as CBS publishes it (percentages in [0, 100]); ``status`` the
        CBS status of the period; suppressed cells keep ``NaN`` and say so in
        ``note``; ``source`` the snapshot's record (:func:`snapshot_source`).

    Raises
    ------
    VoortgangError
        A record naming a topic or dimension the table lacks, a unit that
        contradicts the topic's CBS unit, or filters that leave two cells for
        the same indicator, breakdown and period.
    """
    frames = []
    for record in mapping.mappings:
        if record.table.upper() != table.table_id.upper():
            continue
        _check_against_table(record, table, mapping.cbs_units)
        rows = _rows_for(record, table)
        dup = rows.duplicated(["indicator_id", "breakdown", "period"], keep=False)
        if dup.any():
            first = rows[dup].iloc[0]
            raise VoortgangError(
                f"StatLine mapping {record.id!r} (table {table.table_id}): {int(dup.sum())} cells share "
                f"indicator/breakdown/period, e.g. ({first['breakdown']}, {first['period']}); "
                "filter every other dimension to one code"
            )
        frames.append(rows)
    if not frames:
        return pd.DataFrame(columns=list(PUBLISHED_COLUMNS))
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["indicator_id", "breakdown", "period"], kind="stable").reset_index(drop=True)


def published_rows_for(
    snapshots: Mapping[str, str] | Sequence[tuple[str, str]],
    mapping: StatlineMappingFile | None = None,
    root: Path | None = None,
) -> tuple[pd.DataFrame, dict[str, Source]]:
    """Published-format rows of the snapshots an edition names, with their source records.

    Parameters
    ----------
    snapshots : mapping of table id to snapshot date
        E.g. ``{"84799NED": "2021-03-26"}`` from the edition's parameters.
    mapping : StatlineMappingFile, optional
        Default: :func:`load_statline_mapping` of ``params/statline.yaml``.
    root : Path, optional
        Root of the snapshots; default ``data/raw/statline``.

    Returns
    -------
    (pandas.DataFrame, dict)
        :func:`to_published_rows` of every snapshot, concatenated, and the
        source record of each snapshot by id.
    """
    mapping = mapping or load_statline_mapping()
    pairs = list(snapshots.items()) if isinstance(snapshots, Mapping) else list(snapshots)
    tables = [read_snapshot(t, d, root=root) for t, d in pairs]
    sources = {s.id: s for s in map(snapshot_source, tables)}
    if not tables:
        return pd.DataFrame(columns=list(PUBLISHED_COLUMNS)), sources
    return pd.concat([to_published_rows(t, mapping) for t in tables], ignore_index=True), sources


__all__ = [
    "PUBLISHED_COLUMNS",
    "SUPPRESSED_NOTE",
    "check_against_registry",
    "StatlineMapping",
    "StatlineMappingFile",
    "load_statline_mapping",
    "published_rows_for",
    "snapshot_source",
    "to_published_rows",
]
