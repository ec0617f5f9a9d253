"""Operations on protected tables that keep them protected.

Adding statistic columns that are hidden wherever the row's percentage is hidden
(:func:`extend_protected`), taking rows (:func:`subset`), renaming columns
(:func:`relabel`), joining tables made by the gate (:func:`combine`), a table of
statistics that shows no count (:func:`text_table`), and the published points
of a funnel plot (:func:`funnel_points`). None of them can reveal a count the
gate hid."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.disclosure.marking import PROTECTED_ATTR, ProtectedTable
from analysis.disclosure.suppression import PERCENTAGE
from analysis.inputs.disclosure_settings import DisclosureSettings


def combine(parts: list[ProtectedTable]) -> ProtectedTable:
    data = pd.concat([p.data for p in parts], ignore_index=True)
    suppressed = pd.concat([p.suppressed for p in parts], ignore_index=True)
    return ProtectedTable(
        data=data,
        suppressed=suppressed,
        settings=parts[0].settings,
        n_primary=sum(p.n_primary for p in parts),
        n_secondary=sum(p.n_secondary for p in parts),
        count_columns=parts[0].count_columns,
        percentage_columns=parts[0].percentage_columns,
    )


# --------------------------------------------------------------------------- protected tables


def extend_protected(
    protected: ProtectedTable, columns: Mapping[str, Sequence[float]], follow_suppression: bool = True
) -> ProtectedTable:
    """Add statistic columns to a protected table, hidden wherever its percentage is hidden.

    Parameters
    ----------
    protected : ProtectedTable
        From :func:`analysis.disclosure.suppression.protect_proportions` (has :data:`PERCENTAGE`).
    columns : mapping of str to sequence of float
        New columns aligned with ``protected.data`` rows (e.g. adjusted
        residuals, differences in procentpunt). They are shown with the
        percentage decimals (added to ``percentage_columns``, which sets only
        their display format).
    follow_suppression : bool
        Hide a value wherever the row's percentage is hidden (default). Pass
        False only for values that do not depend on the row's counts (e.g.
        the national percentage next to a region's).

    Returns
    -------
    ProtectedTable
        A new table; with ``follow_suppression`` a statistic of a cell whose
        percentage is suppressed is suppressed too, so it cannot reveal the
        hidden count. Missing values (NaN) are shown as suppressed.
    """
    data = pd.DataFrame(protected.data, copy=True)
    suppressed = pd.DataFrame(protected.suppressed, copy=True)
    hidden = protected.suppressed[PERCENTAGE].to_numpy(bool)
    if not follow_suppression:
        hidden = np.zeros_like(hidden)
    for name, values in columns.items():
        arr = np.asarray(values, dtype=float)
        mask = hidden | np.isnan(arr)
        data[name] = pd.array(np.where(mask, np.nan, arr), dtype="Float64")
        data[name] = data[name].mask(mask)
        suppressed[name] = mask
    data.attrs = {PROTECTED_ATTR: True}
    return ProtectedTable(
        data=data,
        suppressed=suppressed,
        settings=protected.settings,
        n_primary=protected.n_primary,
        n_secondary=protected.n_secondary,
        count_columns=protected.count_columns,
        percentage_columns=(*protected.percentage_columns, *columns),
    )


def subset(protected: ProtectedTable, rows: Sequence[bool] | np.ndarray) -> ProtectedTable:
    """Some rows of a protected table (e.g. only the flagged strata), still protected.

    Taking rows away reveals nothing that the whole table did not show.
    """
    mask = np.asarray(rows, dtype=bool)
    data = protected.data[mask].reset_index(drop=True)
    data.attrs = {PROTECTED_ATTR: True}
    return ProtectedTable(
        data=data,
        suppressed=protected.suppressed[mask].reset_index(drop=True),
        settings=protected.settings,
        n_primary=protected.n_primary,
        n_secondary=protected.n_secondary,
        count_columns=protected.count_columns,
        percentage_columns=protected.percentage_columns,
    )


def relabel(protected: ProtectedTable, names: Mapping[Hashable, str]) -> ProtectedTable:
    """The same protected table with columns renamed (Dutch headers for display)."""
    data = protected.data.rename(columns=dict(names))
    data.attrs = {PROTECTED_ATTR: True}
    return ProtectedTable(
        data=data,
        suppressed=protected.suppressed.rename(columns=dict(names)),
        settings=protected.settings,
        n_primary=protected.n_primary,
        n_secondary=protected.n_secondary,
        count_columns=tuple(names.get(c, c) for c in protected.count_columns),
        percentage_columns=tuple(names.get(c, c) for c in protected.percentage_columns),
    )


def text_table(frame: pd.DataFrame, settings: DisclosureSettings) -> ProtectedTable:
    """A table of formatted statistics (no counts of persons) as a publishable table.

    For results computed over many strata at once (odds ratios, p-values,
    verdicts) that show no count and no percentage of a single cell. Every
    column is text; nothing is suppressed.
    """
    data = pd.DataFrame(frame, copy=True).astype(str)
    data.attrs = {PROTECTED_ATTR: True}
    return ProtectedTable(
        data=data,
        suppressed=pd.DataFrame(False, index=data.index, columns=data.columns),
        settings=settings,
        n_primary=0,
        n_secondary=0,
        count_columns=(),
        percentage_columns=(),
    )


# --------------------------------------------------------------------------- funnel plot


def funnel_points(
    protected: ProtectedTable, unit: str, denominator: str = "denominator"
) -> pd.DataFrame:
    """Published points of a funnel plot: unit, denominator (rounded), percentage.

    Units whose percentage the gate suppressed are left out.
    """
    data = protected.data
    shown = ~protected.suppressed[PERCENTAGE].to_numpy(bool) & ~protected.suppressed[denominator].to_numpy(bool)
    return pd.DataFrame({
        "unit": data.loc[shown, unit].astype(str).to_numpy(),
        "denominator": data.loc[shown, denominator].astype(float).to_numpy(),
        "percentage": data.loc[shown, PERCENTAGE].astype(float).to_numpy(),
    })
