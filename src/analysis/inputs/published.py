"""Published figures (``data/published/``): loading and validating the tidy table.

The table holds one row per value printed in a voortgangsrapportage, with the
columns of :data:`COLUMNS`. ``value`` is the number as published in the unit of
its row (``percent`` 11.6 means 11,6%; ``count`` 4194; changes may be negative);
it is empty when the report shows the figure but the OCR text is unreadable,
and the ``note`` then says ``UNREADABLE`` and why. ``line`` is the line number
of the value in the OCR text of the report (provenance). Provenance, the period
and breakdown vocabulary and every reconciliation are in
``data/published/README.md``.

Periods (:data:`PERIOD_PATTERNS`) are normalised strings: ``2019`` calendar
year, ``2018/2019`` school year, ``2015Q3`` quarter, ``2016-2019`` a range of
years (a change from the first to the last year, or a figure covering the
range), ``2020-05`` month, and three rare forms: ``2019-09-19`` a date,
``2019-05/2019-08`` a span of months, ``2016|2017`` one of these years (the
report does not say which).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.config import PUBLISHED_FIGURES
from analysis.errors import VoortgangError
from analysis.inputs.files import display_path
from analysis.inputs.registry import SIGNED_UNITS, UNITS, Registry, load_registry

#: Columns of a published-figures table, in this order.
COLUMNS: tuple[str, ...] = ("indicator_id", "breakdown", "period", "value", "unit", "source", "line", "note")
#: A row is identified by these columns.
KEY: tuple[str, ...] = ("indicator_id", "breakdown", "period")
#: The note of a row without value must contain this word.
UNREADABLE: str = "UNREADABLE"

#: Period forms, by kind. The registry's ``period_type`` names the first five;
#: ``date``, ``month_span`` and ``one_of_years`` are rare forms (see module docstring).
PERIOD_PATTERNS: dict[str, re.Pattern[str]] = {
    "year": re.compile(r"^(\d{4})$"),
    "school_year": re.compile(r"^(\d{4})/(\d{4})$"),
    "quarter": re.compile(r"^(\d{4})Q([1-4])$"),
    "range": re.compile(r"^(\d{4})-(\d{4})$"),
    "month": re.compile(r"^(\d{4})-(?:0[1-9]|1[0-2])$"),
    "date": re.compile(r"^(\d{4})-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$"),
    "month_span": re.compile(r"^(\d{4})-(?:0[1-9]|1[0-2])/(\d{4})-(?:0[1-9]|1[0-2])$"),
    "one_of_years": re.compile(r"^(\d{4})(?:\|\d{4})+$"),
}
#: Period kinds allowed for each registry ``period_type`` (``other`` allows all).
PERIOD_KINDS_BY_TYPE: dict[str, frozenset[str]] = {
    "year": frozenset({"year", "one_of_years"}),
    "school_year": frozenset({"school_year"}),
    "quarter": frozenset({"quarter"}),
    "range": frozenset({"range"}),
    "month": frozenset({"month"}),
    "other": frozenset(PERIOD_PATTERNS),
}

_MAX_LISTED = 10
_TRIMMED = r"^\S(?:.*\S)?$"


def decimals_of(x: float) -> int:
    """Number of decimals needed to print ``x`` as published (0 to 3).

    ``11.6 -> 1``, ``4194.0 -> 0``, ``0.125 -> 3``. Values are read from CSV
    files as published, so their shortest ``repr`` is the published precision
    (a trailing zero such as ``4,0`` cannot be recovered and prints as ``4``).
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return 0
    text = repr(float(x))
    if "e" in text or "." not in text:
        return 0
    frac = text.split(".")[1].rstrip("0")
    return min(len(frac), 3)


def period_kind(period: str) -> str | None:
    """The kind of a normalised period string, or ``None`` when it is not one.

    Parameters
    ----------
    period : str
        E.g. ``"2019"``, ``"2018/2019"``, ``"2015Q3"``, ``"2016-2019"``.

    Returns
    -------
    str or None
        A key of :data:`PERIOD_PATTERNS`. A school year must span two
        consecutive years and a range must run forward; otherwise ``None``.
    """
    for kind, pattern in PERIOD_PATTERNS.items():
        m = pattern.match(period)
        if not m:
            continue
        if kind == "school_year" and int(m.group(2)) != int(m.group(1)) + 1:
            return None
        if kind == "range" and int(m.group(1)) >= int(m.group(2)):
            return None
        if kind == "month_span" and period.split("/")[0] >= period.split("/")[1]:
            return None
        if kind == "one_of_years":
            years = period.split("|")
            if years != sorted(set(years)):
                return None
        return kind
    return None


def _nonneg_unless_change(df: pd.DataFrame) -> pd.Series:
    return df["value"].isna() | (df["value"] >= 0) | df["unit"].isin(sorted(SIGNED_UNITS))


def _whole_counts(df: pd.DataFrame) -> pd.Series:
    # catches a Dutch thousands separator read as a decimal point ("1.665" -> 1.665)
    return df["value"].isna() | (df["unit"] != "count") | (df["value"] % 1 == 0)


def _note_when_missing(df: pd.DataFrame) -> pd.Series:
    return df["value"].notna() | df["note"].str.contains(UNREADABLE, regex=False)


#: Dataframe-level checks: name -> (column blamed in messages, what it requires).
_FRAME_CHECKS = {
    "value >= 0 unless the unit is a change": ("value", _nonneg_unless_change),
    "value of unit count must be a whole number": ("value", _whole_counts),
    f"note must say {UNREADABLE} when value is empty": ("note", _note_when_missing),
}

