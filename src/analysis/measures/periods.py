"""Which calendar-year column a published period belongs to.

Year-column tables such as the Kernindicatoren put a school year under the
calendar year in which it *ends* (``2015/2016`` under 2016) and a quarter under
its own year (the footnote :data:`analysis.present.wording.COLUMN_RULE` says
so). The period forms themselves are defined once, in
:data:`analysis.inputs.periods.PERIOD_PATTERNS`.
"""

from __future__ import annotations

from analysis.errors import VoortgangError
from analysis.inputs.periods import PERIOD_PATTERNS

YEAR = PERIOD_PATTERNS["year"]
SCHOOL_YEAR = PERIOD_PATTERNS["school_year"]
QUARTER = PERIOD_PATTERNS["quarter"]


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
    if m := YEAR.match(period):
        return int(m.group(1))
    if m := SCHOOL_YEAR.match(period):
        start, end = int(m.group(1)), int(m.group(2))
        if end != start + 1:
            raise VoortgangError(f"period {period!r}: a school year spans two consecutive years")
        return end
    if m := QUARTER.match(period):
        return int(m.group(1))
    raise VoortgangError(f"period {period!r} has no single year column (expected 2019, 2018/2019 or 2015Q3)")
