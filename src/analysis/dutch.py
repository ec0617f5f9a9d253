"""Dutch number formatting and generated sentences for the reports.

Conventions (as in the voortgangsrapportages and CBS publications):

- thousands separator ``.``, decimal comma: ``4.194``, ``10,1%``;
- rounding is half away from zero (``2,5 -> 3``), as a reader rounds by hand;
  Python's :func:`round` rounds half to even and is not used for display;
- a *percentage* (unit ``percent``) is printed with ``%``; a difference between
  two percentages is in *procentpunt* (percentage points, ``pp``); a *relative*
  change is in ``%``. The two are never mixed: :func:`describe_change` picks the
  right one from the unit of the indicator, and the function names say which is
  which (:func:`format_pp` versus :func:`format_change_pct`).
- missing values print as ``.`` (the CBS symbol for "gegevens ontbreken").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from analysis.config import MISSING_SYMBOL, STABLE_PP, STABLE_REL_PCT
from analysis.registry import Direction, Unit


def _is_missing(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def round_half_away(x: float, decimals: int = 0) -> Decimal:
    """Round ``x`` half away from zero to ``decimals`` places.

    Parameters
    ----------
    x : float
        Value to round. Converted through ``repr`` so that ``10.15`` rounds as
        written, not as its binary approximation.
    decimals : int
        Number of decimals, >= 0.

    Returns
    -------
    decimal.Decimal
        The rounded value.
    """
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(repr(float(x))).quantize(quantum, rounding=ROUND_HALF_UP)


def decimals_of(x: float) -> int:
    """Number of decimals needed to print ``x`` as published (0 to 3).

    ``11.6 -> 1``, ``4194.0 -> 0``, ``0.125 -> 3``. Values are read from CSV
    files as published, so their shortest ``repr`` is the published precision
    (a trailing zero such as ``4,0`` cannot be recovered and prints as ``4``).
    """
    if _is_missing(x):
        return 0
    text = repr(float(x))
    if "e" in text or "." not in text:
        return 0
    frac = text.split(".")[1].rstrip("0")
    return min(len(frac), 3)


def format_number(x: float | None, decimals: int = 0) -> str:
    """Format a number the Dutch way: ``4194 -> '4.194'``, ``10.1 -> '10,1'``.

    Parameters
    ----------
    x : float or None
        The number; ``None``/NaN gives ``'.'``.
    decimals : int
        Decimals to show (rounded half away from zero).
    """
    if _is_missing(x):
        return MISSING_SYMBOL
    d = round_half_away(x, decimals)
    if d == 0:
        d = abs(d)  # no "-0"
    text = f"{d:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_percent(x: float | None, decimals: int = 0) -> str:
    """Format a percentage (value in percent, 0-100): ``10.1 -> '10,1%'``."""
    if _is_missing(x):
        return MISSING_SYMBOL
    return f"{format_number(x, decimals)}%"


def format_pp(x: float, decimals: int = 0) -> str:
    """Format a difference of two percentages in procentpunt: ``-7 -> '7 procentpunt'``.

    The sign is not printed: the sentence says *stijging* or *daling*.
    """
    return f"{format_number(abs(x), decimals)} procentpunt"


def format_change_pct(x: float, decimals: int = 0, signed: bool = True) -> str:
    """Format a *relative* change in percent: ``77.48 -> '+77%'``, ``-18.25 -> '-18%'``.

    Parameters
    ----------
    x : float
        Relative change in percent (``(new / old - 1) * 100``).
    decimals : int
        Decimals to show.
    signed : bool
        Print ``+`` for increases (as the seed report does in "groei 2016-2019").
    """
    text = format_number(abs(x) if not signed else x, decimals)
    if signed and round_half_away(x, decimals) > 0:
        text = "+" + text
    return f"{text}%"


def format_value(x: float | None, unit: Unit, decimals: int | None = None) -> str:
    """Format a value in its unit (``percent -> '11,6%'``, ``count -> '4.194'``).

    Parameters
    ----------
    x : float or None
        The value; missing gives ``'.'``.
    unit : str
        One of the registry units.
    decimals : int, optional
        Decimals; by default the published precision of ``x`` (:func:`decimals_of`).
    """
    if _is_missing(x):
        return MISSING_SYMBOL
    d = decimals_of(x) if decimals is None else decimals
    if unit == "percent":
        return format_percent(x, d)
    if unit == "percentage_point":
        return f"{format_number(x, d)} procentpunt"
    if unit == "percent_change":
        return format_change_pct(x, d)
    if unit == "one_in_n":
        return f"1 op de {format_number(x, 0)}"
    if unit == "eur":
        return f"€ {format_number(x, d)}"
    if unit == "eur_million":
        return f"€ {format_number(x, d)} miljoen"
    return format_number(x, d)


@dataclass(frozen=True)
class Change:
    """A change between two values of one indicator, in the unit that fits.

    Attributes
    ----------
    kind : {"pp", "relative"}
        ``"pp"``: difference in procentpunt (for percentages);
        ``"relative"``: relative change in percent (for counts and amounts).
    amount : float
        The signed change (procentpunt or percent).
    decimals : int
        Decimals used when printing ``amount``.
    movement : {"stijging", "daling", "stabiel"}
        ``stabiel`` when ``abs(amount)`` is below the threshold of
        :data:`analysis.config.STABLE_PP` (pp) or :data:`analysis.config.STABLE_REL_PCT` (%).
    """

    kind: Literal["pp", "relative"]
    amount: float
    decimals: int
    movement: Literal["stijging", "daling", "stabiel"]

    def amount_text(self) -> str:
        """``'7 procentpunt'`` or ``'14%'`` (without sign)."""
        if self.kind == "pp":
            return format_pp(self.amount, self.decimals)
        return format_change_pct(abs(self.amount), self.decimals, signed=False)


def change_between(old: float, new: float, unit: Unit) -> Change:
    """Compute the change from ``old`` to ``new`` in the unit that fits.

    Percentages (unit ``percent``) change in procentpunt (``new - old``),
    everything else relatively (``(new / old - 1) * 100`` percent).

    Parameters
    ----------
    old, new : float
        Values in the indicator's unit.
    unit : str
        Unit of the indicator (registry vocabulary).

    Returns
    -------
    Change
    """
    if unit == "percent":
        dec = max(decimals_of(old), decimals_of(new))
        # Decimal arithmetic: 11.6 - 10.1 is 1.5, not 1.4999999999999982.
        amount = float(Decimal(repr(float(new))) - Decimal(repr(float(old))))
        stable = abs(amount) < STABLE_PP
        kind: Literal["pp", "relative"] = "pp"
    else:
        if old == 0:
            raise ValueError("relative change from 0 is undefined (argument 'old' is 0)")
        amount = (new / old - 1.0) * 100.0
        dec = 0 if abs(amount) >= 1 else 1
        stable = abs(amount) < STABLE_REL_PCT
        kind = "relative"
    if stable:
        movement: Literal["stijging", "daling", "stabiel"] = "stabiel"
    else:
        movement = "stijging" if amount > 0 else "daling"
    return Change(kind=kind, amount=amount, decimals=dec, movement=movement)


def judgement(change: Change, direction: Direction) -> Literal["gunstig", "ongunstig", "neutraal"]:
    """Is the movement in the desired direction of the indicator?

    ``neutral`` indicators and stable movements are ``"neutraal"``.
    """
    if direction == "neutral" or change.movement == "stabiel":
        return "neutraal"
    up = change.movement == "stijging"
    return "gunstig" if up == (direction == "higher_is_better") else "ongunstig"


def describe_change(
    old: float,
    new: float,
    old_period: str,
    new_period: str,
    unit: Unit,
) -> str:
    """Describe a change in one Dutch phrase.

    Examples (from the Kernindicatoren of the 4th voortgangsrapportage)::

        describe_change(34, 27, "2016", "2019", "percent")
        'van 34% in 2016 naar 27% in 2019, een daling van 7 procentpunt'
        describe_change(4194, 4790, "2015/2016", "2018/2019", "count")
        'van 4.194 in 2015/2016 naar 4.790 in 2018/2019, een stijging van 14%'

    A change below the stability threshold reads ``'..., vrijwel gelijk gebleven'``.
    """
    ch = change_between(old, new, unit)
    dec = max(decimals_of(old), decimals_of(new))
    start = f"van {format_value(old, unit, dec)} in {old_period} naar {format_value(new, unit, dec)} in {new_period}"
    if ch.movement == "stabiel":
        if ch.amount == 0:
            return f"{start}, gelijk gebleven"
        small = "stijging" if ch.amount > 0 else "daling"
        return f"{start}, vrijwel gelijk gebleven (een {small} van {ch.amount_text()})"
    return f"{start}, een {ch.movement} van {ch.amount_text()}"


def sentence_case(text: str) -> str:
    """First letter upper case, the rest as written: ``'cliënten ...' -> 'Cliënten ...'``.

    (:meth:`str.capitalize` would lower-case the rest, e.g. ``Zvw``, ``OTS``.)
    """
    return text[:1].upper() + text[1:]


def join_dutch(items: list[str]) -> str:
    """Join with commas and ``en``: ``['a', 'b', 'c'] -> 'a, b en c'``."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " en " + items[-1]
