"""The disclosure gate at build time: refuse an executed chapter that shows unprotected person-level figures."""

from __future__ import annotations

from pathlib import Path

import nbformat

from analysis.errors import BuildError
from analysis.inputs.editions import ChapterRun
from analysis.present.display import MARKER


def check_disclosure(notebook: Path, run: ChapterRun) -> None:
    """Refuse a chapter that reads person-level data and shows an unprotected table or figure.

    A chapter reads person-level data when it gets a ``microdata`` parameter.
    Then every table (``text/html``) and figure (``image/png``) output must carry
    the marker ``{"voortgang": {"protected": true}}`` that
    :mod:`analysis.present.display` sets only for a :class:`~analysis.disclosure.marking.ProtectedTable`.

    Raises
    ------
    BuildError
        Naming the chapter and the cell.
    """
    if "microdata" not in run.parameters:
        return
    nb = nbformat.read(notebook, as_version=4)
    for number, cell in enumerate(nb.cells, start=1):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if not ({"text/html", "image/png"} & set(data)):
                continue
            marker = output.get("metadata", {}).get(MARKER, {})
            if marker.get("protected") is not True:
                raise BuildError(
                    f"chapter {run.output_id!r} reads person-level data, but cell {number} shows a table or "
                    "figure that did not pass the disclosure gate (use analysis.disclosure.protect_* and "
                    "show_table/show_figure with the ProtectedTable); the report is not rendered"
                )
