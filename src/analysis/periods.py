"""Normalised period strings of the published figures, and how tables show them.

Forms (see ``data/published/README.md``):

- ``2019``       calendar year;
- ``2018/2019``  school year (1 August - 31 July);
- ``2015Q3``     quarter;
- ``2016-2019``  a change over a range of years;
- ``2020-05``    a month.

Year-column tables such as the Kernindicatoren put a school year under the
calendar year in which it *ends* (``2015/2016`` under 2016) and a quarter under
its own year; this is stated in the table's footnote (:data:`COLUMN_RULE`).
"""

from __future__ import annotations

import re

from analysis.errors import VoortgangError

_YEAR = re.compile(r"^(\d{4})$")
_SCHOOL = re.compile(r"^(\d{4})/(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")

#: Footnote text for year-column tables (Dutch).
COLUMN_RULE = (
    "Schooljaren staan onder het jaar waarin ze eindigen (2015/2016 onder 2016); "
    "kwartaalcijfers (3e kwartaal) onder hun eigen jaar."
)


def column_year(period: str) -> int:
    """The calendar-year column a period belongs to.

    Parameters
    ----------
    period : str
        A normalised period: ``2019``, ``2018/2019`` or ``2015Q3``.

    Returns
    -------
    int
        ``2019``, ``2019`` (end year of the school year) or ``2015``.

    Raises
    ------
    VoortgangError
        For ranges, months or anything else without a single year column.
    """
    if m := _YEAR.match(period):
        return int(m.group(1))
    if m := _SCHOOL.match(period):
        start, end = int(m.group(1)), int(m.group(2))
        if end != start + 1:
            raise VoortgangError(f"period {period!r}: a school year spans two consecutive years")
        return end
    if m := _QUARTER.match(period):
        return int(m.group(1))
    raise VoortgangError(f"period {period!r} has no single year column (expected 2019, 2018/2019 or 2015Q3)")


def period_label(period: str) -> str:
    """Dutch reading of a period for sentences: ``2015Q3 -> '2015 (3e kwartaal)'``."""
    if m := _QUARTER.match(period):
        return f"{m.group(1)} ({m.group(2)}e kwartaal)"
    return period
