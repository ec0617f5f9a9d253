"""The changes "In het kort" shows: per Kernindicatoren row its latest comparable change, the largest first.

The same rows, comparisons and judgements as the Kernindicatoren chapter
(:func:`analysis.measures.indicators.kern_rows`, :meth:`KernRow.comparable`,
:func:`analysis.measures.change.change_between` and :func:`~analysis.measures.change.judgement`):
the latest value after the last series break against the one before it. How large a
change is, is measured against the "vrijwel gelijk" band of ``params/analysis.yaml``
(procentpunt for percentages, % for counts), so both kinds can be ranked together.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.inputs.analysis_settings import ChangeWords
from analysis.inputs.periods import MARKER_OF_STATUS
from analysis.measures.change import Change, change_between, judgement
from analysis.measures.indicators import KernRow


@dataclass(frozen=True)
class KeyChange:
    """The latest change of one Kernindicatoren row.

    Attributes
    ----------
    row : KernRow
        The row.
    before, latest : tuple of (str, float)
        Period (as published) and value of the two figures compared.
    change : Change
        The change between them.
    provisional : bool
        Whether the latest figure is provisional (``voorlopig``, ``nader voorlopig``).
    judgement : {"gunstig", "ongunstig", "neutraal"}
        Whether it moved in the indicator's desired direction.
    size : float
        ``|amount|`` divided by the "vrijwel gelijk" band of its kind (for ranking).
    """

    row: KernRow
    before: tuple[str, float]
    latest: tuple[str, float]
    change: Change
    provisional: bool
    judgement: str
    size: float


def key_changes(rows: list[KernRow], words: ChangeWords, n: int) -> list[KeyChange]:
    """The ``n`` largest latest changes of ``rows`` (rows with fewer than two comparable figures are left out).

    Ties keep the table order.
    """
    found: list[KeyChange] = []
    for row in rows:
        obs = row.comparable()
        if len(obs) < 2:
            continue
        (y0, v0), (y1, v1) = obs[-2], obs[-1]
        change = change_between(v0, v1, row.indicator.unit, words)
        band = words.stable_pp if change.kind == "pp" else words.stable_rel_pct
        found.append(KeyChange(
            row=row, before=(row.periods[y0], v0), latest=(row.periods[y1], v1), change=change,
            provisional=bool(MARKER_OF_STATUS.get(row.statuses.get(y1, ""), "")),
            judgement=judgement(change, row.indicator.direction),
            size=abs(change.amount) / band if band else abs(change.amount),
        ))
    return sorted(found, key=lambda k: -k.size)[:n]
