"""TODO docstring."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from analysis.config import STABLE_PP, STABLE_REL_PCT
from analysis.inputs.registry import Direction, Unit
from analysis.present.numbers import decimals_of, format_change_pct, format_pp


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
