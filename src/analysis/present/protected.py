"""Showing a protected table: Dutch strings with ``.`` for hidden values, and the CBS footnotes."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import pandas as pd

from analysis.config import MISSING_SYMBOL
from analysis.disclosure.marking import PROTECTED_ATTR, DisclosureError, ProtectedTable
from analysis.present.numbers import format_number

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
    formats: dict[Hashable, int] = dict.fromkeys(protected.count_columns, 0)
    formats.update(dict.fromkeys(protected.percentage_columns, decimals))
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
