"""TODO docstring."""

from __future__ import annotations

import re

from analysis.errors import VoortgangError

_YEAR = re.compile(r"^(\d{4})$")
_SCHOOL = re.compile(r"^(\d{4})/(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


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