SCHEMA = pa.DataFrameSchema(
    columns={
        "indicator_id": pa.Column(str, pa.Check.str_matches(r"^[a-z][a-z0-9_]*$")),
        "breakdown": pa.Column(str, pa.Check.str_matches(_TRIMMED)),
        "period": pa.Column(str, pa.Check(lambda s: s.map(period_kind).notna(), name="normalised period")),
        "value": pa.Column(float, nullable=True),
        "unit": pa.Column(str, pa.Check.isin(list(UNITS))),
        "source": pa.Column(str, pa.Check.str_matches(_TRIMMED)),
        "line": pa.Column(int, pa.Check.ge(1)),
        "note": pa.Column(str),
    },
    checks=[pa.Check(fn, name=name) for name, (_, fn) in _FRAME_CHECKS.items()],
    unique=list(KEY),
    strict=True,
    ordered=True,
)


def load_published(path: Path | None = None, registry: Registry | None = None) -> pd.DataFrame:
    """Read and validate a published-figures table.

    Parameters
    ----------
    path : Path, optional
        CSV file; default :data:`analysis.config.PUBLISHED_FIGURES`.
    registry : Registry, optional
        Indicator registry to check ids and units against; default
        :func:`analysis.inputs.registry.load_registry`.

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS`; ``value`` float64 (NaN when unreadable),
        ``line`` int64, the others strings.

    Raises
    ------
    VoortgangError
        Missing file or columns, a value that is not a number, a schema
        violation (the message names the file, the column and the offending
        rows with their keys), an ``indicator_id`` that is not in the registry,
        or a unit that differs from the registry's.
    """
    path = Path(path) if path is not None else PUBLISHED_FIGURES
    where = display_path(path)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:
        raise VoortgangError(f"{where}: published figures not found") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise VoortgangError(f"{where}: not a UTF-8 CSV table ({(str(exc).splitlines() or [''])[0][:100]})") from None
    frame = _typed(raw, where)
    try:
        SCHEMA.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise VoortgangError(_describe_failures(exc.failure_cases, frame, where)) from None
    _check_against_registry(frame, registry if registry is not None else load_registry(), where)
    return frame


def _file_line(index: int) -> int:
    """CSV line of a data row (the header is line 1)."""
    return int(index) + 2


def _typed(raw: pd.DataFrame, where: str) -> pd.DataFrame:
    """Check the columns and convert ``value`` to float and ``line`` to int."""
    if tuple(raw.columns) != COLUMNS:
        missing = [c for c in COLUMNS if c not in raw.columns]
        extra = [c for c in raw.columns if c not in COLUMNS]
        detail = []
        if missing:
            detail.append(f"missing column(s) {', '.join(map(repr, missing))}")
        if extra:
            detail.append(f"unknown column(s) {', '.join(map(repr, extra))}")
        if not detail:
            detail.append(f"columns must be in the order {', '.join(COLUMNS)}")
        raise VoortgangError(f"{where}: {'; '.join(detail)}")
    frame = raw.copy()
    for column, pattern in (("value", r"^-?\d+(\.\d+)?$|^$"), ("line", r"^\d+$")):
        bad = ~frame[column].str.strip().str.match(pattern)
        if bad.any():
            rows = ", ".join(str(_file_line(i)) for i in frame.index[bad][:_MAX_LISTED])
            raise VoortgangError(
                f"{where}: column {column!r}: not a number (use '.' as decimal separator, no thousands "
                f"separator) in {int(bad.sum())} row(s), file line(s) {rows}"
            )
    frame["value"] = pd.to_numeric(frame["value"].str.strip().replace("", None), errors="raise").astype("float64")
    frame["line"] = frame["line"].astype("int64")
    return frame


def _describe_failures(cases: pd.DataFrame, frame: pd.DataFrame, where: str) -> str:
    """One line per failed check: file, column, check and offending rows with keys."""
    lines = []
    for check, group in cases.groupby("check", sort=False, dropna=False):
        check_name = str(check)
        if check_name in _FRAME_CHECKS:
            column = _FRAME_CHECKS[check_name][0]
        elif check_name == "multiple_fields_uniqueness":
            column, check_name = ", ".join(KEY), "duplicate key"
        else:
            column = str(group["column"].iloc[0])
        indices = sorted({int(i) for i in group["index"].dropna()})
        if not indices:  # column-level problem (e.g. wrong dtype): no row to point at
            lines.append(f"{where}: column {column!r}: {check_name}: {', '.join(map(str, group['failure_case']))}")
            continue
        shown = []
        for i in indices[:_MAX_LISTED]:
            key = " / ".join(str(frame.at[i, c]) for c in KEY)
            shown.append(f"line {_file_line(i)} ({key})")
        more = f" and {len(indices) - _MAX_LISTED} more" if len(indices) > _MAX_LISTED else ""
        lines.append(f"{where}: column {column!r}: {check_name} fails in {len(indices)} row(s): "
                     f"{'; '.join(shown)}{more}")
    return "\n".join(lines)


def _check_against_registry(frame: pd.DataFrame, registry: Registry, where: str) -> None:
    """Every ``indicator_id`` is in the registry and has the registry's unit."""
    units = {ind.id: ind.unit for ind in registry.indicators}
    unknown = sorted(set(frame["indicator_id"]) - set(units))
    if unknown:
        raise VoortgangError(
            f"{where}: column 'indicator_id': not in the indicator registry: {', '.join(unknown)}"
        )
    wrong = frame[frame["unit"] != frame["indicator_id"].map(units)]
    if not wrong.empty:
        shown = "; ".join(
            f"line {_file_line(i)} ({row.indicator_id}: {row.unit!r}, registry {units[row.indicator_id]!r})"
            for i, row in wrong.head(_MAX_LISTED).iterrows()
        )
        raise VoortgangError(f"{where}: column 'unit': differs from the indicator registry in {len(wrong)} row(s): "
                             f"{shown}")
