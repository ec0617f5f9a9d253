"""Reading person-level files into schema columns: formats, joins, recoding, and the problems found.

The low-level half of :func:`analysis.inputs.microdata.load.load_microdata`:
:func:`load_source` reads the files of one schema table (schema layout, or CBS
files through a mapping), converts and recodes each column
(:mod:`analysis.inputs.microdata.mapping`) and records what is wrong in
:class:`Problems`, which counts rows and never prints a value of a person
record.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import pandera.pandas as pandera
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.errors import VoortgangError
from analysis.inputs.files import display_path
from analysis.inputs.microdata.mapping import (
    ColumnMap,
    SourceMap,
)
from analysis.inputs.microdata.schema import (
    TABLES,
    Column,
    pandera_schema,
)

#: Row numbers and problems listed in one message (the rest is counted).
_MAX_ROWS = 5
_MAX_PROBLEMS = 25


class Problems:
    """Collects problems; raises them together."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, text: str) -> None:
        self.items.append(text)

    def raise_if_any(self, head: str = "") -> None:
        if self.items:
            shown = self.items[:_MAX_PROBLEMS]
            more = f"\n... and {len(self.items) - _MAX_PROBLEMS} more" if len(self.items) > _MAX_PROBLEMS else ""
            raise VoortgangError(head + "\n".join(shown) + more)


def rows_text(mask: np.ndarray | pd.Series, positions: np.ndarray | None = None) -> str:
    """'n rows (data rows 2, 9, ...)' for a boolean mask over the rows read from one file.

    ``positions`` are the 0-based row positions in the file of the rows read (rows
    dropped by a ``keep`` filter make them differ from the mask's positions).
    """
    arr = np.asarray(mask, dtype=bool)
    pos = np.flatnonzero(arr)
    if positions is not None:
        pos = positions[pos]
    listed = ", ".join(str(int(i) + 1) for i in pos[:_MAX_ROWS])
    more = ", ..." if len(pos) > _MAX_ROWS else ""
    return f"{len(pos)} rows (data rows {listed}{more})"


def repeated_keys(frame: pd.DataFrame, key: tuple[str, ...], keep: Literal["first", False] = False) -> np.ndarray:
    """Rows whose ``key`` columns repeat those of another row, as a boolean mask.

    ``keep=False`` marks every row of a repeated key, ``"first"`` all but the
    first (as :meth:`pandas.DataFrame.duplicated`). Integer keys without empty
    values (``person_id``, ``year``) are packed into one int64 per row: rows in
    key order (as ``voortgang data synth`` writes them) are checked in one
    comparison of neighbours, others by hashing the packed values once. Other
    keys fall back to pandas.
    """
    columns = [frame[c] for c in key]
    if all(pd.api.types.is_integer_dtype(c.dtype) and not c.hasnans for c in columns) and len(frame):
        packed = np.zeros(len(frame), dtype=np.int64)
        stride = 1
        for column in reversed(columns):
            values = column.to_numpy(dtype=np.int64)
            low, high = int(values.min()), int(values.max())
            if stride * (high - low + 1) >= 2**62:  # the packed value would not fit: let pandas do it
                break
            packed += (values - low) * stride
            stride *= high - low + 1
        else:
            if bool(np.all(packed[1:] > packed[:-1])):  # strictly increasing: no key repeats
                return np.zeros(len(frame), dtype=bool)
            return pd.Series(packed).duplicated(keep=keep).to_numpy()
    return frame.duplicated(list(key), keep=keep).to_numpy()


# --------------------------------------------------------------------------- converters
# Each converter turns raw source values into the schema dtype and returns the
# values plus a mask of rows whose (non-empty) value could not be read.


def _text(s: pd.Series, missing: list[str]) -> pd.Series:
    """Source values as stripped text with ``missing`` values (and blanks) as NA."""
    if pd.api.types.is_float_dtype(s) and (s.dropna() % 1 == 0).all():
        s = s.astype("Int64")  # 11.0 -> "11", 19990401.0 -> "19990401"
    txt = s.astype("string").str.strip()
    return txt.mask(txt.isin(missing) | (txt == ""))


def _to_int(s: pd.Series, cmap: ColumnMap, dtype: str) -> tuple[pd.Series, np.ndarray]:
    if pd.api.types.is_integer_dtype(s) and not isinstance(s.dtype, pd.CategoricalDtype):
        return s.astype(dtype), np.zeros(len(s), bool)
    txt = _text(s, cmap.missing)
    num = pd.to_numeric(txt, errors="coerce")
    bad = txt.notna() & (num.isna() | (num % 1 != 0))
    return num.where(~bad).astype("Int64" if dtype == "int64" else "Int16"), bad.to_numpy(bool)


