"""Executed notebook -> pandoc markdown with extracted figures (nbconvert).

Which cells and outputs reach the report (Quarto ``echo: false`` semantics):

======================================  =========================================
cell / output                           in the report
======================================  =========================================
tag ``parameters``, ``injected-parameters``, ``remove-cell``   nothing
code cell                               its outputs only
code cell tagged ``show-code``          code and outputs
tag ``remove-input``                    outputs only (also markdown cells: gone)
tag ``remove-output``                   code (if shown) but no outputs
``stream`` (stdout, stderr), ``error``,
outputs with only ``text/plain``        dropped, unless the cell is tagged
                                        ``show-output`` (stderr: always dropped)
``text/markdown``                       as markdown
``text/html`` (``df.to_html``, Styler)  parsed into pandoc blocks (tables) by
                                        ``html_blocks.lua``
``image/png``/``jpeg``/``svg+xml``      extracted file; alt text from the output
                                        metadata ``{"image/png": {"alt": ...}}``,
                                        else ``text/plain``; none -> error
======================================  =========================================
"""

from __future__ import annotations

from typing import Any

import nbformat
from nbconvert.exporters import MarkdownExporter
from nbconvert.preprocessors import (
    ExtractOutputPreprocessor,
    Preprocessor,
    TagRemovePreprocessor,
)
from traitlets.config import Config

from analysis.config import TEMPLATES_DIR
from analysis.errors import VoortgangError
from analysis.pipeline.render.project import (
    REMOVE_CELL_TAGS,
    REMOVE_INPUT_TAG,
    REMOVE_OUTPUT_TAG,
    SHOW_CODE_TAG,
    SHOW_OUTPUT_TAG,
)
from analysis.present.safety import plain_text

IMAGE_TYPES: tuple[str, ...] = ("image/png", "image/jpeg", "image/svg+xml")
#: Which representation of an output is used, best first.
DISPLAY_PRIORITY: list[str] = [
    "text/markdown",
    "text/html",
    "image/png",
    "image/jpeg",
    "image/svg+xml",
    "text/plain",
]
TEMPLATE_NAME = "voortgang_markdown"
#: Cell metadata key holding the cell's 1-based position in the notebook as
#: saved (the preprocessors see positions after removed cells are gone).
POSITION_KEY = "voortgang_position"

def md_escape(text: str) -> str:
    """Text for use inside markdown brackets (image alt text, part titles), one line, no markup.

    The one sanitiser of plain text (:func:`analysis.present.safety.plain_text`).
    """
    return plain_text(text)


def _alt_text(output: Any, mime: str) -> str:
    meta = output.get("metadata", {}).get(mime, {})
    alt = meta.get("alt", "") if isinstance(meta, dict) else ""
    if not str(alt).strip():
        alt = output.get("data", {}).get("text/plain", "")
        alt = "".join(alt) if isinstance(alt, list) else alt
    return " ".join(str(alt).split())


class ReportCellsPreprocessor(Preprocessor):
    """Hide code and console output as the report needs (see the module table).

    nbconvert has ``TagRemovePreprocessor`` for removing by tag, but nothing for
    the opposite (hide every input *unless* tagged ``show-code``) nor for
    dropping console streams, so this small preprocessor does those. It also
    puts the alt text of each figure where the template reads it.
    """

    chapter = ""

    def preprocess_cell(self, cell, resources, index):  # noqa: D102 (nbconvert API)
        tags = set(cell.get("metadata", {}).get("tags", []))
        if cell.cell_type != "code":
            return cell, resources
        if SHOW_CODE_TAG not in tags:
            cell.metadata["transient"] = {"remove_source": True}
        else:
            # Leading Quarto cell options (``#| echo: true``) are instructions, not code.
            lines = cell.source.splitlines()
            while lines and lines[0].startswith("#|"):
                lines.pop(0)
            cell.source = "\n".join(lines)
        show_output = SHOW_OUTPUT_TAG in tags
        kept = []
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "stream":
                if show_output and output.get("name") == "stdout":
                    kept.append(output)
                continue
            if kind == "error":
                if show_output:
                    kept.append(output)
                continue
            data = output.get("data", {})
            if set(data) <= {"text/plain"} and not show_output:
                continue
            for mime in IMAGE_TYPES:
                if mime in data and not any(m in data for m in DISPLAY_PRIORITY[:2]):
                    alt = _alt_text(output, mime)
                    if not alt:
                        where = cell.metadata.get(POSITION_KEY, index)
                        raise VoortgangError(
                            f"{self.chapter}: cell {where}: figure ({mime}) without alt text; "
                            f'give the output metadata {{"{mime}": {{"alt": "..."}}}}'
                        )
                    meta = output.setdefault("metadata", {})
                    if not isinstance(meta.get(mime), dict):
                        meta[mime] = {}
                    meta[mime]["alt"] = alt
            kept.append(output)
        cell.outputs = kept
        return cell, resources


def _exporter(chapter: str) -> MarkdownExporter:
    config = Config(
        {
            "NbConvertBase": {"display_data_priority": DISPLAY_PRIORITY},
            # Registered below in a fixed order instead.
            "ExtractOutputPreprocessor": {"enabled": False},
        }
    )
    exporter = MarkdownExporter(
        config=config,
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES_DIR / "nbconvert")],
    )
    exporter.register_filter("md_escape", md_escape)
    exporter.register_preprocessor(
        TagRemovePreprocessor(
            remove_cell_tags=set(REMOVE_CELL_TAGS),
            remove_input_tags={REMOVE_INPUT_TAG},
            remove_all_outputs_tags={REMOVE_OUTPUT_TAG},
        ),
        enabled=True,
    )
    cells = ReportCellsPreprocessor()
    cells.chapter = chapter
    exporter.register_preprocessor(cells, enabled=True)
    exporter.register_preprocessor(ExtractOutputPreprocessor(), enabled=True)
    return exporter


def notebook_to_markdown(nb: nbformat.NotebookNode, key: str, chapter: str) -> tuple[str, dict[str, bytes]]:
    """Convert an executed notebook to pandoc markdown and its figure files.

    Parameters
    ----------
    nb : NotebookNode
        The executed notebook (not modified).
    key : str
        Unique, file-name-safe chapter key; figures are named
        ``<key>_files/<key>_<cell>_<output>.<ext>``.
    chapter : str
        Chapter name used in error messages (the notebook's file name).

    Returns
    -------
    markdown : str
    figures : dict of str to bytes
        Relative file name (as referenced in ``markdown``) to file content.

    Raises
    ------
    VoortgangError
        A figure has no alt text (the message names the chapter and cell).
    """
    exporter = _exporter(chapter)
    nb = nbformat.from_dict(nb)  # a copy: the caller's notebook is not changed
    for position, cell in enumerate(nb.cells, start=1):
        cell.metadata[POSITION_KEY] = position
    resources = {"unique_key": key, "output_files_dir": f"{key}_files"}
    markdown, resources = exporter.from_notebook_node(nb, resources=resources)
    return markdown, dict(resources.get("outputs", {}))
