"""Periods of published figures: their forms, their place in time, and CBS's notations.

One spelling across the project (published tables, StatLine rows, editions):

========================  ===============  ==============================================
form                      kind             meaning
========================  ===============  ==============================================
``2019``                  ``year``         calendar year
``2019-H1``               ``half_year``    first half-year (CBS ``2019HJ01``, ``2019HJ1``)
``2015Q3``                ``quarter``      third quarter (CBS ``2015KW03``)
``2018/2019``             ``school_year``  school year (August to July)
``2016-2019``             ``range``        a change from the first to the last year, or a
                                           figure covering the range
``2020-05``               ``month``        a month
``2022-01-01``            ``date``         a reference date (peildatum): a stock on that day
``2019-05/2019-08``       ``month_span``   a span of months
``2016|2017``             ``one_of_years`` one of these years (the source does not say which)
========================  ===============  ==============================================

A CBS status marker glued to a period as CBS prints it (``2019*`` voorlopig,
``2022HJ1**`` nader voorlopig) is split off by :func:`parse_cbs_period`; our
tables keep the status in a column of its own.

:func:`period_position` puts every period on one time axis (fractional years,
the middle of the period), so annual and half-year points can be ordered and
drawn in one chart.
"""

from __future__ import annotations

import re
from datetime import date

from analysis.config import STATUSES
from analysis.errors import VoortgangError

#: Period forms, by kind (see the module docstring).
PERIOD_PATTERNS: dict[str, re.Pattern[str]] = {
    "year": re.compile(r"^(\d{4})$"),
    "half_year": re.compile(r"^(\d{4})-H([12])$"),
    "school_year": re.compile(r"^(\d{4})/(\d{4})$"),
    "quarter": re.compile(r"^(\d{4})Q([1-4])$"),
    "range": re.compile(r"^(\d{4})-(\d{4})$"),
    "month": re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
    "date": re.compile(r"^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"),
    "month_span": re.compile(r"^(\d{4})-(0[1-9]|1[0-2])/(\d{4})-(0[1-9]|1[0-2])$"),
    "one_of_years": re.compile(r"^(\d{4})(?:\|\d{4})+$"),
}

#: Period kinds allowed for each registry ``period_type`` (``other`` allows all).
PERIOD_KINDS_BY_TYPE: dict[str, frozenset[str]] = {
    "year": frozenset({"year", "one_of_years"}),
    "half_year": frozenset({"half_year"}),
    "school_year": frozenset({"school_year"}),
    "quarter": frozenset({"quarter"}),
    "range": frozenset({"range"}),
    "month": frozenset({"month"}),
    "date": frozenset({"date"}),
    "other": frozenset(PERIOD_PATTERNS),
}

#: CBS status markers as printed after a period: ``*`` voorlopig, ``**`` nader voorlopig.
STATUS_MARKERS: dict[str, str] = {"**": "nader voorlopig", "*": "voorlopig"}
#: The marker of each status (CBS convention); ``definitief`` and unstated carry none.
MARKER_OF_STATUS: dict[str, str] = {status: marker for marker, status in STATUS_MARKERS.items()}
assert set(MARKER_OF_STATUS) < set(STATUSES)

_CBS_HALF = re.compile(r"^(\d{4})\s*HJ\s*0?([12])$", re.IGNORECASE)
_CBS_QUARTER = re.compile(r"^(\d{4})\s*KW\s*0?([1-4])$", re.IGNORECASE)
_CBS_YEAR = re.compile(r"^(\d{4})\s*JJ\s*00$", re.IGNORECASE)
#: Longest printed period we try to read (the message never quotes more).
_MAX_SHOWN = 40


def period_kind(period: str) -> str | None:
    """The kind of a normalised period, or ``None`` when it is not one.

    Parameters
    ----------
    period : str
        E.g. ``"2019"``, ``"2019-H1"``, ``"2018/2019"``, ``"2015Q3"``, ``"2016-2019"``.

    Returns
    -------
    str or None
        A key of :data:`PERIOD_PATTERNS`. A school year must span two
        consecutive years, a range and a month span must run forward, a date
        must exist and the years of ``one_of_years`` must be sorted and distinct.
    """
    for kind, pattern in PERIOD_PATTERNS.items():
        m = pattern.match(period)
        if not m:
            continue
        if kind == "school_year" and int(m.group(2)) != int(m.group(1)) + 1:
            return None
        if kind == "range" and int(m.group(1)) >= int(m.group(2)):
            return None
        if kind == "month_span" and period.split("/")[0] >= period.split("/")[1]:
            return None
        if kind == "date":
            try:
                date.fromisoformat(period)
            except ValueError:
                return None
        if kind == "one_of_years":
            years = period.split("|")
            if years != sorted(set(years)):
                return None
        return kind
    return None


