"""Where the figures come from, in Dutch: the sources of an edition and the choices between them.

For the appendix (a table of sources, a table of conflicts with the value chosen
and why) and for the build log (one line per conflict). The sources and
conflicts themselves come from :func:`analysis.inputs.figures.load_edition_figures`.
"""

from __future__ import annotations

import pandas as pd

from analysis.inputs.analysis_settings import FigureRules
from analysis.inputs.sources import Source
from analysis.present.numbers import format_value, with_marker
from analysis.present.wording import join_dutch, period_label

#: Why a value was chosen, by the rule that decided (``params/analysis.yaml``, ``figures.precedence``).
RULE_TEXT: dict[str, str] = {
    "value": "een leesbaar cijfer gaat voor een onleesbaar",
    "status": "een definitiever cijfer gaat voor een voorlopiger",
    "precision": "een exact cijfer gaat voor een in woorden afgerond cijfer",
    "publication": "de latere publicatie gaat voor",
    "edition_order": "de later in de editie genoemde bron gaat voor",
}
#: What kind of difference it was.
KIND_TEXT: dict[str, str] = {
    "afronding": "alleen afronding",
    "status": "alleen de status",
    "verschil": "ander cijfer",
}


def precedence_text(rules: FigureRules) -> str:
    """The precedence rule in Dutch, in the order of ``params/analysis.yaml``."""
    steps = [RULE_TEXT["value"], *(RULE_TEXT[r] for r in rules.precedence), RULE_TEXT["edition_order"]]
    return join_dutch(steps)


def _value(row: pd.Series, prefix: str) -> str:
    return with_marker(format_value(row[f"{prefix}value"], row["unit"]), str(row[f"{prefix}status"]))


def sources_table(sources: dict[str, Source]) -> pd.DataFrame:
    """The publications the figures come from: Bron, Uitgever, Gepubliceerd, Vindplaats (index: id)."""
    rows = {
        s.id: {"Bron": s.titel, "Uitgever": s.uitgever, "Gepubliceerd": s.gepubliceerd,
               "Vindplaats": s.url or s.document or ""}
        for s in sources.values()
    }
    table = pd.DataFrame.from_dict(rows, orient="index", columns=["Bron", "Uitgever", "Gepubliceerd", "Vindplaats"])
    table.index.name = "Id"
    return table


def conflicts_table(conflicts: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """One row per conflict: indicator, breakdown, period, the value chosen (and its source), the other, why."""
    rows = []
    for _, row in conflicts.iterrows():
        rows.append({
            "Indicator": labels.get(row["indicator_id"], row["indicator_id"]),
            "Uitsplitsing": row["breakdown"],
            "Periode": period_label(row["period"]),
            "Gekozen": f"{_value(row, '')} ({row['source']})",
            "Andere bron": f"{_value(row, 'other_')} ({row['other_source']})",
            "Verschil": KIND_TEXT[row["kind"]],
            "Waarom": RULE_TEXT[row["rule"]],
        })
    table = pd.DataFrame(rows, columns=["Indicator", "Uitsplitsing", "Periode", "Gekozen", "Andere bron", "Verschil",
                                        "Waarom"])
    return table.set_index("Indicator")


def conflict_lines(conflicts: pd.DataFrame) -> list[str]:
    """One Dutch line per conflict for the build log."""
    return [
        f"bronnen verschillen: {row['indicator_id']} / {row['breakdown']} / {row['period']}: "
        f"{_value(row, '')} ({row['source']}) gekozen boven {_value(row, 'other_')} ({row['other_source']}): "
        f"{RULE_TEXT[row['rule']]}"
        for _, row in conflicts.iterrows()
    ]
