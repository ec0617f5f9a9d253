"""Dates and ages of person-level records: birthdays, ages on a date, age groups.

``birth_month`` is a year-month stored as day 1; the k-th birthday is the first
day of the birth month k years later, and the age on a date is the number of
completed years. The one place for these rules: the loader
(:mod:`analysis.inputs.microdata.load`), the synthetic population and the
measures (:mod:`analysis.measures.cohorts`, :mod:`analysis.measures.margins`)
all use them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

# --------------------------------------------------------------------------- date rules


def add_months(dates: pd.Series | np.ndarray, months: int | np.ndarray) -> np.ndarray:
    """Dates on day 1 plus a number of whole months.

    Parameters
    ----------
    dates : Series or ndarray of datetime64
        First days of months (e.g. ``birth_month`` or a birthday); NaT stays NaT.
    months : int or ndarray of int
        Months to add (may be negative).

    Returns
    -------
    numpy.ndarray of datetime64[s]
    """
    m = np.asarray(dates, dtype="datetime64[s]").astype("datetime64[M]")
    return (m + np.asarray(months, dtype="int64")).astype("datetime64[s]")


def birthday(birth_month: pd.Series | np.ndarray, age: int) -> np.ndarray:
    """The ``age``-th birthday: the first day of the birth month ``age`` years later."""
    return add_months(birth_month, 12 * age)


def age_on(birth_month: pd.Series | np.ndarray, date: str | np.datetime64) -> np.ndarray:
    """Completed years of age on ``date`` (birth on day 1 of the birth month).

    Returns
    -------
    numpy.ndarray of int64 (birth months after ``date`` give negative ages).
    """
    b = np.asarray(birth_month, dtype="datetime64[s]").astype("datetime64[M]").astype("int64")
    d = np.datetime64(date, "M").astype("int64")
    return np.floor_divide(d - b, 12)


def age_at(birth_month: pd.Series | np.ndarray, dates: pd.Series | np.ndarray) -> np.ndarray:
    """Completed years of age on each date (birth on day 1 of the birth month).

    Parameters
    ----------
    birth_month, dates : array-like of datetime64, aligned element-wise.

    Returns
    -------
    numpy.ndarray of int64
    """
    b = np.asarray(birth_month, dtype="datetime64[s]").astype("datetime64[M]").astype("int64")
    d = np.asarray(dates, dtype="datetime64[s]").astype("datetime64[M]").astype("int64")
    return np.floor_divide(d - b, 12)


def age_group_index(age: np.ndarray | Sequence[int], groups: Mapping[str, tuple[int, int]]) -> np.ndarray:
    """Position in ``groups`` (consecutive ``(lowest, highest)`` completed years) of each age.

    Ages below the first group get 0 and above the last group the last
    position; callers keep only the ages the groups cover.
    """
    lows = [low for low, _ in groups.values()][1:]
    return np.searchsorted(lows, np.asarray(age), side="right")
