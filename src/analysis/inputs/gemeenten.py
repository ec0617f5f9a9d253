"""Gemeenten per year: the list of 1 January 2020 and every herindeling since, each with its source.

Facts (``data/reference/``, see its ``README.md``):

- ``gemeenten_2020.csv``: the 355 gemeenten of 1 January 2020 (CBS 84799NED);
- ``gemeente_herindelingen.csv``: one row per gemeente that changes, with the
  date, the old and new code and name, the kind of change, the source and
  ``aanname`` (``ja`` where no CBS source confirms the row, e.g. the code of a new
  gemeente that was seen only in a public analysis script); a row of kind
  ``geen`` records a 1 January without herindelingen, with its source, so the
  covered years are explicit.

The gemeenten of year ``Y`` are those of 1 January ``Y`` (the CBS
"Gemeentelijke indeling op 1 januari"): a change dated 1 January counts from that
year, one dated later in the year (Weesp into Amsterdam, 24 March 2022) from the
next.

Kinds of change
---------------
``samenvoeging``
    Several whole gemeenten form a new gemeente with a new code (Eemsdelta).
``toevoeging``
    A whole gemeente is added to an existing one that keeps its code (Beemster
    into Purmerend, Weesp into Amsterdam).
``verdeling``
    A gemeente is dissolved and its area divided over several existing ones
    (Haaren, 2021); one row per receiving gemeente.

**The series rule** (:meth:`Indeling.predecessors`): the figure of a gemeente
for a year before a samenvoeging or toevoeging may be computed from its
predecessors only as the *sum of counts* of whole gemeenten; a percentage is
never summed or averaged (its denominators are not published with it), and a
verdeling has no sound series at all (the parts of Haaren are not published).
The gemeente table of :mod:`analysis.inputs.statline.gemeenten` publishes
percentages only, so a report shows the predecessors' own figures beside the
gemeente's, never a derived series.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from analysis.config import GEMEENTEN_CSV, HERINDELINGEN_CSV, MAX_TEXT_BYTES
from analysis.errors import VoortgangError
from analysis.inputs.files import PLAIN_TEXT, display_path, read_csv_table
from analysis.inputs.regions import gemeenten

#: Files this module reads (part of the cache key of every chapter that imports it).
READS: tuple[Path, ...] = (GEMEENTEN_CSV, HERINDELINGEN_CSV)

#: The year of the base list (``gemeenten_2020.csv``).
BASE_YEAR = 2020
#: Kinds of change (see the module docstring).
MERGE, ADDITION, DIVISION, NONE = "samenvoeging", "toevoeging", "verdeling", "geen"
KINDS: tuple[str, ...] = (MERGE, ADDITION, DIVISION, NONE)

_OPTIONAL_CODE = re.compile(r"^(GM\d{4})?$")
_COLUMNS: dict[str, re.Pattern[str] | None] = {
    "datum": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "oude_code": _OPTIONAL_CODE,
    "oude_naam": PLAIN_TEXT,
    "nieuwe_code": _OPTIONAL_CODE,
    "nieuwe_naam": PLAIN_TEXT,
    "soort": re.compile(rf"^({'|'.join(KINDS)})$"),
    "bron": PLAIN_TEXT,
    "aanname": re.compile(r"^(ja|nee)$"),
}


@dataclass(frozen=True)
class Herindeling:
    """One row of the herindelingen: one gemeente that changes on one date.

    Attributes
    ----------
    datum : datetime.date
        The day the change takes effect.
    oude_code, oude_naam : str
        The gemeente that ceases to exist (empty for kind ``geen``).
    nieuwe_code, nieuwe_naam : str
        The gemeente it goes into (a new one for ``samenvoeging``).
    soort : str
        One of :data:`KINDS`.
    bron : str
        Where the row comes from.
    aanname : bool
        No CBS source confirms the row (or a part of it, which ``bron`` names).
    row : int
        Row in the file, counted as in a spreadsheet (the header is row 1).
    """

    datum: dt.date
    oude_code: str
    oude_naam: str
    nieuwe_code: str
    nieuwe_naam: str
    soort: str
    bron: str
    aanname: bool
    row: int

    @property
    def jaar(self) -> int:
        """The first year whose 1 January list shows the change."""
        return self.datum.year if (self.datum.month, self.datum.day) == (1, 1) else self.datum.year + 1


@dataclass(frozen=True)
class Indeling:
    """The gemeenten of every covered year, from the base list and the herindelingen."""

    base: tuple[tuple[str, str], ...]
    changes: tuple[Herindeling, ...]

    @property
    def years(self) -> range:
        """The years with a known list: :data:`BASE_YEAR` up to the last recorded 1 January."""
        return range(BASE_YEAR, max([BASE_YEAR, *(c.jaar for c in self.changes)]) + 1)

    def gemeenten(self, year: int) -> dict[str, str]:
        """Code -> name of the gemeenten on 1 January of ``year``, in code order.

        Raises
        ------
        VoortgangError
            A year outside :attr:`years` (naming the herindelingen file to extend).
        """
        if year not in self.years:
            raise VoortgangError(
                f"{display_path(HERINDELINGEN_CSV)}: no gemeente list for {year}: the file covers "
                f"{self.years.start}-{self.years.stop - 1}; add the herindelingen of 1 January {year} (or a "
                "row of kind 'geen') with their source"
            )
        return _apply(dict(self.base), [c for c in self.changes if c.jaar <= year])

    def gone(self, code: str, year: int) -> list[Herindeling]:
        """The changes by which ``code`` ceased to exist by 1 January of ``year`` (empty: it did not)."""
        return [c for c in self.changes if c.oude_code == code and c.jaar <= year]

    def predecessors(self, code: str, year: int) -> list[Herindeling]:
        """The whole gemeenten that went into ``code`` up to ``year`` (samenvoeging and toevoeging).

        A verdeling is left out: the part of a divided gemeente that went to
        ``code`` has no figures of its own.
        """
        return [c for c in self.changes if c.nieuwe_code == code and c.soort in (MERGE, ADDITION) and c.jaar <= year]

    def successor(self, code: str, year: int) -> str | None:
        """The gemeente of 1 January ``year`` that ``code`` is (part of): itself, or the gemeente it went into.

        None for a gemeente divided over several (a verdeling): it has no one successor.
        """
        for change in self.changes:
            if change.oude_code == code and change.jaar <= year and change.soort != NONE:
                return None if change.soort == DIVISION else self.successor(change.nieuwe_code, year)
        return code

    def divided_into(self, code: str, year: int) -> list[Herindeling]:
        """The verdelingen up to ``year`` of which ``code`` received a part."""
        return [c for c in self.changes if c.nieuwe_code == code and c.soort == DIVISION and c.jaar <= year]


def _apply(current: dict[str, str], changes: list[Herindeling]) -> dict[str, str]:
    for change in changes:
        if change.soort == NONE:
            continue
        current.pop(change.oude_code, None)
        current[change.nieuwe_code] = change.nieuwe_naam
    return dict(sorted(current.items()))


def load_herindelingen(path: Path = HERINDELINGEN_CSV) -> Indeling:
    """Read and check the herindelingen against the 2020 list.

    Parameters
    ----------
    path : Path
        The CSV (columns ``datum, oude_code, oude_naam, nieuwe_code,
        nieuwe_naam, soort, bron, aanname``).

    Returns
    -------
    Indeling

    Raises
    ------
    VoortgangError
        One line naming the file, the row and the column: a missing column, a
        bad date or code, an unknown kind, an empty source, a date before 2020
        or out of order, a gemeente that does not exist on the date it
        changes, a new gemeente whose code already exists, a toevoeging or
        verdeling into a gemeente that does not exist, or a kind ``geen`` row
        with codes.
    """
    where = display_path(path)
    frame = read_csv_table(path, _COLUMNS, MAX_TEXT_BYTES)
    base = dict(zip(gemeenten()["code"], gemeenten()["naam"], strict=True))
    changes: list[Herindeling] = []
    previous_date = dt.date(BASE_YEAR, 1, 1)
    for i, rec in enumerate(frame.to_dict("records")):
        row = i + 2

        def bad(column: str, problem: str, *, _row: int = row) -> VoortgangError:
            return VoortgangError(f"{where}: row {_row}, column {column!r}: {problem}")

        try:
            datum = dt.date.fromisoformat(rec["datum"])
        except ValueError:
            raise bad("datum", f"{rec['datum']!r} is not a date") from None
        if datum <= dt.date(BASE_YEAR, 1, 1) or datum < previous_date:
            raise bad("datum", f"{rec['datum']} is not after 1 January {BASE_YEAR} (the base list) or is before "
                               "the previous row (keep the rows in date order)")
        previous_date = datum
        if not rec["bron"]:
            raise bad("bron", "empty: every row needs its source")
        change = Herindeling(datum, rec["oude_code"], rec["oude_naam"], rec["nieuwe_code"], rec["nieuwe_naam"],
                             rec["soort"], rec["bron"], rec["aanname"] == "ja", row)
        if change.soort == NONE:
            if any((change.oude_code, change.oude_naam, change.nieuwe_code, change.nieuwe_naam)):
                raise bad("soort", "'geen' records a 1 January without herindelingen: leave codes and names empty")
            changes.append(change)
            continue
        for column in ("oude_code", "oude_naam", "nieuwe_code", "nieuwe_naam"):
            if not rec[column]:
                raise bad(column, f"empty in a {change.soort}")
        # the state just before this date: every earlier date applied
        before = _apply(dict(base), [c for c in changes if c.datum < datum])
        if change.oude_code not in before:
            raise bad("oude_code", f"{change.oude_code} is not a gemeente just before {datum}")
        exists = change.nieuwe_code in before
        if change.soort == MERGE and exists:
            raise bad("nieuwe_code", f"{change.nieuwe_code} already exists before {datum}: a samenvoeging makes a new "
                                     "gemeente (use 'toevoeging' for one that keeps its code)")
        if change.soort in (ADDITION, DIVISION) and not exists:
            raise bad("nieuwe_code", f"{change.nieuwe_code} is not a gemeente before {datum}: a {change.soort} goes "
                                     "into an existing gemeente")
        same_new = [c for c in changes if c.nieuwe_code == change.nieuwe_code and c.soort == MERGE]
        if change.soort == MERGE and same_new and same_new[0].nieuwe_naam != change.nieuwe_naam:
            raise bad("nieuwe_naam", f"{change.nieuwe_code} is named {same_new[0].nieuwe_naam!r} in row "
                                     f"{same_new[0].row}")
        changes.append(change)
    return Indeling(base=tuple(sorted(base.items())), changes=tuple(changes))


@cache
def indeling() -> Indeling:
    """The project's :class:`Indeling` (read once per process)."""
    return load_herindelingen(HERINDELINGEN_CSV)


