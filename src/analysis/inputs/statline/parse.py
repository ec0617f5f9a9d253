"""Parse the OData v3 JSON of a StatLine table into one tidy long frame.

Pure functions: they take the ``value`` rows of the endpoints (``TableInfos``,
``DataProperties``, one table per dimension, ``TypedDataSet``) and return a
:class:`StatlineTable`. Reading them from a snapshot is in
:mod:`analysis.inputs.statline.snapshot`.

Conventions
-----------
- Dimension codes are kept exactly, with CBS's right padding stripped
  (``'GM1680    '`` -> ``'GM1680'``); each dimension gives two columns,
  ``<Dim>_code`` and ``<Dim>_label`` (the ``Title`` of its dimension table).
- Period keys are parsed into ``year``, ``period_kind`` (``JJ`` year, ``HJ``
  half-year, ``KW`` quarter, ``MM`` month), ``period_number`` (0 for a year) and
  ``period``, the project's normalised period string: ``2019``, ``2019-H1``,
  ``2019Q1``, ``2019-01``. ``status`` is the CBS status of the period, lower
  case: ``definitief``, ``voorlopig`` or ``nader voorlopig``.
- ``value`` is the number as CBS publishes it, in the topic's ``unit`` (for
  ``%`` topics a percentage in [0, 100], not a proportion). A cell CBS left
  empty (JSON ``null``, or the symbols ``.``/``x`` of untyped output: secret,
  unknown or too unreliable) is ``NaN`` with ``suppressed == True`` -- never 0.
- Only numeric topics (``Datatype`` Long, Double, ...) are melted into the long
  frame; text topics (e.g. ``Gemeentenaam_1``) stay in ``properties`` only.
- Columns of the long frame, in order: ``topic``, ``topic_title``, ``unit``, per
  dimension ``<Dim>_code`` and ``<Dim>_label``, ``period``, ``year``, ``period_kind``,
  ``period_number``, ``status`` (all missing for a table without a time dimension),
  ``value``, ``suppressed``. The string columns are categoricals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pandera.pandas as pa

from analysis.config import STATUSES
from analysis.errors import VoortgangError
from analysis.inputs.periods import from_statline

#: ``DataProperties.Type`` values that are dimensions (each has its own table).
DIMENSION_TYPES: frozenset[str] = frozenset({"Dimension", "TimeDimension", "GeoDimension", "GeoDetail"})
#: ``DataProperties.Datatype`` values of numeric topics.
NUMERIC_DATATYPES: frozenset[str] = frozenset({"Long", "Integer", "Short", "Double", "Float", "Decimal"})
#: Symbols CBS prints instead of a number (untyped output) for a cell without value.
SUPPRESSED_SYMBOLS: frozenset[str] = frozenset({".", "x"})
#: CBS ``Perioden.Status`` (any case) -> our status (:data:`analysis.config.STATUSES`).
STATLINE_STATUS: dict[str, str] = {status: status for status in STATUSES}
#: Period kinds of the key ``YYYY<kind>NN`` with the allowed numbers.
PERIOD_KINDS: dict[str, range] = {"JJ": range(0, 1), "HJ": range(1, 3), "KW": range(1, 5), "MM": range(1, 13)}

_PERIOD_KEY = re.compile(r"^(\d{4})([A-Z]{2})(\d{2})$")
# Half-year tables title their periods "1e halfjaar 2025*" or "2025 1e halfjaar";
# their key form was not seen in a real snapshot yet, so the title is a fallback.
_HALFYEAR_TITLE = re.compile(r"^(?:([12])e halfjaar (\d{4})|(\d{4}) ([12])e halfjaar)\**$")

PERIOD_COLUMNS: tuple[str, ...] = ("period", "year", "period_kind", "period_number", "status")

#: Columns every long frame has, whatever its dimensions; checked after parsing.
LONG_SCHEMA = pa.DataFrameSchema(
    {
        "topic": pa.Column(),
        "unit": pa.Column(nullable=True),
        "value": pa.Column(float, nullable=True),
        "suppressed": pa.Column(bool),
    },
    checks=pa.Check(lambda df: df["value"].isna() == df["suppressed"], error="suppressed iff value missing"),
    strict=False,
)


class Period(NamedTuple):
    """A parsed StatLine period key."""

    year: int
    kind: str  # JJ, HJ, KW or MM
    number: int  # 0 for a year, else the half-year/quarter/month number
    label: str  # normalised period string: 2019, 2019-H1, 2019Q1, 2019-01


@dataclass(frozen=True)
class StatlineTable:
    """One StatLine table as read from a snapshot.

    Attributes
    ----------
    table_id : str
        CBS identifier, e.g. ``84799NED``.
    snapshot : str or None
        Snapshot date ``YYYY-MM-DD`` it was read from (None when parsed directly).
    info : dict
        The ``TableInfos`` record (Title, Period, Modified, ...).
    properties : pandas.DataFrame
        ``DataProperties``: one row per dimension, topic group and topic.
    dimensions : dict of str to pandas.DataFrame
        Per dimension key, its table with ``code`` (stripped ``Key``), ``label``
        (``Title``), ``description`` and, for the time dimension, ``status``.
    data : pandas.DataFrame
        The tidy long frame: one row per cell (see the module docstring).
    """

    table_id: str
    snapshot: str | None
    info: dict[str, Any]
    properties: pd.DataFrame
    dimensions: dict[str, pd.DataFrame] = field(repr=False)
    data: pd.DataFrame = field(repr=False)

    @property
    def time_dimension(self) -> str | None:
        """Key of the time dimension (usually ``Perioden``), or None."""
        keys = self.properties.loc[self.properties["Type"] == "TimeDimension", "Key"]
        return str(keys.iloc[0]) if len(keys) else None


def parse_period_key(key: str, title: str | None = None) -> Period:
    """Parse a StatLine period key such as ``2019JJ00``.

    Parameters
    ----------
    key : str
        The ``Key`` of the ``Perioden`` dimension (padding is stripped).
    title : str, optional
        Its ``Title``; used only when the key has an unknown form and the title
        reads as a half-year (``1e halfjaar 2025*``).

    Returns
    -------
    Period
        ``2019JJ00 -> (2019, 'JJ', 0, '2019')``, ``2019HJ01 -> (2019, 'HJ', 1,
        '2019-H1')``, ``2019KW03 -> (2019, 'KW', 3, '2019Q3')``,
        ``2019MM01 -> (2019, 'MM', 1, '2019-01')``.

    Raises
    ------
    VoortgangError
        A key of unknown form or with an impossible number; the message names it.
    """
    stripped = key.strip()
    if m := _PERIOD_KEY.match(stripped):
        year, kind, number = int(m.group(1)), m.group(2), int(m.group(3))
        if kind in PERIOD_KINDS:
            if number not in PERIOD_KINDS[kind]:
                raise VoortgangError(f"StatLine period key {key!r}: number {number:02d} is impossible for {kind}")
            return Period(year, kind, number, from_statline(year, kind, number))
    if title is not None and (t := _HALFYEAR_TITLE.match(title.strip())):
        half = int(t.group(1) or t.group(4))
        year = int(t.group(2) or t.group(3))
        return Period(year, "HJ", half, from_statline(year, "HJ", half))
    raise VoortgangError(
        f"StatLine period key {key!r} (title {title!r}) has an unknown form; "
        "expected e.g. 2019JJ00, 2019HJ01, 2019KW01 or 2019MM01"
    )


def parse_status(status: str | None, key: str) -> str:
    """Normalise a ``Perioden.Status`` (``Voorlopig`` -> ``voorlopig``); error names the key."""
    if status is None:
        raise VoortgangError(f"StatLine period {key.strip()!r} has no Status")
    try:
        return STATLINE_STATUS[status.strip().lower()]
    except KeyError:
        raise VoortgangError(
            f"StatLine period {key.strip()!r}: unknown Status {status!r} (expected {', '.join(STATLINE_STATUS)})"
        ) from None


def _require(rows: list[dict[str, Any]], columns: tuple[str, ...], where: str) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise VoortgangError(f"{where}: missing field(s) {', '.join(missing)}")
    return frame


def dimension_frame(table_id: str, key: str, rows: list[dict[str, Any]], *, time: bool) -> pd.DataFrame:
    """Tidy a dimension table: ``code`` (stripped Key), ``label``, ``description`` (+ ``status``)."""
    where = f"StatLine {table_id} dimension {key}"
    frame = _require(rows, ("Key", "Title"), where)
    out = pd.DataFrame(
        {
            "code": frame["Key"].astype(str).str.strip(),
            "label": frame["Title"].astype(str).str.strip(),
            "description": frame.get("Description", pd.Series([None] * len(frame))),
        }
    )
    if out["code"].duplicated().any():
        raise VoortgangError(f"{where}: {int(out['code'].duplicated().sum())} duplicate Key(s) after stripping")
    if time:
        if "Status" not in frame.columns:
            raise VoortgangError(f"{where}: missing field Status")
        periods = [parse_period_key(k, t) for k, t in zip(frame["Key"], frame["Title"], strict=True)]
        out["period"] = [p.label for p in periods]
        out["year"] = [p.year for p in periods]
        out["period_kind"] = [p.kind for p in periods]
        out["period_number"] = [p.number for p in periods]
        out["status"] = [parse_status(s, k) for s, k in zip(frame["Status"], frame["Key"], strict=True)]
    return out


def _to_values(raw: pd.Series, table_id: str, topic: str) -> tuple[np.ndarray, np.ndarray]:
    """One topic column as float and the suppressed flag; null and '.'/'x' are suppressed."""
    if pd.api.types.is_numeric_dtype(raw.dtype) and not pd.api.types.is_bool_dtype(raw.dtype):
        values = raw.to_numpy(dtype=float, na_value=np.nan)
        return values, np.isnan(values)
    as_text = raw.map(lambda v: v.strip() if isinstance(v, str) else v)
    suppressed = (as_text.isna() | as_text.isin(SUPPRESSED_SYMBOLS)).to_numpy(dtype=bool)
    values = pd.to_numeric(as_text.where(~suppressed), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = np.isnan(values) & ~suppressed
    if bad.any():
        example = as_text[bad].iloc[0]
        raise VoortgangError(
            f"StatLine {table_id} TypedDataSet, topic {topic}: {int(bad.sum())} cell(s) are neither a "
            f"number nor a CBS symbol ({', '.join(sorted(SUPPRESSED_SYMBOLS))} or null), e.g. {example!r}"
        )
    return values, suppressed


def _categorical(per_item: np.ndarray, index: np.ndarray) -> pd.Categorical:
    """``per_item[index]`` as a categorical (labels need not be unique; None stays missing)."""
    present = pd.isna(per_item)
    categories, inverse = np.unique(np.where(present, "", per_item).astype(str), return_inverse=True)
    codes = np.where(present, -1, inverse)[index]
    return pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype=object))


def parse_table(
    table_id: str,
    info: list[dict[str, Any]],
    properties: list[dict[str, Any]],
    dimensions: dict[str, list[dict[str, Any]]],
    data: list[dict[str, Any]],
    snapshot: str | None = None,
) -> StatlineTable:
    """Build a :class:`StatlineTable` from the ``value`` rows of a table's endpoints.

    Parameters
    ----------
    table_id : str
        CBS identifier, used in messages.
    info : list of dict
        ``TableInfos`` rows (one record).
    properties : list of dict
        ``DataProperties`` rows.
    dimensions : dict of str to list of dict
        Rows of every dimension table, keyed by the dimension ``Key``.
    data : list of dict
        ``TypedDataSet`` rows.
    snapshot : str, optional
        Snapshot date, recorded on the result.

    Returns
    -------
    StatlineTable

    Raises
    ------
    VoortgangError
        A missing dimension table or column, a code absent from its dimension
        table, an unknown period key or status, or a cell that is not a number.
    """
    props = _require(properties, ("Key", "Type"), f"StatLine {table_id} DataProperties")
    props["Key"] = props["Key"].fillna("").astype(str)
    dim_props = props[props["Type"].isin(DIMENSION_TYPES)]
    times = dim_props.loc[dim_props["Type"] == "TimeDimension", "Key"].tolist()
    if len(times) > 1:
        raise VoortgangError(f"StatLine {table_id}: {len(times)} time dimensions ({', '.join(times)}); expected one")

    dims: dict[str, pd.DataFrame] = {}
    for key, kind in zip(dim_props["Key"], dim_props["Type"], strict=True):
        if key not in dimensions:
            raise VoortgangError(f"StatLine {table_id}: dimension table {key!r} (Type {kind}) is missing")
        dims[key] = dimension_frame(table_id, key, dimensions[key], time=kind == "TimeDimension")

    topics = props[(props["Type"] == "Topic") & props.get("Datatype", pd.Series(dtype=object)).isin(NUMERIC_DATATYPES)]
    topic_keys = topics["Key"].tolist()
    if not data:
        raise VoortgangError(f"StatLine {table_id} TypedDataSet: no rows")
    wide = _require(data, tuple(list(dims) + topic_keys), f"StatLine {table_id} TypedDataSet")
    n, n_topics = len(wide), len(topic_keys)

    # The long frame is built from the wide one with numpy (topic-major, like melt):
    # cell k*n + i is topic k of row i. Repeated strings are categoricals, so a
    # 17,341 x 100 table stays fast and small.
    topic_idx = np.repeat(np.arange(n_topics), n)
    titles = topics.get("Title", topics["Key"]).astype(str).str.strip().to_numpy(dtype=object)
    units = topics.get("Unit", pd.Series([None] * n_topics)).to_numpy(dtype=object)
    out = pd.DataFrame(
        {
            "topic": _categorical(np.asarray(topic_keys, dtype=object), topic_idx),
            "topic_title": _categorical(titles, topic_idx),
            "unit": _categorical(units, topic_idx),
        }
    )
    for key, table in dims.items():
        codes = wide[key].astype(str).str.strip()
        position = pd.Index(table["code"]).get_indexer(codes)
        unknown = position < 0
        if unknown.any():
            raise VoortgangError(
                f"StatLine {table_id} TypedDataSet: {int(unknown.sum())} row(s) with a {key} code absent "
                f"from the {key} dimension table, e.g. {codes[unknown].iloc[0]!r}"
            )
        cell_idx = np.tile(position, n_topics)
        out[f"{key}_code"] = _categorical(table["code"].to_numpy(dtype=object), cell_idx)
        out[f"{key}_label"] = _categorical(table["label"].to_numpy(dtype=object), cell_idx)
        if key in times:
            for col in ("period", "period_kind", "status"):
                out[col] = _categorical(table[col].to_numpy(dtype=object), cell_idx)
            out["year"] = table["year"].to_numpy()[cell_idx]
            out["period_number"] = table["period_number"].to_numpy()[cell_idx]
    if not times:
        for col in PERIOD_COLUMNS:
            out[col] = np.nan if col in ("year", "period_number") else None
    values = np.empty((n_topics, n), dtype=float)
    suppressed = np.empty((n_topics, n), dtype=bool)
    for k, key in enumerate(topic_keys):
        values[k], suppressed[k] = _to_values(wide[key], table_id, key)
    out["value"] = values.ravel()
    out["suppressed"] = suppressed.ravel()
    out = out[["topic", "topic_title", "unit", *(f"{k}_{s}" for k in dims for s in ("code", "label")),
               *PERIOD_COLUMNS, "value", "suppressed"]]
    LONG_SCHEMA.validate(out)
    return StatlineTable(
        table_id=table_id,
        snapshot=snapshot,
        info=dict(info[0]) if info else {},
        properties=props,
        dimensions=dims,
        data=out,
    )
