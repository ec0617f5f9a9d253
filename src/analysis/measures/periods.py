"""Which calendar-year column a published period belongs to, and which segment of a broken series.

Year-column tables such as the Kernindicatoren put a school year under the
calendar year in which it *ends* (``2015/2016`` under 2016) and a quarter under
its own year (the footnote :data:`analysis.present.wording.COLUMN_RULE` says
so). The period forms themselves are defined once, in
:data:`analysis.inputs.periods.PERIOD_PATTERNS`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from analysis.errors import VoortgangError
from analysis.inputs.periods import PERIOD_PATTERNS, period_position, period_start

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


def last_break(periods: Sequence[str], breaks: Iterable[str]) -> str | None:
    """The last series break inside the observed periods, or ``None``.

    A break (the first period of a new segment) counts when it begins after the
    first observed period begins and no later than the last observed period.

    Parameters
    ----------
    periods : sequence of str
        Observed periods (any order).
    breaks : iterable of str
        The indicator's break periods (:attr:`analysis.inputs.registry.Indicator.break_periods`).
    """
    if not periods:
        return None
    first = min(period_start(p) for p in periods)
    final = max(period_position(p) for p in periods)
    inside = [b for b in breaks if first < period_start(b) <= final]
    return max(inside, key=period_start) if inside else None


def in_segment(period: str, brk: str | None) -> bool:
    """Whether ``period`` lies in the segment that starts at break ``brk`` (always, without a break)."""
    return brk is None or period_position(period) >= period_start(brk)


def segment_starts(periods: Sequence[str], breaks: Iterable[str]) -> list[str]:
    """The first observed period of each segment that a break starts, in time order.

    A chart marks a break between two observed periods: the first period in
    the new segment whose predecessor lies in the old one. A break before the
    first or after the last observed period marks nothing.
    """
    ordered = sorted(periods, key=period_position)
    out = []
    for brk in breaks:
        start = period_start(brk)
        for before, after in zip(ordered, ordered[1:], strict=False):
            if period_position(before) < start <= period_position(after):
                out.append(after)
                break
    return sorted(dict.fromkeys(out), key=period_position)