def missing_members(members: dict[str, str], present: set[str]) -> str | None:
    """The first gemeente of ``members`` (code -> name) not in ``present``, for a message; None when none is missing.

    ``"GM1979 (Eemsdelta) and 2 more"``.
    """
    missing = [c for c in members if c not in present]
    if not missing:
        return None
    return f"{missing[0]} ({members[missing[0]]})" + (f" and {len(missing) - 1} more" if len(missing) > 1 else "")


def merged_away_reason(code: str, year: int, table: Indeling | None = None) -> str | None:
    """Why ``code`` is not a gemeente on 1 January of ``year`` (English, for a refusal), or None when it is.

    Parameters
    ----------
    code : str
        A ``GMxxxx`` code.
    year : int
    table : Indeling, optional
        Default :func:`indeling`.
    """
    table = table or indeling()
    gone = table.gone(code, year)
    if not gone:
        return None
    first = gone[0]
    if first.soort == DIVISION:
        into = ", ".join(f"{c.nieuwe_code} ({c.nieuwe_naam})" for c in gone)
        return (f"{code} ({first.oude_naam}) was dissolved on {first.datum} and divided over {into}; it has no "
                "successor whose figures continue its series")
    return (f"{code} ({first.oude_naam}) went into {first.nieuwe_code} ({first.nieuwe_naam}) on {first.datum} "
            f"({first.soort}); build {first.nieuwe_code} instead")
