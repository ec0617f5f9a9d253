"""Figures of one region from the counts of all: slices, sums and the difference with Nederland.

The region is part of Nederland, so region and country are not independent
samples. With ``w = n_regio / n_NL``, ``p_regio - p_NL = (1 - w)(p_regio -
p_rest)``, where *rest* is the country without the region; the interval of
:func:`difference_to_country` is Newcombe's interval for ``p_regio - p_rest``
(independent groups) times ``1 - w``. Percentages are percent (0-100),
differences procentpunt."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from analysis.inputs.groupings import Region
from analysis.stats.compare import proportion_difference

# --------------------------------------------------------------------------- region figures


def to_units(frame: pd.DataFrame, units: Sequence[Region], counts: Sequence[str], column: str = "jeugdregio",
             unit_column: str = "regio") -> pd.DataFrame:
    """Sum jeugdregio-level counts into regions.

    Parameters
    ----------
    frame : DataFrame
        Has ``column`` (jeugdregio codes) and the ``counts`` columns; other
        columns are kept as keys.
    units : sequence of Region
        Target regions; jeugdregio's in none of them are dropped.
    counts : sequence of str
        Count columns to sum.
    column, unit_column : str
        The jeugdregio column and the name of the region-code column made.

    Returns
    -------
    DataFrame
        Keys, ``unit_column`` and the summed counts (only units with rows).
    """
    membership = {jz: r.code for r in units for jz in r.jeugdregios}
    keys = [c for c in frame.columns if c not in (column, *counts)]
    mapped = frame.assign(**{unit_column: frame[column].astype(str).map(membership)}).dropna(subset=[unit_column])
    return mapped.groupby([*keys, unit_column], sort=True, observed=True)[list(counts)].sum().reset_index()


def region_rows(frame: pd.DataFrame, region: Region, counts: Sequence[str], column: str = "jeugdregio") -> pd.DataFrame:
    """Counts of one region: ``frame`` summed over the region's jeugdregio's (``column`` dropped).

    Key combinations with no row in the region get zero counts, so the result
    has the shape of the national frame.
    """
    keys = [c for c in frame.columns if c not in (column, *counts)]
    inside = frame[frame[column].astype(str).isin(region.jeugdregios)]
    summed = inside.groupby(keys, sort=False, observed=True)[list(counts)].sum()
    shape = frame[keys].drop_duplicates()
    out = shape.merge(summed.reset_index(), on=keys, how="left")
    out[list(counts)] = out[list(counts)].fillna(0).astype("int64")
    return out.reset_index(drop=True)


def difference_to_country(x_r: int, n_r: int, x_nl: int, n_nl: int) -> tuple[float, float, float]:
    """Region minus Nederland in procentpunt, with a 95% interval (see the module docstring).

    Returns
    -------
    (float, float, float)
        Difference, lower and upper bound (procentpunt); NaN when the region or
        the rest of the country has no persons.
    """

    n_rest, x_rest = n_nl - n_r, x_nl - x_r
    if n_r <= 0 or n_rest <= 0:
        return math.nan, math.nan, math.nan
    w = n_r / n_nl
    r = proportion_difference(x_r, n_r, x_rest, n_rest)
    diff = 100 * (x_r / n_r - x_nl / n_nl)
    return diff, 100 * (1 - w) * r.ci_low, 100 * (1 - w) * r.ci_high
