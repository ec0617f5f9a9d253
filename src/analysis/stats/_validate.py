"""Input checks and series-break handling shared by the statistics modules.

Every check raises :class:`~analysis.errors.VoortgangError` (a ``ValueError``)
whose message names the argument and the element (position, or the label
when a pandas object was passed). Messages show counts only, never records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.errors import VoortgangError


def _labels(x: Any, n: int) -> list[Any]:
    """Element labels for messages: the pandas index if there is one, else positions."""
    if isinstance(x, pd.Series) and len(x.index) == n:
        return list(x.index)
    return list(range(n))


def as_float_1d(x: Any, name: str) -> tuple[np.ndarray, list[Any]]:
    """Convert ``x`` to a 1-D float array, returning it with element labels.

    Raises
    ------
    VoortgangError
        If ``x`` is not numeric or not one-dimensional.
    """
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise VoortgangError(f"{name}: expected numbers, got {type(x).__name__}") from None
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise VoortgangError(f"{name}: expected a 1-D sequence, got shape {arr.shape}")
    return arr, _labels(x, arr.size)


def check_counts(arr: np.ndarray, name: str, labels: list[Any] | None = None) -> None:
    """Counts must be present, finite and non-negative.

    Raises
    ------
    VoortgangError
        Naming the first offending element of ``name``.
    """
    flat = arr.reshape(-1)
    lab = labels if labels is not None else list(range(flat.size))
    bad = np.flatnonzero(np.isnan(flat))
    if bad.size:
        raise VoortgangError(
            f"{name}[{lab[bad[0]]!r}] is missing (NaN); counts may not be missing "
            f"({bad.size} missing in total)"
        )
    bad = np.flatnonzero(~np.isfinite(flat))
    if bad.size:
        raise VoortgangError(f"{name}[{lab[bad[0]]!r}] is infinite")
    bad = np.flatnonzero(flat < 0)
    if bad.size:
        raise VoortgangError(
            f"{name}[{lab[bad[0]]!r}] = {flat[bad[0]]:g} is negative; counts must be >= 0"
        )


def check_successes(
    successes: np.ndarray,
    totals: np.ndarray,
    names: tuple[str, str],
    labels: list[Any] | None = None,
) -> None:
    """``successes`` may not exceed ``totals`` element-wise.

    Raises
    ------
    VoortgangError
        Naming both arguments and the first offending element.
    """
    s_name, t_name = names
    lab = labels if labels is not None else list(range(successes.size))
    bad = np.flatnonzero(successes.reshape(-1) > totals.reshape(-1))
    if bad.size:
        i = bad[0]
        raise VoortgangError(
            f"{s_name}[{lab[i]!r}] = {successes.reshape(-1)[i]:g} is larger than "
            f"{t_name}[{lab[i]!r}] = {totals.reshape(-1)[i]:g}"
        )


def check_same_length(**arrays: np.ndarray) -> None:
    """All arrays must have the same length.

    Raises
    ------
    VoortgangError
        Listing the lengths by argument name.
    """
    lengths = {k: v.size for k, v in arrays.items()}
    if len(set(lengths.values())) > 1:
        shown = ", ".join(f"{k} has {n}" for k, n in lengths.items())
        raise VoortgangError(f"arguments differ in length: {shown}")


def check_scalar_count(value: float, name: str) -> float:
    """A single count: finite and non-negative.

    Raises
    ------
    VoortgangError
        Naming the argument.
    """
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise VoortgangError(f"{name}: expected a number, got {value!r}") from None
    if np.isnan(v):
        raise VoortgangError(f"{name} is missing (NaN)")
    if not np.isfinite(v) or v < 0:
        raise VoortgangError(f"{name} = {v:g} must be a finite count >= 0")
    return v


def check_confidence(confidence: float, name: str = "confidence") -> float:
    """A confidence level strictly between 0 and 1 (e.g. 0.95, not 95).

    Raises
    ------
    VoortgangError
        Naming the argument.
    """
    c = float(confidence)
    if not 0.0 < c < 1.0:
        raise VoortgangError(f"{name} = {c:g} must be strictly between 0 and 1 (e.g. 0.95)")
    return c


def periods_or_positions(
    periods: Any, n: int, name: str = "periods"
) -> tuple[np.ndarray, list[Any]]:
    """Validate ``periods`` (numeric, finite, unique, length ``n``); default 0..n-1.

    Raises
    ------
    VoortgangError
        If a period is missing, repeated or the length differs from the values.
    """
    if periods is None:
        t = np.arange(n, dtype=float)
        return t, list(range(n))
    t, labels = as_float_1d(periods, name)
    if t.size != n:
        raise VoortgangError(f"{name} has {t.size} elements but the values have {n}")
    bad = np.flatnonzero(~np.isfinite(t))
    if bad.size:
        raise VoortgangError(f"{name}[{labels[bad[0]]!r}] is missing or infinite")
    uniq, counts = np.unique(t, return_counts=True)
    if (counts > 1).any():
        raise VoortgangError(f"{name}: period {uniq[counts > 1][0]:g} occurs more than once")
    return t, labels


@dataclass(frozen=True)
class Segment:
    """Which points of a (sorted) series are tested after series breaks.

    Attributes
    ----------
    keep
        Boolean mask over the sorted series: the points on or after the last
        break that falls after the first period.
    break_at
        The break that cut the series, or None when no point was excluded.
    n_excluded
        Number of points before ``break_at`` (not tested).
    """

    keep: np.ndarray
    break_at: float | None
    n_excluded: int

    def describe(self) -> str:
        """Sentence for a ``method`` string; empty when nothing was excluded."""
        if self.break_at is None:
            return ""
        return (
            f"; tested on the segment from period {self.break_at:g} on "
            f"(series break at {self.break_at:g}; {self.n_excluded} earlier "
            f"point(s) not used)"
        )


def segment_after_breaks(t_sorted: np.ndarray, breaks: Iterable[float] | None) -> Segment:
    """Keep the points on or after the last break (``t >= max(breaks)``).

    A break at period ``b`` means the value at ``b`` is the first one that is
    not comparable with what came before. A test never spans a break, so only
    the last segment is kept.

    Raises
    ------
    VoortgangError
        If a break is not a finite number.
    """
    b_arr, labels = as_float_1d(list(breaks) if breaks is not None else [], "breaks")
    if b_arr.size == 0:
        return Segment(np.ones(t_sorted.size, dtype=bool), None, 0)
    bad = np.flatnonzero(~np.isfinite(b_arr))
    if bad.size:
        raise VoortgangError(f"breaks[{labels[bad[0]]!r}] is missing or infinite")
    last = float(b_arr.max())
    keep = t_sorted >= last
    n_excluded = int((~keep).sum())
    if n_excluded == 0:
        return Segment(keep, None, 0)
    return Segment(keep, last, n_excluded)
