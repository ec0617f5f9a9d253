"""Marking person-level data and the protected table type: what may reach a report.

:func:`mark_microdata` turns a person-level frame into a :class:`MicrodataFrame`
(a pandas subclass) with ``attrs["microdata"] = True``; :func:`assert_publishable`
refuses such a frame at render time. Checked on pandas 3.1: the subclass survives
``groupby`` (``sum``, ``agg``, ``size``), ``pivot_table``, ``unstack``, selections,
``assign``, ``merge``/``concat`` with the marked frame first, and ``attrs`` survive
``to_parquet``/``read_parquet``. The mark is *lost* by ``pd.crosstab``,
``value_counts``, ``merge``/``join``/``concat`` with an unmarked frame first and
rebuilding a frame from arrays. Code that aggregates person-level data therefore
calls a ``protect_*`` function itself, and the build checks chapters that read
microdata with ``assert_publishable(..., from_microdata=True)``, which refuses
every table that is not protected (fail-closed).

A :class:`ProtectedTable` is only made by :mod:`analysis.disclosure.suppression`
(and the operations of :mod:`analysis.disclosure.tables` that keep its protection)."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import pandas as pd

from analysis.errors import VoortgangError
from analysis.inputs.disclosure_settings import DisclosureSettings

#: ``attrs`` key of frames derived from person-level data.
MICRODATA_ATTR: str = "microdata"
#: ``attrs`` key of the frames a :class:`ProtectedTable` holds or :func:`display` returns.
PROTECTED_ATTR: str = "disclosure_protected"


class DisclosureError(VoortgangError):
    """A table derived from person-level data reached output without passing the gate."""


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