def _to_date(s: pd.Series | pd.DataFrame, cmap: ColumnMap, kind: str) -> tuple[pd.Series, np.ndarray]:
    fmt = cmap.format or "iso"
    if isinstance(s, pd.DataFrame):  # year/month(/day) parts
        parts = [pd.to_numeric(_text(s[c], cmap.missing), errors="coerce") for c in s.columns]
        present = pd.concat([p.notna() for p in parts], axis=1).any(axis=1).to_numpy(bool)
        y, m = parts[0], parts[1]
        d = parts[2] if len(parts) == 3 else pd.Series(1.0, index=s.index)
        ok = (y.notna() & m.between(1, 12) & d.between(1, 31)).to_numpy(bool)
        yy, mm, dd = (np.where(ok, v.fillna(1).to_numpy(float), 1).astype("int64") for v in (y, m, d))
        month = ((yy - 1970) * 12 + mm - 1).astype("datetime64[M]")
        day = month.astype("datetime64[D]") + (dd - 1)
        valid = ok & (day.astype("datetime64[M]") == month)  # 30 February rolls into March: invalid
        out = np.where(valid, day.astype("datetime64[s]"), np.datetime64("NaT", "s"))
        return pd.Series(out, index=s.index, dtype="datetime64[s]"), present & ~valid
    if pd.api.types.is_datetime64_any_dtype(s):
        out = s.dt.tz_localize(None) if getattr(s.dt, "tz", None) is not None else s
        return out.astype("datetime64[s]"), np.zeros(len(s), bool)
    txt = _text(s, cmap.missing)
    if fmt == "yyyymmdd":
        out = pd.to_datetime(txt, format="%Y%m%d", errors="coerce")
    elif fmt == "yyyymm":
        out = pd.to_datetime(txt, format="%Y%m", errors="coerce")
    elif kind == "month":  # iso: YYYY-MM (or YYYY-MM-01)
        out = pd.to_datetime(txt.str.replace(r"^(\d{4}-\d{2})-01$", r"\1", regex=True), format="%Y-%m", errors="coerce")
    else:
        out = pd.to_datetime(txt, format="%Y-%m-%d", errors="coerce")
    bad = txt.notna() & out.isna()
    return out.astype("datetime64[s]"), bad.to_numpy(bool)


def _to_code(s: pd.Series, cmap: ColumnMap, col: Column) -> tuple[pd.Series, np.ndarray, list[str]]:
    allowed = list(col.codes or ())
    if isinstance(s.dtype, pd.CategoricalDtype) and not cmap.codes and set(s.cat.categories) <= set(allowed):
        return s.cat.set_categories(allowed), np.zeros(len(s), bool), []
    txt = _text(s, cmap.missing)
    mapped = txt.map(cmap.codes) if cmap.codes else txt
    if cmap.other:
        mapped = mapped.mask(txt.notna() & mapped.isna(), cmap.other)
    bad = txt.notna() & ~mapped.isin(allowed)
    unknown = sorted(txt[bad].dropna().unique().tolist())[:_MAX_ROWS]
    out = pd.Series(pd.Categorical(mapped.where(~bad), categories=allowed), index=s.index)
    return out, bad.to_numpy(bool), unknown


def _to_bool(s: pd.Series, cmap: ColumnMap, col: Column) -> tuple[pd.Series, np.ndarray]:
    if pd.api.types.is_bool_dtype(s):
        return s.astype(col.dtype), np.zeros(len(s), bool)
    txt = _text(s, cmap.missing).str.lower()
    lookup = {v.lower(): True for v in cmap.true_values} | {v.lower(): False for v in cmap.false_values}
    out = txt.map(lookup).astype("boolean")
    bad = txt.notna() & out.isna()
    return out, bad.to_numpy(bool)


