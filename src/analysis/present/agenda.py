"""The evaluatieagenda and the mijlpalen as Dutch tables.

The frames come from :mod:`analysis.measures.agenda`; here they get Dutch
headers, ``.`` for what is not (yet) known, and the "Wanneer" column as the
report prints it (the voortgangsrapportage, ``VGR n``, of an edition).
"""

from __future__ import annotations

import pandas as pd

from analysis.config import VGR_EDITIONS

#: The voortgangsrapportage (``VGR n``) of each edition that had one, for "Wanneer".
VGR_OF_EDITION: dict[str, str] = {edition: f"VGR {n}" for n, edition in VGR_EDITIONS.items()}


def vgr_label(edition: str) -> str:
    """``'2020-H1' -> 'VGR 4'``; an edition without a VGR number as it is written."""
    return VGR_OF_EDITION.get(edition, edition)


def questions_table(questions: pd.DataFrame) -> pd.DataFrame:
    """The knowledge questions of :func:`analysis.measures.agenda.agenda_frame` as a Dutch table.

    Columns Kennisvraag, Thema, Actielijn (or the Hervormingsagenda theme), Status
    and Prioriteit, indexed by Nr.; an unknown status or priority is ``.``.
    """
    table = questions.set_index("id").rename_axis("Nr.")
    table = table.assign(
        actielijn=table["actielijn"].fillna(table["hervormingsthema"]),
        status=table["status"].fillna("."),
        prioriteit=table["prioriteit"].map(lambda p: "." if p != p or p is None else str(int(p))),
    )[["vraag", "thema", "actielijn", "status", "prioriteit"]]
    table.columns = ["Kennisvraag", "Thema", "Actielijn", "Status", "Prioriteit"]
    return table


def mijlpalen_overview_table(overzicht: pd.DataFrame) -> pd.DataFrame:
    """The Mijlpalenoverzicht of :func:`analysis.measures.agenda.mijlpalen_frame` as a Dutch table."""
    return pd.DataFrame(
        {
            "Actielijn": overzicht["actielijnen"].to_numpy(),
            "Status": overzicht["status"].to_numpy(),
            "Wanneer": [vgr_label(e) for e in overzicht["editie"]],
        },
        index=pd.Index(overzicht["mijlpaal"].to_numpy(), name="Mijlpaal"),
    )


def bullet_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """A Bijlage 1 table with its newline-joined items as inline bullets, indexed by its first column."""
    items = frame.columns[1:]
    out = frame.copy()
    out[items] = out[items].map(lambda cell: " ".join(f"• {item}" for item in cell.split("\n")) if cell else "")
    return out.set_index(out.columns[0])
