"""The change between two values of one indicator, in the unit that fits.

Percentages change in procentpunt (``new - old``), everything else relatively
(``(new / old - 1) * 100`` percent). Whether a change counts as a rise, a fall
or "stabiel" depends on the bands of ``params/analysis.yaml``
(:class:`~analysis.inputs.analysis_settings.ChangeWords`); whether it is in
the desired direction on the indicator's ``direction`` in the registry. The
Dutch words for a change are in :mod:`analysis.present.wording`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from analysis.inputs.analysis_settings import ChangeWords
from analysis.inputs.published import decimals_of
from analysis.inputs.registry import Direction, Unit


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
        ``stabiel`` when ``abs(amount)`` is below ``stable_pp`` (pp) or
        ``stable_rel_pct`` (%) of :class:`~analysis.inputs.analysis_settings.ChangeWords`.
    """

    kind: Literal["pp", "relative"]
    amount: float
    decimals: int
    movement: Literal["stijging", "daling", "stabiel"]


def change_between(old: float, new: float, unit: Unit, words: ChangeWords) -> Change:
    """Compute the change from ``old`` to ``new`` in the unit that fits.

    Percentages (unit ``percent``) change in procentpunt (``new - old``),
    everything else relatively (``(new / old - 1) * 100`` percent).

    Parameters
    ----------
    old, new : float
        Values in the indicator's unit.
    unit : str
        Unit of the indicator (registry vocabulary).
    words : ChangeWords
        The bands of ``params/analysis.yaml`` (only the ``stable_*`` ones are used here).

    Returns
    -------
    Change
    """
    if unit == "percent":
        dec = max(decimals_of(old), decimals_of(new))
        # Decimal arithmetic: 11.6 - 10.1 is 1.5, not 1.4999999999999982.
        amount = float(Decimal(repr(float(new))) - Decimal(repr(float(old))))
        stable = abs(amount) < words.stable_pp
        kind: Literal["pp", "relative"] = "pp"
    else:
        if old == 0:
            raise ValueError("relative change from 0 is undefined (argument 'old' is 0)")
        amount = (new / old - 1.0) * 100.0
        dec = 0 if abs(amount) >= 1 else 1
        stable = abs(amount) < words.stable_rel_pct
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