def _convert(
    raw: pd.DataFrame, col: Column, cmap: ColumnMap, file: Path, problems: Problems, positions: np.ndarray
) -> pd.Series:
    """One schema column from the raw source frame (problems recorded, bad values NA)."""
    label = f"{display_path(file)}: column {col.name!r}"
    if cmap.source and not cmap.join:
        label += f" (source {', '.join(cmap.source_columns)})"
    if cmap.constant is not None:
        s = pd.Series([str(cmap.constant)] * len(raw), index=raw.index)
    elif cmap.from_file_name:
        m = re.search(cmap.from_file_name, file.name)
        if not m or not m.groups():
            problems.add(f"{label}: from_file_name pattern {cmap.from_file_name!r} does not match the file name")
            return pd.Series(pd.NA, index=raw.index)
        s = pd.Series([m.group(1)] * len(raw), index=raw.index)
    else:  # one variable (a Series) or the parts of a date (a DataFrame)
        s = raw[cmap.source]
    bad: np.ndarray
    if col.kind == "id":
        out, bad = _to_int(s, cmap, "int64")
        what = "not an integer person number"
    elif col.kind == "year":
        out, bad = _to_int(s, cmap, "int16")
        what = "not a year"
    elif col.kind in ("date", "month"):
        out, bad = _to_date(s, cmap, col.kind)
        what = f"not a {'year-month' if col.kind == 'month' else 'date'} in format {cmap.format or 'iso'}"
    elif col.kind == "code":
        out, bad, unknown = _to_code(s, cmap, col)
        what = "with a code that is not in the schema or the mapping" + (
            f" (codes {', '.join(repr(u) for u in unknown)})" if unknown else ""
        )
    elif col.kind == "text":
        out = _text(s, cmap.missing)
        bad = np.zeros(len(s), bool)
        what = ""
    else:
        out, bad = _to_bool(s, cmap, col)
        what = "not a boolean (true/false)"
    if bad.any():
        problems.add(f"{label}: {rows_text(bad, positions)} {what}")
    if col.kind in ("id", "year") and not out.isna().any():
        out = out.astype(col.dtype)
    return out


# --------------------------------------------------------------------------- reading


#: What pyarrow and pandas raise for a file that is not readable as its format.
_UNREADABLE = (pa.ArrowException, ValueError, UnicodeDecodeError, pd.errors.ParserError)


def _unreadable(file: Path, fmt: str, exc: Exception) -> VoortgangError:
    """One line for a file that cannot be read as ``fmt`` (the error class, never the file's content)."""
    return VoortgangError(f"{display_path(file)}: cannot be read as {fmt} ({type(exc).__name__})")


def _read(file: Path, fmt: str, columns: list[str]) -> pd.DataFrame:
    """Read the listed columns of one file (all as text for CSV)."""
    try:
        if fmt == "parquet":
            # nullable booleans arrive as pandas "boolean", not object
            return pq.read_table(file, columns=columns).to_pandas(types_mapper={pa.bool_(): pd.BooleanDtype()}.get)
        return pd.read_csv(file, usecols=columns, dtype=str, keep_default_na=False)
    except _UNREADABLE as exc:
        raise _unreadable(file, fmt, exc) from None


def _available(file: Path, fmt: str) -> list[str]:
    try:
        if fmt == "parquet":
            return list(pq.read_schema(file).names)
        return list(pd.read_csv(file, nrows=0).columns)
    except _UNREADABLE as exc:
        raise _unreadable(file, fmt, exc) from None


def _files(root: Path, pattern: str, fmt: str) -> list[Path]:
    ext = ".parquet" if fmt == "parquet" else ".csv"
    return sorted(p for p in root.glob(pattern + ext) if p.is_file())


def _join_values(root: Path, fmt: str, cmap: ColumnMap, where: str, problems: Problems) -> pd.DataFrame | None:
    """Key -> source variables of a joined file (one row per key)."""
    assert cmap.join is not None
    files = _files(root, cmap.join.file, fmt)
    if not files:
        problems.add(f"{where}.join: no file matching {cmap.join.file!r} in {display_path(root)}")
        return None
    cols = [cmap.join.key, *([cmap.source] if isinstance(cmap.source, str) else list(cmap.source or []))]
    frames = []
    for f in files:
        missing = [c for c in cols if c not in _available(f, fmt)]
        if missing:
            problems.add(f"{display_path(f)}: missing columns {missing} (mapping key {where}.join)")
            continue
        frames.append(_read(f, fmt, cols))
    if not frames:
        return None
    df = pd.concat(frames, ignore_index=True).drop_duplicates()
    key, _ = _to_int(df[cmap.join.key], ColumnMap(), "int64")
    df = df.assign(_key=key).drop(columns=[cmap.join.key])
    dup = df["_key"].duplicated(keep=False) & df["_key"].notna()
    if dup.any():
        problems.add(
            f"{where}.join: {int(df.loc[dup, '_key'].nunique())} persons have more than one distinct "
            f"value in {cmap.join.file!r}"
        )
    return df


