"""Disclosure control: the gate every table computed from person-level data passes.

A table computed from person-level data (CBS microdata, or the synthetic stand-in)
may only be shown or saved outside ``data/`` as a :class:`ProtectedTable`, made by
:func:`protect_counts` (a cross table of counts) or :func:`protect_proportions` (a
tidy frame of numerators and denominators). The thresholds live in
``params/disclosure.yaml`` (:class:`DisclosureSettings`); ``docs/disclosure.md``
explains the rules and :func:`methods_paragraph` prints them for the report.

Rules
-----
- *Primary suppression*: a count of 1 to ``min_count - 1`` persons is suppressed, in
  the cells and in the totals. A true zero is published in cross tables (an empty
  cell reveals no person; CBS shows it too) and is never used to protect another
  cell. In proportion frames a zero numerator is a percentage of 0 and is suppressed
  by the percentage rule below.
- *Percentages* (percent, 0-100) are suppressed when the numerator, the denominator
  or the complement (denominator - numerator) is below ``min_count``.
- *Secondary suppression*: no suppressed cell may be computable from the published
  cells and totals. A cross table with its margins is a bipartite graph (one node per
  row and per column, the totals row and column included; one edge per cell). A
  suppressed cell is determined by the published figures exactly when its edge lies
  on no cycle of suppressed cells (a *bridge*); on a cycle it can move by +-1 with
  the other cells of the cycle while all published figures stay the same. So while
  a suppressed cell is a bridge, the cheapest path of cells that closes a cycle
  through it is suppressed too (cost: the cell's count; already suppressed cells are
  free; totals only when no path of inner cells exists). For a lone small cell this
  is the cheapest rectangle of four cells (the "hypercube" method of tau-ARGUS in
  two dimensions). It implies the simpler rule that no row or column holds exactly
  one suppressed cell, which alone is not enough (two blocks of suppressed cells
  joined by one cell satisfy it while that cell is determined).
- *Rounding*: published counts, totals included, are rounded half up to a multiple
  of ``rounding_base``; totals are rounded separately, so they can differ from the
  sum of the rounded cells. Percentages are computed from the unrounded counts and
  rounded half up to ``percentage_decimals``.
- Suppressed values show as ``"."`` with :data:`FOOTNOTE`.

Marking microdata
-----------------
:func:`mark_microdata` turns a person-level frame into a :class:`MicrodataFrame`
(a pandas subclass) with ``attrs["microdata"] = True``; :func:`assert_publishable`
refuses such a frame at render time. Checked on pandas 3.1: the subclass survives
``groupby`` (``sum``, ``agg``, ``size``), ``pivot_table``, ``unstack``, selections,
``assign``, ``merge``/``concat`` with the marked frame first, and ``attrs`` survive
``to_parquet``/``read_parquet``. The mark is *lost* by ``pd.crosstab``,
``value_counts``, ``merge``/``join``/``concat`` with an unmarked frame first, duckdb
queries and rebuilding a frame from arrays. Code that aggregates person-level data
therefore calls a ``protect_*`` function itself, and the build checks sections that
read microdata with ``assert_publishable(..., from_microdata=True)``, which refuses
every table that is not protected (fail-closed).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from scipy.sparse import coo_array
from scipy.sparse.csgraph import connected_components, dijkstra, minimum_spanning_tree

from analysis.config import DISCLOSURE_PARAMS, MISSING_SYMBOL
from analysis.dutch import format_number
from analysis.errors import VoortgangError

#: Label of the totals row and column that :func:`protect_counts` adds.
TOTAL_LABEL: str = "Totaal"
#: Name of the column of percentages (percent, 0-100) that :func:`protect_proportions` adds.
PERCENTAGE: str = "percentage"
#: Footnote for the symbol of a suppressed value (:data:`analysis.config.MISSING_SYMBOL`).
FOOTNOTE: str = (
    f"{MISSING_SYMBOL} = geheim: het cijfer is weggelaten omdat het op te weinig personen "
    "berust of uit andere cijfers in de tabel zou zijn af te leiden."
)
#: Footnote for tables with rounded counts (``rounding_base`` > 1).
ROUNDING_NOTE: str = (
    "Aantallen zijn afgerond; door afronding kunnen totalen afwijken van de som "
    "van de afzonderlijke cijfers."
)

#: ``attrs`` key of frames derived from person-level data.
MICRODATA_ATTR: str = "microdata"
#: ``attrs`` key of the frames a :class:`ProtectedTable` holds or :func:`display` returns.
PROTECTED_ATTR: str = "disclosure_protected"


class DisclosureError(VoortgangError):
    """A table derived from person-level data reached output without passing the gate."""


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
    """

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    min_count: int = Field(10, ge=1)
    rounding_base: int = Field(5, ge=1)
    percentage_decimals: int = Field(1, ge=0, le=3)

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
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise VoortgangError(f"{path}: disclosure parameters file not found") from None
    except yaml.YAMLError as exc:
        raise VoortgangError(f"{path}: not valid YAML ({exc})") from None
    if not isinstance(raw, dict):
        raise VoortgangError(
            f"{path}: expected a mapping with keys {', '.join(DisclosureSettings.model_fields)}"
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
        raise VoortgangError(f"{path}: {'; '.join(problems)}") from None


# --- marking person-level data ------------------------------------------------------


class MicrodataSeries(pd.Series):
    """A column of a :class:`MicrodataFrame`; results derived from it stay marked."""

    @property
    def _constructor(self) -> type[MicrodataSeries]:
        return MicrodataSeries

    @property
    def _constructor_expanddim(self) -> type[MicrodataFrame]:
        return MicrodataFrame


class MicrodataFrame(pd.DataFrame):
    """A frame of (or derived from) person-level data: never publishable as it is.

    pandas builds most results of a subclass with the subclass's constructor, so
    aggregates (``groupby``, ``pivot_table``, ...) stay marked even where pandas
    drops ``attrs`` (see the module docstring for what loses the mark).
    """

    @property
    def _constructor(self) -> type[MicrodataFrame]:
        return MicrodataFrame

    @property
    def _constructor_sliced(self) -> type[MicrodataSeries]:
        return MicrodataSeries


def mark_microdata(df: pd.DataFrame) -> MicrodataFrame:
    """Mark a frame as derived from person-level data.

    Parameters
    ----------
    df : DataFrame
        Person-level data or anything computed from it.

    Returns
    -------
    MicrodataFrame
        The same data (no copy under copy-on-write) with ``attrs["microdata"] = True``.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"mark_microdata expects a DataFrame, got {type(df).__name__}")
    marked = MicrodataFrame(df)
    marked.attrs = {**df.attrs, MICRODATA_ATTR: True}
    return marked


def is_microdata(obj: object) -> bool:
    """True for a frame or series marked by :func:`mark_microdata` (type or ``attrs``)."""
    if isinstance(obj, (MicrodataFrame, MicrodataSeries)):
        return True
    attrs = getattr(obj, "attrs", None)
    return isinstance(attrs, dict) and bool(attrs.get(MICRODATA_ATTR))


@dataclass(frozen=True, eq=False)
class ProtectedTable:
    """A table that passed the disclosure gate.

    Attributes
    ----------
    data : DataFrame
        The safe table: published counts rounded (nullable ``Int64``), percentages
        (``Float64``, percent 0-100), suppressed values missing (``<NA>``). Cross
        tables include the totals row and column (:data:`TOTAL_LABEL`).
    suppressed : DataFrame
        Boolean mask with the labels of ``data``: True where a value is suppressed.
    settings : DisclosureSettings
        Thresholds used.
    n_primary : int
        Counts suppressed because they are below ``min_count`` (cells, totals,
        numerators or denominators).
    n_secondary : int
        Counts suppressed only so that no suppressed count can be recomputed.
    count_columns : tuple
        Columns of ``data`` holding counts.
    percentage_columns : tuple
        Columns of ``data`` holding percentages.
    """

    data: pd.DataFrame
    suppressed: pd.DataFrame
    settings: DisclosureSettings
    n_primary: int
    n_secondary: int
    count_columns: tuple[Hashable, ...]
    percentage_columns: tuple[Hashable, ...] = ()

    def __post_init__(self) -> None:
        if is_microdata(self.data):
            raise DisclosureError(
                "ProtectedTable: data is marked as person-level data; build protected "
                "tables with protect_counts() or protect_proportions()"
            )


def is_protected(obj: object) -> bool:
    """True for a :class:`ProtectedTable`, or a frame taken from one and not remarked.

    A frame counts as protected when it carries ``attrs["disclosure_protected"]``
    (set on :attr:`ProtectedTable.data` and on :func:`display` output) and is not
    marked as microdata.
    """
    if isinstance(obj, ProtectedTable):
        return True
    attrs = getattr(obj, "attrs", None)
    return isinstance(attrs, dict) and bool(attrs.get(PROTECTED_ATTR)) and not is_microdata(obj)


def assert_publishable(obj: object, name: str, *, from_microdata: bool = False) -> None:
    """Refuse a table derived from person-level data that did not pass the gate.

    Parameters
    ----------
    obj : object
        What is about to be rendered or saved outside ``data/``.
    name : str
        Name of the table (caption, file or variable), used in the message.
    from_microdata : bool
        The caller knows the table comes from a section that reads person-level data:
        then anything that is not protected is refused, marked or not (fail-closed;
        use it there, because some pandas operations lose the mark).

    Raises
    ------
    DisclosureError
        Naming the table.
    """
    if is_protected(obj):
        return
    if is_microdata(obj):
        raise DisclosureError(
            f"table '{name}' is derived from person-level data and has not passed the "
            "disclosure gate: pass it through protect_counts() or protect_proportions()"
        )
    if from_microdata:
        raise DisclosureError(
            f"table '{name}' comes from person-level data but is not a ProtectedTable: "
            "pass it through protect_counts() or protect_proportions()"
        )


# --- validation of input counts ------------------------------------------------------


def _count_array(frame: pd.DataFrame, argument: str) -> np.ndarray:
    """The values of ``frame`` as an int64 array of counts, or VoortgangError.

    Hand-written rather than a pandera schema: the messages must give numbers of
    offending cells, never their values (pandera's failure cases list the values).
    """
    bad = [
        c
        for c in frame.columns
        if not pd.api.types.is_numeric_dtype(frame[c]) or pd.api.types.is_bool_dtype(frame[c])
    ]
    if bad:
        raise VoortgangError(
            f"{argument}: column(s) {', '.join(map(repr, bad))} are not numeric counts"
        )
    values = frame.to_numpy(dtype="float64", na_value=np.nan)
    problems = {
        "missing": np.isnan(values),
        "infinite": np.isinf(values),
        "negative": values < 0,
        "not whole numbers": np.isfinite(values) & (values != np.round(values)),
    }
    for what, mask in problems.items():
        if mask.any():
            columns = [c for c, hit in zip(frame.columns, mask.any(axis=0)) if hit]
            raise VoortgangError(
                f"{argument}: {int(mask.sum())} value(s) {what} in column(s) "
                f"{', '.join(map(repr, columns))}; counts must be whole numbers >= 0"
            )
    return values.astype(np.int64)


def _round_half_up(counts: np.ndarray, base: int) -> np.ndarray:
    """Round non-negative integer counts half up to a multiple of ``base`` (exact)."""
    return (counts + base // 2) // base * base


def _percentage(numerator: np.ndarray, denominator: np.ndarray, decimals: int) -> np.ndarray:
    """``100 * numerator / denominator`` rounded half up to ``decimals``, exactly.

    Integer arithmetic: ``floor(100 n 10^k / d + 1/2) = (200 n 10^k + d) // 2d``,
    so ties such as 1/8 = 12.5% round up and binary fractions play no part.
    """
    scale = 10**decimals
    safe = np.where(denominator > 0, denominator, 1)
    return ((200 * numerator * scale + safe) // (2 * safe)) / scale


# --- cross tables -------------------------------------------------------------------


def _determined_cell(suppressed: np.ndarray) -> tuple[int, int] | None:
    """First suppressed cell that the published figures determine, or None.

    ``suppressed`` is the mask of a table *with* its totals row and column. A cell is
    determined exactly when its edge is a bridge of the graph of suppressed cells:
    without the edge, its row node and column node are disconnected. scipy has no
    bridge finder; only edges of a spanning forest can be bridges, so those are
    removed in turn (tables are small; see ``bench/bench_disclosure.py``).
    """
    n_rows, n_cols = suppressed.shape
    size = n_rows + n_cols
    cells = np.argwhere(suppressed)
    edges = (np.ones(len(cells)), (cells[:, 0], n_rows + cells[:, 1]))
    forest = minimum_spanning_tree(coo_array(edges, shape=(size, size))).tocoo()
    tree_cells = sorted((int(min(u, v)), int(max(u, v)) - n_rows) for u, v in zip(forest.row, forest.col))
    for i, j in tree_cells:
        keep = ~((cells[:, 0] == i) & (cells[:, 1] == j))
        graph = coo_array((edges[0][keep], (edges[1][0][keep], edges[1][1][keep])), shape=(size, size))
        _, labels = connected_components(graph, directed=False)
        if labels[i] != labels[n_rows + j]:
            return i, j
    return None


def _closing_path(
    counts: np.ndarray, suppressed: np.ndarray, cell: tuple[int, int]
) -> list[tuple[int, int]]:
    """Cheapest cells to suppress so that ``cell`` lies on a cycle of suppressed cells.

    Dijkstra from the cell's row node to its column node over all non-zero cells but
    ``cell`` itself. Cost of a published cell: its count, plus a penalty larger than
    the sum of all inner cells for a total (so totals are used only when no path of
    inner cells exists). Suppressed cells cost a fraction small enough that any path
    of them costs less than one person. Zeros are never used.
    """
    n_rows, n_cols = counts.shape
    is_total = np.zeros_like(suppressed)
    is_total[-1, :] = True
    is_total[:, -1] = True
    penalty = float(counts[:-1, :-1].sum()) + 1.0
    cost = np.where(suppressed, 0.5 / (n_rows + n_cols), counts + penalty * is_total)
    usable = counts > 0
    usable[cell] = False
    rows, cols = np.nonzero(usable)
    graph = coo_array(
        (cost[rows, cols], (rows, n_rows + cols)), shape=(n_rows + n_cols, n_rows + n_cols)
    ).tocsr()
    _, predecessors = dijkstra(graph, directed=False, indices=cell[0], return_predecessors=True)
    node = n_rows + cell[1]
    if predecessors[node] < 0:  # impossible: row total, grand total, column total
        raise RuntimeError(f"no cycle through cell {cell}: the table's totals are inconsistent")
    path = []
    while node != cell[0]:
        prev = int(predecessors[node])
        i, j = (prev, node - n_rows) if prev < n_rows else (node, prev - n_rows)
        path.append((i, j))
        node = prev
    return [c for c in path if not suppressed[c]]


def _secondary_suppression(counts: np.ndarray, primary: np.ndarray) -> np.ndarray:
    """Mask of suppressed cells of a table with totals such that none is determined."""
    suppressed = primary.copy()
    while (cell := _determined_cell(suppressed)) is not None:
        for extra in _closing_path(counts, suppressed, cell):
            suppressed[extra] = True
    return suppressed


def protect_counts(table: pd.DataFrame, settings: DisclosureSettings) -> ProtectedTable:
    """Protect a cross table of counts of persons and add its totals.

    Parameters
    ----------
    table : DataFrame
        Counts (whole numbers >= 0), rows x categories, *without* totals: the totals
        are computed here, never taken from the input. One level of row and column
        labels; :data:`TOTAL_LABEL` may not be one of them.
    settings : DisclosureSettings
        Thresholds (:func:`load_disclosure_settings`).

    Returns
    -------
    ProtectedTable
        ``data`` has the totals row and column; published counts are rounded to
        ``settings.rounding_base``, suppressed counts are ``<NA>``. Primary
        suppression: counts (totals included) of 1 to ``min_count - 1``; zeros are
        published. Secondary suppression: see the module docstring.

    Raises
    ------
    VoortgangError
        For an empty table, several label levels, duplicate or reserved labels, or
        values that are not counts; the message names the argument, the columns and
        the number of bad values.
    """
    _check_labels(table)
    counts = _count_array(table, "table")
    with_totals = np.zeros((counts.shape[0] + 1, counts.shape[1] + 1), dtype=np.int64)
    with_totals[:-1, :-1] = counts
    with_totals[:-1, -1] = counts.sum(axis=1)
    with_totals[-1, :-1] = counts.sum(axis=0)
    with_totals[-1, -1] = counts.sum()

    primary = (with_totals > 0) & (with_totals < settings.min_count)
    suppressed = _secondary_suppression(with_totals, primary)

    index = pd.Index([*table.index, TOTAL_LABEL], name=table.index.name, dtype=object)
    columns = pd.Index([*table.columns, TOTAL_LABEL], name=table.columns.name, dtype=object)
    mask = pd.DataFrame(suppressed, index=index, columns=columns)
    rounded = _round_half_up(with_totals, settings.rounding_base)
    data = pd.DataFrame(rounded, index=index, columns=columns).astype("Int64").mask(mask)
    data.attrs = {PROTECTED_ATTR: True}
    return ProtectedTable(
        data=data,
        suppressed=mask,
        settings=settings,
        n_primary=int(primary.sum()),
        n_secondary=int((suppressed & ~primary).sum()),
        count_columns=tuple(columns),
    )


def _check_labels(table: pd.DataFrame) -> None:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"protect_counts expects a DataFrame, got {type(table).__name__}")
    if table.shape[0] == 0 or table.shape[1] == 0:
        raise VoortgangError(f"table: empty cross table ({table.shape[0]} rows x {table.shape[1]} columns)")
    for axis, labels in (("row", table.index), ("column", table.columns)):
        if labels.nlevels > 1:
            raise VoortgangError(f"table: {labels.nlevels} levels of {axis} labels; flatten them to one")
        if labels.has_duplicates:
            raise VoortgangError(f"table: {int(labels.duplicated().sum())} duplicate {axis} label(s)")
        if TOTAL_LABEL in labels:
            raise VoortgangError(
                f"table: {axis} label '{TOTAL_LABEL}' is reserved; pass the table without totals"
            )


# --- tidy frames of numerators and denominators ---------------------------------------


def protect_proportions(
    frame: pd.DataFrame,
    numerator: str = "numerator",
    denominator: str = "denominator",
    *,
    settings: DisclosureSettings,
    partition_by: Sequence[str] = (),
) -> ProtectedTable:
    """Protect a tidy frame of counts and add the percentage numerator / denominator.

    Parameters
    ----------
    frame : DataFrame
        One row per figure, e.g. ``year, group, outcome, category, numerator,
        denominator``. All other columns are labels and are published as they are.
    numerator, denominator : str
        Columns of counts of persons (whole numbers, ``0 <= numerator <= denominator``).
    settings : DisclosureSettings
        Thresholds (:func:`load_disclosure_settings`).
    partition_by : sequence of str
        Without it (default), each row is a yes/no outcome: the complement
        (denominator - numerator) is the hidden "no". With it, rows with equal values
        in these columns are the *exhaustive* categories of one variable: they share
        the denominator and their numerators add up to it; then more numerators are
        suppressed where needed so that none can be recomputed from the others.

    Returns
    -------
    ProtectedTable
        ``data`` is ``frame`` with the numerator and denominator rounded to
        ``settings.rounding_base`` (``Int64``) and a column :data:`PERCENTAGE`
        (percent 0-100, ``Float64``, from the unrounded counts, rounded half up to
        ``settings.percentage_decimals``). Suppressed: a numerator (with its
        percentage) below ``min_count`` or with a complement below it, zeros included
        (0% and 100% describe every person of a group); a denominator below
        ``min_count``, with every numerator and percentage of its partition. The
        unrounded counts are not in the result.

    Raises
    ------
    VoortgangError
        For missing columns, a column named :data:`PERCENTAGE`, values that are not
        counts, numerators above their denominator, or partitions whose denominators
        differ or whose numerators do not add up to the denominator; the message names
        the columns and the number of offending rows or partitions.
    """
    missing = [c for c in (numerator, denominator, *partition_by) if c not in frame.columns]
    if missing:
        raise VoortgangError(f"frame: column(s) {', '.join(map(repr, missing))} not found")
    if PERCENTAGE in frame.columns:
        raise VoortgangError(f"frame: column '{PERCENTAGE}' exists already; it is computed here")
    num, den = _count_array(frame[[numerator, denominator]], "frame").T
    if (over := num > den).any():
        raise VoortgangError(
            f"frame: {int(over.sum())} row(s) with {numerator!r} above {denominator!r}"
        )
    m = settings.min_count
    primary_num = (num < m) | (den - num < m)
    primary_den = den < m  # implies primary_num (num <= den)
    supp_num, supp_den = primary_num.copy(), primary_den.copy()
    if partition_by:
        groups = frame.groupby(list(partition_by), sort=False, dropna=False).ngroup().to_numpy()
        _check_partitions(groups, num, den, numerator, denominator, partition_by)
        for rows in pd.Series(groups).groupby(groups).indices.values():
            _protect_partition(rows, num, supp_num, supp_den)

    data = pd.DataFrame(frame, copy=True)  # a plain frame: drops the microdata mark
    data[numerator] = pd.array(_round_half_up(num, settings.rounding_base), dtype="Int64")
    data[denominator] = pd.array(_round_half_up(den, settings.rounding_base), dtype="Int64")
    data[PERCENTAGE] = pd.array(_percentage(num, den, settings.percentage_decimals), dtype="Float64")
    data[numerator] = data[numerator].mask(supp_num)
    data[denominator] = data[denominator].mask(supp_den)
    data[PERCENTAGE] = data[PERCENTAGE].mask(supp_num)
    data.attrs = {PROTECTED_ATTR: True}
    mask = pd.DataFrame(False, index=data.index, columns=data.columns)
    mask[numerator] = supp_num
    mask[denominator] = supp_den
    mask[PERCENTAGE] = supp_num
    n_primary = int(primary_num.sum() + primary_den.sum())
    return ProtectedTable(
        data=data,
        suppressed=mask,
        settings=settings,
        n_primary=n_primary,
        n_secondary=int(supp_num.sum() + supp_den.sum()) - n_primary,
        count_columns=(numerator, denominator),
        percentage_columns=(PERCENTAGE,),
    )


def _check_partitions(
    groups: np.ndarray,
    num: np.ndarray,
    den: np.ndarray,
    numerator: str,
    denominator: str,
    partition_by: Sequence[str],
) -> None:
    sums = pd.DataFrame({"g": groups, "n": num, "d": den}).groupby("g").agg(
        n=("n", "sum"), d_min=("d", "min"), d_max=("d", "max")
    )
    by = ", ".join(map(repr, partition_by))
    if (unequal := sums["d_min"] != sums["d_max"]).any():
        raise VoortgangError(
            f"frame: {int(unequal.sum())} partition(s) by {by} with different values of {denominator!r}"
        )
    if (off := sums["n"] != sums["d_min"]).any():
        raise VoortgangError(
            f"frame: in {int(off.sum())} partition(s) by {by} the {numerator!r} values do not "
            f"add up to {denominator!r}; add the missing categories (e.g. 'onbekend') as rows"
        )


def _protect_partition(
    rows: np.ndarray, num: np.ndarray, supp_num: np.ndarray, supp_den: np.ndarray
) -> None:
    """Secondary suppression in one partition whose numerators add up to a published denominator.

    One equation, sum of numerators = denominator. A suppressed numerator is then
    determined when it is the only suppressed one, or when it and all the others are
    zero. While that is so, suppress the smallest published non-zero numerator; if
    none is left, the denominator and so the whole partition (a published percentage
    next to a hidden denominator would reveal it). Updates the masks in place.
    """
    if supp_den[rows].any():
        supp_num[rows] = supp_den[rows] = True
        return
    while True:
        hidden = rows[supp_num[rows]]
        if len(hidden) == 0 or (len(hidden) >= 2 and num[hidden].sum() > 0):
            return
        candidates = rows[~supp_num[rows] & (num[rows] > 0)]
        if len(candidates) == 0:
            supp_num[rows] = supp_den[rows] = True
            return
        supp_num[candidates[np.argmin(num[candidates])]] = True


# --- presentation ---------------------------------------------------------------------


def display(protected: ProtectedTable) -> pd.DataFrame:
    """The table as Dutch strings: ``12.345``, ``41,7``, and ``"."`` where suppressed.

    Parameters
    ----------
    protected : ProtectedTable

    Returns
    -------
    DataFrame
        Count and percentage columns as strings (thousands separator ``.``, decimal
        comma, percentages with ``settings.percentage_decimals`` decimals and without
        ``%``); label columns unchanged. Show it with :data:`FOOTNOTE` (and
        :data:`ROUNDING_NOTE` when ``rounding_base`` > 1).
    """
    if not isinstance(protected, ProtectedTable):
        raise DisclosureError(
            f"display: expected a ProtectedTable, got {type(protected).__name__}"
        )
    out = pd.DataFrame(protected.data, copy=True)
    decimals = protected.settings.percentage_decimals
    formats: dict[Hashable, int] = {c: 0 for c in protected.count_columns}
    formats.update({c: decimals for c in protected.percentage_columns})
    for column, places in formats.items():
        values = protected.data[column].astype(object)
        hidden = protected.suppressed[column]
        out[column] = pd.Series(
            [MISSING_SYMBOL if h else format_number(_plain(v), places) for v, h in zip(values, hidden)],
            index=out.index,
            dtype=object,
        )
    out.attrs = {PROTECTED_ATTR: True}
    return out


def _plain(value: Any) -> float | None:
    return None if value is pd.NA else float(value)


def methods_paragraph(settings: DisclosureSettings) -> str:
    """The Dutch paragraph on disclosure control for the methods appendix.

    Parameters
    ----------
    settings : DisclosureSettings
        The thresholds used (they are written into the text).

    Returns
    -------
    str
        One paragraph of Dutch text (markdown without markup).
    """
    m = settings.min_count
    if settings.rounding_base > 1:
        rounding = (
            f"Gepubliceerde aantallen, ook totalen, zijn afgerond op een veelvoud van "
            f"{settings.rounding_base}; door afronding kunnen totalen afwijken van de som "
            "van de afzonderlijke cijfers."
        )
    else:
        rounding = "Gepubliceerde aantallen zijn niet afgerond."
    d = settings.percentage_decimals
    places = "hele procenten" if d == 0 else f"{d} {'decimaal' if d == 1 else 'decimalen'}"
    return (
        "Alle tabellen die zijn berekend uit gegevens over personen (microdata van het "
        "CBS) zijn voor publicatie beveiligd tegen onthulling van gegevens over "
        f"individuele personen. Aantallen van minder dan {m} personen zijn niet "
        "gepubliceerd (primaire onderdrukking); een lege cel (nul) in een kruistabel "
        "wordt wel getoond. Waar een onderdrukt cijfer uit de overige cijfers en de "
        "rij- of kolomtotalen zou zijn terug te rekenen, zijn ook andere cijfers "
        "onderdrukt (secundaire onderdrukking): telkens de kleinste combinatie van "
        "cijfers die het onderdrukte cijfer onbepaald laat, een totaal alleen als het "
        "niet anders kan. Een percentage is niet gepubliceerd als de teller, de noemer "
        f"of het verschil tussen noemer en teller kleiner is dan {m}. {rounding} "
        "Percentages zijn berekend uit de niet-afgeronde aantallen en afgerond op "
        f"{places}. Onderdrukte cijfers zijn in de tabellen aangegeven met een punt "
        f"({MISSING_SYMBOL})."
    )