def period_position(period: str) -> float:
    """The middle of a period on a time axis in fractional years.

    ``2019 -> 2019.5``, ``2019-H1 -> 2019.25``, ``2019-H2 -> 2019.75``,
    ``2015Q3 -> 2015.625``, ``2018/2019 -> 2019.125`` (August to July),
    ``2016-2019 -> 2018.0`` (the middle of 2016-01-01 to 2019-12-31),
    ``2020-05 -> 2020.375``, ``2022-01-01 -> 2022.0`` (a day is a point).

    Raises
    ------
    VoortgangError
        Not a normalised period.
    """
    kind = period_kind(period)
    if kind is None:
        raise VoortgangError(f"period {shorten(period)!r} is not a normalised period (e.g. 2019, 2019-H1, 2015Q3)")
    m = PERIOD_PATTERNS[kind].match(period)
    assert m is not None
    year = int(m.group(1))
    if kind == "year":
        return year + 0.5
    if kind == "half_year":
        return year + (0.25 if m.group(2) == "1" else 0.75)
    if kind == "quarter":
        return year + (int(m.group(2)) - 0.5) / 4
    if kind == "school_year":
        return year + 7 / 12 + 0.5  # 1 August to 31 July
    if kind == "range":
        return (year + int(m.group(2)) + 1) / 2
    if kind == "month":
        return year + (int(m.group(2)) - 0.5) / 12
    if kind == "date":
        day = date.fromisoformat(period)
        return year + (day.timetuple().tm_yday - 1) / (366 if _leap(year) else 365)
    if kind == "month_span":
        start = year + (int(m.group(2)) - 1) / 12
        end = int(m.group(3)) + int(m.group(4)) / 12
        return (start + end) / 2
    years = [int(y) for y in period.split("|")]
    return (years[0] + years[-1] + 1) / 2


def period_start(period: str) -> float:
    """Where a period begins on the axis of :func:`period_position` (fractional years).

    ``2021 -> 2021.0``, ``2021-H2 -> 2021.5``, ``2015Q3 -> 2015.5``, ``2018/2019 -> 2018 + 7/12``;
    a date is a point: its start is its position.
    """
    kind = period_kind(period)
    m = PERIOD_PATTERNS[kind].match(period) if kind else None
    if m is None:
        return period_position(period)  # raises the message for a period that does not parse
    year = int(m.group(1))
    if kind == "half_year":
        return year + (int(m.group(2)) - 1) / 2
    if kind == "quarter":
        return year + (int(m.group(2)) - 1) / 4
    if kind == "school_year":
        return year + 7 / 12
    if kind in {"month", "month_span"}:
        return year + (int(m.group(2)) - 1) / 12
    if kind == "date":
        return period_position(period)
    return float(year)  # year, range, one_of_years


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def sort_periods(periods: list[str]) -> list[str]:
    """Periods in time order (:func:`period_position`), ties by spelling; repeats kept."""
    return sorted(periods, key=lambda p: (period_position(p), p))


def from_statline(year: int, kind: str, number: int) -> str:
    """Our spelling of a StatLine period (``2023, 'HJ', 1 -> '2023-H1'``).

    Parameters
    ----------
    year : int
    kind : {"JJ", "HJ", "KW", "MM"}
        StatLine's period kinds: year, half-year, quarter, month.
    number : int
        0 for a year, else the half-year, quarter or month number.
    """
    if kind == "JJ":
        return f"{year}"
    if kind == "HJ":
        return f"{year}-H{number}"
    if kind == "KW":
        return f"{year}Q{number}"
    if kind == "MM":
        return f"{year}-{number:02d}"
    raise VoortgangError(f"StatLine period kind {kind!r} is not one of JJ, HJ, KW, MM")


def to_statline(period: str) -> str:
    """The StatLine period key of one of our periods (``'2023-H1' -> '2023HJ01'``).

    Raises
    ------
    VoortgangError
        A period StatLine has no key for (school years, ranges, dates).
    """
    kind = period_kind(period)
    m = PERIOD_PATTERNS[kind].match(period) if kind else None
    if m is None or kind not in {"year", "half_year", "quarter", "month"}:
        raise VoortgangError(
            f"period {shorten(period)!r} has no StatLine key (only years, half-years, quarters, months)"
        )
    year = m.group(1)
    code = {"year": "JJ", "half_year": "HJ", "quarter": "KW", "month": "MM"}[kind]
    number = 0 if kind == "year" else int(m.group(2))
    return f"{year}{code}{number:02d}"


def parse_cbs_period(text: str) -> tuple[str, str]:
    """A period as CBS prints it, into our spelling and a status.

    ``'2019*' -> ('2019', 'voorlopig')``, ``'2022HJ1**' -> ('2022-H1', 'nader
    voorlopig')``, ``'2023HJ01' -> ('2023-H1', '')``, ``'2015KW3' -> ('2015Q3', '')``,
    ``'2022-01-01' -> ('2022-01-01', '')``. Without a marker the status is ``''``
    (the printed period does not say; a source may say so elsewhere).

    Raises
    ------
    VoortgangError
        When what is left after the marker is not a period (the message quotes
        at most the first 40 characters).
    """
    stripped = text.strip()
    status = ""
    for marker, name in STATUS_MARKERS.items():  # "**" before "*"
        if stripped.endswith(marker):
            stripped, status = stripped[: -len(marker)].rstrip(), name
            break
    if m := _CBS_HALF.match(stripped):
        return f"{m.group(1)}-H{m.group(2)}", status
    if m := _CBS_QUARTER.match(stripped):
        return f"{m.group(1)}Q{m.group(2)}", status
    if m := _CBS_YEAR.match(stripped):
        return m.group(1), status
    if period_kind(stripped) is None:
        raise VoortgangError(
            f"period {shorten(text)!r} does not parse (e.g. 2019, 2019*, 2021HJ1, 2022HJ1**, 2022-01-01)"
        )
    return stripped, status


def shorten(text: str, limit: int = _MAX_SHOWN) -> str:
    """``text`` cut to ``limit`` characters with ``…`` (messages never quote a whole long value)."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