def load_source(
    root: Path,
    fmt: str,
    table: str,
    idx: int,
    src: SourceMap,
    problems: Problems,
    validate: bool,
) -> list[pd.DataFrame]:
    """All files of one source, each converted to the schema."""
    spec = TABLES[table]
    where = f"tables.{table}.sources[{idx}]"
    files = _files(root, src.file, fmt)
    if not files:
        problems.add(
            f"{display_path(root)}: no {fmt} file for table {table!r} matching "
            f"{src.file + ('.parquet' if fmt == 'parquet' else '.csv')!r} (mapping key {where}.file)"
        )
        return []
    joins = {}
    for name, cmap in src.columns.items():
        if cmap.join:
            joins[name] = _join_values(root, fmt, cmap, f"{where}.columns.{name}", problems)
    needed = list(dict.fromkeys([c for cmap in src.columns.values() for c in cmap.source_columns] + list(src.keep)))
    # a column added to the schema later may be absent from older files: it is then empty
    optional = {c for cmap in src.columns.values() if cmap.optional for c in cmap.source_columns}
    out = []
    for file in files:
        have = _available(file, fmt)
        missing = [c for c in needed if c not in have and c not in optional]
        if missing:
            problems.add(f"{display_path(file)}: missing columns {missing} (table {table}, mapping key {where})")
            continue
        raw = _read(file, fmt, [c for c in needed if c in have])
        for c in (c for c in needed if c not in have):
            raw[c] = pd.Series(pd.NA, index=raw.index, dtype="string")
        keep = np.ones(len(raw), bool)
        for var, values in src.keep.items():
            keep &= raw[var].astype("string").str.strip().isin(values).to_numpy(bool)
        positions = np.flatnonzero(keep)
        raw = raw[keep].reset_index(drop=True)
        n_before = len(problems.items)
        data = {}
        for col in spec.columns:
            cmap = src.columns[col.name]
            if cmap.from_gemeente:
                continue  # filled after loading, from the gemeente
            if cmap.join:
                joined = joins.get(col.name)
                if joined is None or "person_id" not in data:
                    continue
                keys = pd.DataFrame({"_key": data["person_id"].astype("Int64")})
                frame = keys.merge(joined.astype({"_key": "Int64"}), on="_key", how="left")
                data[col.name] = _convert(
                    frame, col, cmap.model_copy(update={"join": None}), file, problems, positions
                )
                continue
            data[col.name] = _convert(raw, col, cmap, file, problems, positions)
        frame = pd.DataFrame(data)
        if validate and len(problems.items) == n_before:
            skip = [c for c, m in src.columns.items() if m.from_gemeente]
            validate_frame(frame, table, file, problems, skip, positions)
        out.append(frame)
    return out


def validate_frame(
    frame: pd.DataFrame, table: str, file: Path, problems: Problems, skip: list[str], positions: np.ndarray
) -> None:
    """pandera checks and the unique key (:func:`repeated_keys`) of one converted file, as counts and row numbers."""
    schema = pandera_schema(table)
    if skip:
        schema = schema.remove_columns(skip)
    try:
        schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        fc = exc.failure_cases
        interval = TABLES[table].interval
        for check, grp in fc.groupby("check", sort=False, dropna=False):
            check = str(check)
            requires = {f"{a}_without_{b}": (a, b) for a, b in TABLES[table].requires}
            if interval and check == f"{interval[1]}_not_before_{interval[0]}":
                parts = [(interval[1], grp, f"end before {interval[0]}")]
            elif check in requires:
                parts = [(requires[check][0], grp, f"set while {requires[check][1]!r} is empty")]
            else:
                what = "are empty but the column may not be" if check == "not_nullable" else f"fail the check {check}"
                parts = [(str(c), g, what) for c, g in grp.groupby("column", sort=False, dropna=False)]
            for subject, g, what in parts:
                idx = pd.to_numeric(g["index"], errors="coerce").dropna().astype(int).unique()
                idx = idx[(idx >= 0) & (idx < len(frame))]
                mask = np.zeros(len(frame), bool)
                mask[idx] = True
                subject = f"column {subject!r}" if subject in frame.columns else subject
                rows = rows_text(mask, positions) if mask.any() else "some rows"
                problems.add(f"{display_path(file)}: {subject}: {rows} {what}")
    key = TABLES[table].key
    if key and all(c in frame.columns for c in key):
        repeated = repeated_keys(frame, key)
        if repeated.any():
            rows = rows_text(repeated, positions)
            problems.add(f"{display_path(file)}: rows: {rows} repeat the key ({', '.join(key)})")
