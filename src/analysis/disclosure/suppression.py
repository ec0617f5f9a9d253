"""Disclosure control: the gate every table computed from person-level data passes.

A table computed from person-level data (CBS microdata, or the synthetic stand-in)
may only be shown or saved outside ``data/`` as a :class:`ProtectedTable`, made by
:func:`protect_counts` (a cross table of counts) or :func:`protect_proportions` (a
tidy frame of numerators and denominators). The thresholds live in
``params/disclosure.yaml`` (:class:`DisclosureSettings`); ``docs/disclosure.md``
explains the rules and :func:`analysis.present.methods.methods_paragraph` prints them for the report.

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
  sum of the rounded cells. Percentages are computed from the *rounded* counts and
  rounded half up to ``percentage_decimals``: computed from the unrounded counts, a
  percentage next to its rounded denominator can give the unrounded numerator back.
- Suppressed values show as ``"."`` with the footnote of :mod:`analysis.present.protected`."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.sparse import coo_array
from scipy.sparse.csgraph import connected_components, dijkstra, minimum_spanning_tree

from analysis.disclosure.marking import PROTECTED_ATTR, ProtectedTable
from analysis.errors import VoortgangError
from analysis.inputs.disclosure_settings import DisclosureSettings

#: Label of the totals row and column that :func:`protect_counts` adds.
TOTAL_LABEL: str = "Totaal"
#: Name of the column of percentages (percent, 0-100) that :func:`protect_proportions` adds.
PERCENTAGE: str = "percentage"


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
        (percent 0-100, ``Float64``, from the rounded counts, rounded half up to
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
    rounded_num = _round_half_up(num, settings.rounding_base)
    rounded_den = _round_half_up(den, settings.rounding_base)
    data[numerator] = pd.array(rounded_num, dtype="Int64")
    data[denominator] = pd.array(rounded_den, dtype="Int64")
    # From the *rounded* counts: a percentage of the unrounded counts, shown next to its
    # rounded denominator, can give the unrounded numerator back (10 of 825 persons, 1,3% -> 11).
    data[PERCENTAGE] = pd.array(_percentage(rounded_num, rounded_den, settings.percentage_decimals), dtype="Float64")
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
