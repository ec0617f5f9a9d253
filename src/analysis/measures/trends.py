"""Which trend test a series gets, chosen by what its data are, and what it says.

The voortgangsrapportages follow registrations of the whole population (every
young person with jeugdhulp), survey percentages without a published
denominator, and percentages of a known population. One test does not fit all
(``params/analysis.yaml`` and the methods appendix state the rule):

- **counts** (unit ``count``): quasi-Poisson, the year-to-year variation
  estimated from the series (:func:`analysis.stats.quasi_trend.quasi_poisson_trend`);
- **percentages with a known denominator** (the registry names the
  denominator series): quasi-binomial on the persons behind the percentage
  (:func:`analysis.stats.quasi_trend.quasi_binomial_trend`);
- **other series** (percentages without denominator, indices, ratios):
  Mann-Kendall (:func:`analysis.stats.trend.mann_kendall`), but only from the
  length at which it can reject at the report's significance
  (:func:`analysis.stats.trend.mann_kendall_min_points`: 5 points at 0,05);
- changes (``percent_change``, ``percentage_point``) are not series: no test.

Below the length a test needs, the statement is "too few points" with the
direction and size of the change (never "geen trend", which would read as a
finding). Only the segment after the last series break is tested.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.inputs.periods import period_position
from analysis.inputs.registry import Indicator
from analysis.measures.periods import in_segment, last_break
from analysis.stats.quasi_trend import MIN_POINTS_QUASI, quasi_binomial_trend, quasi_poisson_trend
from analysis.stats.trend import TE_WEINIG_MEETPUNTEN, mann_kendall, mann_kendall_min_points

#: Trend methods, by key (the words are in :mod:`analysis.present.findings`).
QUASI_POISSON = "quasipoisson"
QUASI_BINOMIAL = "quasibinomial"
MANN_KENDALL = "mann_kendall"
#: Units that are changes between two periods, not series to test.
CHANGE_UNITS = frozenset({"percent_change", "percentage_point"})


@dataclass(frozen=True)
class TrendStatement:
    """The trend test a series got (or why none), in numbers.

    Attributes
    ----------
    method : str or None
        :data:`QUASI_POISSON`, :data:`QUASI_BINOMIAL`, :data:`MANN_KENDALL`, or
        None for a change (no series to test).
    trend : str
        ``stijgend``, ``dalend``, ``geen trend`` (a test was done and did not
        reject) or ``te weinig meetpunten`` (no test could reject: too few points).
    p : float or None
        Two-sided p-value of the test, when one was done.
    n : int
        Points in the tested segment.
    needed : int
        Points the method needs to be able to reject.
    first, last : tuple of (str, float) or None
        First and last point of the tested segment (for "too few points": the
        change is described instead).
    break_at : str or None
        The series break the segment starts at, if any.
    """

    method: str | None
    trend: str
    p: float | None
    n: int
    needed: int
    first: tuple[str, float] | None
    last: tuple[str, float] | None
    break_at: str | None

    @property
    def tested(self) -> bool:
        """Whether a test was done (it could have rejected)."""
        return self.trend != TE_WEINIG_MEETPUNTEN and self.p is not None

    @property
    def significant(self) -> bool:
        """Whether the test found a rising or falling trend."""
        return self.trend in ("stijgend", "dalend")


def trend_method(unit: str, has_denominator: bool) -> str | None:
    """The trend method for a series in ``unit`` (see the module docstring)."""
    if unit in CHANGE_UNITS:
        return None
    if unit == "count":
        return QUASI_POISSON
    if unit == "percent" and has_denominator:
        return QUASI_BINOMIAL
    return MANN_KENDALL


def indicator_trend(
    indicator: Indicator,
    periods: Sequence[str],
    values: Sequence[float],
    significance: float,
    denominators: Sequence[float] | None = None,
) -> TrendStatement:
    """:func:`trend_statement` for a series of a registry indicator (its unit and breaks)."""
    return trend_statement(indicator.unit, indicator.break_periods, periods, values, significance, denominators)


def trend_statement(
    unit: str,
    breaks: Sequence[str],
    periods: Sequence[str],
    values: Sequence[float],
    significance: float,
    denominators: Sequence[float] | None = None,
) -> TrendStatement:
    """The trend test for one series, chosen by what its data are.

    Parameters
    ----------
    unit : str
        The series' unit (registry vocabulary).
    breaks : sequence of str
        The series breaks (first periods of new segments).
    periods, values : sequence
        The series (values in the indicator's unit; NaN missing).
    significance : float
        Two-sided level (``params/analysis.yaml``).
    denominators : sequence of float, optional
        The persons behind each percentage (a known denominator); NaN where unknown.

    Returns
    -------
    TrendStatement
    """
    points = [(p, float(v)) for p, v in zip(periods, values, strict=True) if not math.isnan(v)]
    denominator = dict(zip(periods, denominators, strict=True)) if denominators is not None else {}
    with_denominator = bool(denominator) and all(
        p in denominator and not math.isnan(denominator[p]) for p, _ in points)
    method = trend_method(unit, with_denominator)
    brk = last_break([p for p, _ in points], breaks)
    segment = sorted((pt for pt in points if in_segment(pt[0], brk)), key=lambda pt: period_position(pt[0]))
    first, last = (segment[0], segment[-1]) if segment else (None, None)
    needed = {QUASI_POISSON: MIN_POINTS_QUASI, QUASI_BINOMIAL: MIN_POINTS_QUASI,
              MANN_KENDALL: mann_kendall_min_points(significance)}.get(method, 0)
    common = dict(method=method, n=len(segment), needed=needed, first=first, last=last, break_at=brk)
    if method is None or len(segment) < needed:
        return TrendStatement(trend=TE_WEINIG_MEETPUNTEN, p=None, **common)
    t = [period_position(p) for p, _ in segment]
    y = [v for _, v in segment]
    if method == QUASI_POISSON:
        result = quasi_poisson_trend(y, t, significance=significance)
    elif method == QUASI_BINOMIAL:
        totals = [denominator[p] for p, _ in segment]
        result = quasi_binomial_trend([round(v / 100 * n) for v, n in zip(y, totals, strict=True)], totals, t,
                                      significance=significance)
    else:
        result = mann_kendall(y, t, significance=significance)
    return TrendStatement(trend=result.trend, p=result.p, **common)

