"""Published figures (``data/published/``), format version 2: loading and validating a table.

A table holds one row per figure per source, with the columns of :data:`COLUMNS`:

``indicator_id``, ``breakdown``, ``period``
    Which figure: an indicator of the registry, which part of it (``totaal``
    when it has one series), and the period (:mod:`analysis.inputs.periods`:
    ``2019``, ``2019-H1``, ``2015Q3``, ``2018/2019``, ``2016-2019``, ``2022-01-01`` ...).
``status``
    CBS status: ``definitief``, ``nader voorlopig``, ``voorlopig``, or empty
    when the source does not say (a printed report usually does not).
``value``, ``unit``
    The number as published in the unit of its row (``percent`` 11.6 means
    11,6%; ``count`` 4194; ``index`` 107.3 on the indicator's base year;
    ``one_in_n`` 7.5 means "1 op de 7,5"; changes may be negative). Empty when
    the source shows the figure but it cannot be read; the ``note`` then says
    ``UNREADABLE`` and why.
``precision``, ``printed``
    ``exact`` for a value as a table prints it, or the rounding step of a value
    the source rounds in words (``1000`` for "bijna 424 duizend", ``100`` for
    "ruim 21,5 duizend"); ``printed`` keeps the words as printed.
``source``, ``location``
    Provenance: the id of a record in ``data/published/sources.yaml``
    (:mod:`analysis.inputs.sources`) and, where there is one, the place in it
    (``l.421`` in the OCR text of a report, ``p. 12``, a table title).
``note``
    Curation notes (reconciliations, reasons).

One table may hold the same figure from several sources (the key of a row is
:data:`ROW_KEY`); :mod:`analysis.inputs.figures` chooses between them by an
explicit rule and lists every conflict. The vocabulary of breakdowns and every
reconciliation are in ``data/published/README.md``.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from analysis.config import PUBLISHED_FIGURES, STATUSES
from analysis.errors import VoortgangError
from analysis.inputs.files import display_path
from analysis.inputs.periods import PERIOD_KINDS_BY_TYPE, period_kind, shorten
from analysis.inputs.registry import SIGNED_UNITS, UNITS, Registry, load_registry
from analysis.inputs.sources import Source, load_sources

#: The format version of :data:`COLUMNS` (version 1 had ``source`` as a name and a required ``line``).
FORMAT_VERSION = 2
#: Columns of a published-figures table, in this order.
COLUMNS: tuple[str, ...] = (
    "indicator_id", "breakdown", "period", "status", "value", "unit",
    "precision", "printed", "source", "location", "note",
)
#: A figure is identified by these columns.
KEY: tuple[str, ...] = ("indicator_id", "breakdown", "period")
#: A row of one table: a figure from one source.
ROW_KEY: tuple[str, ...] = (*KEY, "source")
#: The note of a row without value must contain one of these words: the source shows the
#: figure but it cannot be read, or CBS published the cell without a value.
UNREADABLE: str = "UNREADABLE"
SUPPRESSED: str = "SUPPRESSED"
#: ``precision`` of a value printed as a table prints it (not rounded in words).
EXACT: str = "exact"
#: Values of ``status``: the CBS statuses, or empty when the source does not say.
STATUS_VALUES: tuple[str, ...] = ("", *STATUSES)

_MAX_LISTED = 10
_TRIMMED = r"^\S(?:.*\S)?$"
_TRIMMED_OR_EMPTY = r"^$|^\S(?:.*\S)?$"
_V1_COLUMNS = ("indicator_id", "breakdown", "period", "value", "unit", "source", "line", "note")


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


def rounding_step(precision: str) -> float:
    """The rounding step of a ``precision`` value: 0 for ``exact``, else the step (``'1000' -> 1000.0``)."""
    return 0.0 if precision == EXACT else float(precision)


def within_rounding(a: np.ndarray, b: np.ndarray, precision_a: pd.Series, precision_b: pd.Series) -> np.ndarray:
    """Where two different values state the same figure at another rounding.

    ``2550`` (exact) and ``2500`` (rounded to 100, "ruim 2,5 duizend") agree:
    they differ by no more than the coarser rounding step. Two exact values
    never agree unless equal; a missing value agrees with nothing.

    Parameters
    ----------
    a, b : array of float
        Values in the same unit.
    precision_a, precision_b : Series of str
        Their ``precision`` (``exact`` or a rounding step).

    Returns
    -------
    numpy.ndarray of bool
    """
    step = np.maximum(precision_a.map(rounding_step).to_numpy(float), precision_b.map(rounding_step).to_numpy(float))
    with np.errstate(invalid="ignore"):
        return (step > 0) & (np.abs(np.asarray(a, float) - np.asarray(b, float)) <= step)


def _precision_ok(s: pd.Series) -> pd.Series:
    def ok(p: str) -> bool:
        if p == EXACT:
            return True
        try:
            return math.isfinite(float(p)) and float(p) > 0
        except ValueError:
            return False

    return s.map(ok)


def _nonneg_unless_change(df: pd.DataFrame) -> pd.Series:
    return df["value"].isna() | (df["value"] >= 0) | df["unit"].isin(sorted(SIGNED_UNITS))


def _whole_counts(df: pd.DataFrame) -> pd.Series:
    # catches a Dutch thousands separator read as a decimal point ("1.665" -> 1.665)
    return df["value"].isna() | (df["unit"] != "count") | (df["value"] % 1 == 0)


def _note_when_missing(df: pd.DataFrame) -> pd.Series:
    says = df["note"].str.contains(UNREADABLE, regex=False) | df["note"].str.contains(SUPPRESSED, regex=False)
    return df["value"].notna() | says


def _one_in_n_at_least_one(df: pd.DataFrame) -> pd.Series:
    return df["value"].isna() | (df["unit"] != "one_in_n") | (df["value"] >= 1)


#: Dataframe-level checks: name -> (column blamed in messages, what it requires).
_FRAME_CHECKS = {
    "value >= 0 unless the unit is a change": ("value", _nonneg_unless_change),
    "value of unit count must be a whole number": ("value", _whole_counts),
    "value of unit one_in_n must be at least 1 (1 op de N)": ("value", _one_in_n_at_least_one),
    f"note must say {UNREADABLE} or {SUPPRESSED} when value is empty": ("note", _note_when_missing),
}

SCHEMA = pa.DataFrameSchema(
    columns={
        "indicator_id": pa.Column(str, pa.Check.str_matches(r"^[a-z][a-z0-9_]*$")),
        "breakdown": pa.Column(str, pa.Check.str_matches(_TRIMMED)),
        "period": pa.Column(str, pa.Check(lambda s: s.map(period_kind).notna(), name="a period such as 2019, "
                                          "2019-H1, 2015Q3, 2018/2019, 2016-2019 or 2022-01-01")),
        "status": pa.Column(str, pa.Check(lambda s: s.isin(STATUS_VALUES),
                                          name=f"one of {', '.join(STATUSES)} or empty")),
        "value": pa.Column(float, nullable=True),
        "unit": pa.Column(str, pa.Check(lambda s: s.isin(UNITS), name=f"one of {', '.join(UNITS)}")),
        "precision": pa.Column(str, pa.Check(_precision_ok, name=f"{EXACT!r} or a rounding step such as 1000")),
        "printed": pa.Column(str, pa.Check.str_matches(_TRIMMED_OR_EMPTY)),
        "source": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9][a-z0-9._-]*$")),
        "location": pa.Column(str, pa.Check.str_matches(_TRIMMED_OR_EMPTY)),
        "note": pa.Column(str),
    },
    checks=[pa.Check(fn, name=name) for name, (_, fn) in _FRAME_CHECKS.items()],
    unique=list(ROW_KEY),
    strict=True,
    ordered=True,
)


def empty_figures() -> pd.DataFrame:
    """A figures frame without rows, with the dtypes :func:`load_published` gives."""
    frame = pd.DataFrame({c: pd.Series(dtype="float64" if c == "value" else "object") for c in COLUMNS})
    return frame


def load_published(
    path: Path | None = None,
    registry: Registry | None = None,
    sources: dict[str, Source] | None = None,
) -> pd.DataFrame:
    """Read and validate a published-figures table (format version 2).

    Parameters
    ----------
    path : Path, optional
        CSV file; default :data:`analysis.config.PUBLISHED_FIGURES`.
    registry : Registry, optional
        Indicator registry to check ids, units and period types against;
        default :func:`analysis.inputs.registry.load_registry`.
    sources : dict, optional
        Source records to check ``source`` against; default
        :func:`analysis.inputs.sources.load_sources`.

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS`; ``value`` float64 (NaN when unreadable), the
        others strings.

    Raises
    ------
    VoortgangError
        One message naming the file, the column and the rows (file line and
        key): a missing file or column, a value that is not a number, a period
        or status that does not parse, a unit not in the list, a source without
        a record, an indicator the registry does not know, a unit or period
        kind that differs from the registry's.
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
    return validate_rows(frame, where, registry, sources)


def validate_rows(
    frame: pd.DataFrame,
    where: str,
    registry: Registry | None = None,
    sources: dict[str, Source] | None = None,
    row_noun: str = "line",
) -> pd.DataFrame:
    """Validate figures rows already in a frame (a CSV table, or rows mapped from StatLine).

    Parameters
    ----------
    frame : DataFrame
        Columns :data:`COLUMNS`, ``value`` float, the others strings.
    where : str
        What the rows are, for messages (the file, or the StatLine snapshot).
    registry, sources
        As in :func:`load_published`.
    row_noun : str
        ``line`` (a CSV file: row i is file line i + 2) or ``row`` (row i is row i + 1).

    Returns
    -------
    DataFrame
        ``frame`` itself.

    Raises
    ------
    VoortgangError
        See :func:`load_published`.
    """
    try:
        SCHEMA.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise VoortgangError(_describe_failures(exc.failure_cases, frame, where, row_noun)) from None
    _check_sources(frame, load_sources() if sources is None else sources, where, row_noun)
    _check_against_registry(frame, registry if registry is not None else load_registry(), where, row_noun)
    return frame


def _row_name(index: int, noun: str) -> str:
    """``line 5`` (CSV line of a data row; the header is line 1) or ``row 4``."""
    return f"line {int(index) + 2}" if noun == "line" else f"row {int(index) + 1}"


def _rows_text(frame: pd.DataFrame, mask: pd.Series, noun: str = "line") -> str:
    """``line 5 (id / breakdown / period); ...`` for the first rows of ``mask``, with a count of the rest."""
    indices = list(frame.index[mask])
    shown = "; ".join(
        f"{_row_name(i, noun)} ({' / '.join(shorten(frame.at[i, c]) for c in KEY)})" for i in indices[:_MAX_LISTED]
    )
    more = f" and {len(indices) - _MAX_LISTED} more" if len(indices) > _MAX_LISTED else ""
    return f"{len(indices)} row(s): {shown}{more}"


def _typed(raw: pd.DataFrame, where: str) -> pd.DataFrame:
    """Check the columns and convert ``value`` to float."""
    if tuple(raw.columns) != COLUMNS:
        if tuple(raw.columns) == _V1_COLUMNS:
            raise VoortgangError(
                f"{where}: published-figures format version 1 (columns source, line); version {FORMAT_VERSION} "
                f"has the columns {', '.join(COLUMNS)} (see data/published/README.md)"
            )
        missing = [c for c in COLUMNS if c not in raw.columns]
        extra = [shorten(c) for c in raw.columns if c not in COLUMNS]
        detail = []
        if missing:
            detail.append(f"missing column(s) {', '.join(map(repr, missing))}")
        if extra:
            detail.append(f"unknown column(s) {', '.join(map(repr, extra[:_MAX_LISTED]))}")
        if not detail:
            detail.append(f"columns must be in the order {', '.join(COLUMNS)}")
        raise VoortgangError(f"{where}: {'; '.join(detail)}")
    frame = raw.copy()
    bad = ~frame["value"].str.strip().str.match(r"^-?\d+(\.\d+)?$|^$")
    if bad.any():
        raise VoortgangError(
            f"{where}: column 'value': not a number (use '.' as decimal separator, no thousands separator) in "
            f"{_rows_text(frame, bad)}"
        )
    frame["value"] = pd.to_numeric(frame["value"].str.strip().replace("", None), errors="raise").astype("float64")
    return frame


def _describe_failures(cases: pd.DataFrame, frame: pd.DataFrame, where: str, noun: str) -> str:
    """The first failed check: file, column, check and the offending rows with their keys."""
    check, group = next(iter(cases.groupby("check", sort=False, dropna=False)))
    check_name = str(check)
    if check_name in _FRAME_CHECKS:
        column = _FRAME_CHECKS[check_name][0]
    elif check_name == "multiple_fields_uniqueness":
        column, check_name = ", ".join(ROW_KEY), "the same figure twice from one source"
    else:
        column = str(group["column"].iloc[0])
    indices = sorted({int(i) for i in group["index"].dropna()})
    more_checks = cases["check"].nunique() - 1
    tail = f" (and {more_checks} more problem(s))" if more_checks else ""
    if not indices:  # column-level problem (e.g. wrong dtype): no row to point at
        cases_text = ", ".join(shorten(c) for c in group["failure_case"].astype(str)[:_MAX_LISTED])
        return f"{where}: column {column!r}: {check_name}: {cases_text}{tail}"
    mask = frame.index.isin(indices)
    return f"{where}: column {column!r}: {check_name} fails in {_rows_text(frame, mask, noun)}{tail}"


def _check_sources(frame: pd.DataFrame, sources: dict[str, Source], where: str, noun: str) -> None:
    """Every ``source`` has a record (provenance)."""
    unknown = ~frame["source"].isin(list(sources))
    if unknown.any():
        names = ", ".join(sorted({shorten(s) for s in frame.loc[unknown, "source"]})[:_MAX_LISTED])
        raise VoortgangError(
            f"{where}: column 'source': no record in data/published/sources.yaml for {names} in "
            f"{_rows_text(frame, unknown, noun)}"
        )


def _check_against_registry(frame: pd.DataFrame, registry: Registry, where: str, noun: str) -> None:
    """Every ``indicator_id`` is in the registry, with the registry's unit and a period of its type."""
    indicators = {ind.id: ind for ind in registry.indicators}
    unknown = ~frame["indicator_id"].isin(list(indicators))
    if unknown.any():
        names = ", ".join(sorted(set(frame.loc[unknown, "indicator_id"]))[:_MAX_LISTED])
        raise VoortgangError(
            f"{where}: column 'indicator_id': not in the indicator registry: {names} in "
            f"{_rows_text(frame, unknown, noun)}"
        )
    units = frame["indicator_id"].map({i: ind.unit for i, ind in indicators.items()})
    wrong = frame["unit"] != units
    if wrong.any():
        first = frame.index[wrong][0]
        raise VoortgangError(
            f"{where}: column 'unit': differs from the indicator registry (e.g. {frame.at[first, 'unit']!r} for "
            f"{frame.at[first, 'indicator_id']}, registry {units[first]!r}) in {_rows_text(frame, wrong, noun)}"
        )
    allowed = frame["indicator_id"].map({i: PERIOD_KINDS_BY_TYPE[ind.period_type] for i, ind in indicators.items()})
    kinds = frame["period"].map(period_kind)
    off = pd.Series([k not in a for k, a in zip(kinds, allowed, strict=True)], index=frame.index)
    if off.any():
        first = frame.index[off][0]
        ind = indicators[frame.at[first, "indicator_id"]]
        raise VoortgangError(
            f"{where}: column 'period': a {kinds[first]} for an indicator with period_type {ind.period_type!r} "
            f"(e.g. {frame.at[first, 'indicator_id']}) in {_rows_text(frame, off, noun)}"
        )

