"""The Quarto book project of an edition, and the Quarto render path.

The generated ``reports/<edition>/_quarto.yml`` is the single description of
the report (title, language, chapters, formats) for both renderers. It is the
repository's ``_quarto.yml`` (project-wide settings) plus what the edition
says, and the Quarto version it needs (:data:`QUARTO_REQUIRED`). Quarto cannot
be installed on the project's own machines, so :func:`render_quarto` runs only
where ``quarto`` is on ``PATH``; otherwise the build uses
:mod:`analysis.pipeline.render.offline`.

The executed notebooks in the project get what Quarto reads from cells rather
than from outputs: the chapter title as a markdown cell
(:func:`title_as_markdown`: Quarto names a book chapter after the first heading
of its markdown, and a chapter's ``build()`` displays its title as output) and
``#| echo: true`` for ``show-code`` cells (:func:`add_quarto_cell_options`).
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from analysis.config import QUARTO_TEMPLATE
from analysis.errors import VoortgangError
from analysis.inputs.editions import check_formats
from analysis.inputs.notebooks import joined_text
from analysis.inputs.yamlio import read_yaml
from analysis.pipeline.render.project import QUARTO_FORMAT_KEY, REMOVE_CELL_TAGS, REMOVE_OUTPUT_TAG, SHOW_CODE_TAG

if TYPE_CHECKING:
    import nbformat

#: First chapter of every edition (Quarto books need an index page).
INDEX_CHAPTER = "index.qmd"
#: Subfolder of the project holding the executed notebooks.
NOTEBOOK_SUBDIR = "notebooks"
#: The Quarto versions that render the generated project: Typst output of a
#: *book* project exists from Quarto 1.9 on (its changelog: "Add support for
#: Typst book projects"). ``quarto-required`` is a document option of Quarto's
#: schema (``src/resources/schema/document-options.yml``, a semver range); in
#: ``_quarto.yml`` it holds for the whole project, and an older Quarto stops
#: with "Quarto version ... does not satisfy version constraint".
QUARTO_REQUIRED = ">=1.9"


def output_stem(edition: str) -> str:
    """File stem of the DOCX/PDF outputs: ``voortgangsrapportage-2020-H1``."""
    return f"voortgangsrapportage-{edition}"


def load_template(path: Path = QUARTO_TEMPLATE) -> dict[str, Any]:
    """Read the project-wide Quarto settings (the repository's ``_quarto.yml``)."""
    data = read_yaml(path)
    if not isinstance(data, dict) or "book" not in data or "format" not in data:
        raise VoortgangError(f"{path}: expected keys 'book' and 'format' in the Quarto template")
    return data


#: Heading of the notice under the title (:func:`quarto_config`).
NOTICE_TITLE = "Let op"


def quarto_config(
    template: dict[str, Any],
    *,
    edition: str,
    title: str,
    subtitle: str,
    date: str,
    author: str,
    chapters: list[str],
    formats: list[str],
    notice: str = "",
    keywords: Sequence[str] = (),
) -> dict[str, Any]:
    """The edition's Quarto book configuration (pure).

    Parameters
    ----------
    template : dict
        Project-wide settings (:func:`load_template`).
    edition, title, subtitle, date, author : str
        From the edition parameters; ``date`` is ``YYYY-MM``.
    chapters : list of str
        Chapter files relative to the project directory, in order; the first
        must be :data:`INDEX_CHAPTER`.
    formats : list of str
        Requested formats among ``html``, ``docx``, ``pdf`` (``pdf`` is Quarto's
        ``typst`` format).
    notice : str
        What a reader must know before quoting a figure (the chapters with
        synthetic data), or empty: shown under the title as an abstract headed
        :data:`NOTICE_TITLE` and written as the document subject and
        description (Quarto's ``abstract``, ``subject``, ``description``,
        ``description-meta``).
    keywords : sequence of str
        Document keywords (Quarto's ``keywords``).

    Returns
    -------
    dict
        The configuration to write as ``_quarto.yml``.
    """
    if not chapters or chapters[0] != INDEX_CHAPTER:
        raise ValueError(f"argument 'chapters' must start with {INDEX_CHAPTER!r}")
    config = copy.deepcopy(template)
    config["quarto-required"] = QUARTO_REQUIRED
    config["book"] = {
        **config.get("book", {}),
        "title": title,
        "subtitle": subtitle,
        "date": date,
        "author": author,
        "output-file": output_stem(edition),
        "chapters": list(chapters),
    }
    if notice:
        config.update({"abstract": notice, "abstract-title": NOTICE_TITLE, "subject": notice,
                       "description": notice, "description-meta": notice})
    if keywords:
        config["keywords"] = list(keywords)
    config["format"] = {
        QUARTO_FORMAT_KEY[f]: config["format"].get(QUARTO_FORMAT_KEY[f], {})
        for f in check_formats(formats, "--formats")
    }
    return config


#: Quarto's cell option with the same meaning (Quarto reads ``#|`` lines, not tags).
QUARTO_ECHO_OPTION = "#| echo: true"


def add_quarto_cell_options(nb: nbformat.NotebookNode) -> bool:
    """Give every code cell tagged ``show-code`` Quarto's ``#| echo: true`` option.

    The project-wide ``echo: false`` hides all code; Quarto keeps a cell's code
    only through its own cell option. The built-in renderer drops ``#|`` lines
    from shown code, as Quarto does.

    Returns
    -------
    bool
        Whether any cell changed.
    """
    changed = False
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.cell_type == "code" and SHOW_CODE_TAG in tags and not cell.source.startswith(QUARTO_ECHO_OPTION):
            cell.source = f"{QUARTO_ECHO_OPTION}\n{cell.source}"
            changed = True
    return changed


_LEVEL1 = re.compile(r"^# ", re.MULTILINE)


def _shown(output: Any) -> bool:
    """Whether an output reaches the report (console streams and plain-text reprs do not)."""
    return output.get("output_type") != "stream" and bool(set(output.get("data", {})) - {"text/plain"})


def chapter_title(nb: dict[str, Any]) -> str:
    """The chapter's title: its first level-1 heading, in a markdown cell or in an output.

    ``nb`` is a notebook as :func:`analysis.inputs.notebooks.read_notebook` reads it
    (or an ``nbformat`` node). The ``{...}`` attributes of the heading are left out;
    empty when the chapter has none.
    """
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            texts = [cell.get("source")]
        else:
            texts = [o.get("data", {}).get("text/markdown") for o in cell.get("outputs", []) if _shown(o)]
        for text in texts:
            text = joined_text(text)
            found = _LEVEL1.search(text)
            if found:
                line = text[found.end():].split("\n", 1)[0]
                return re.sub(r"\s*\{[^}]*\}\s*$", "", line).strip()
    return ""


def title_as_markdown(nb: nbformat.NotebookNode) -> bool:
    """Move the chapter title from the notebook's outputs into a markdown cell.

    A chapter's ``build()`` displays its title (``# Mijlpalen``) as the first
    ``text/markdown`` output; Quarto takes a book chapter's title from the
    markdown of the notebook. When the first output that reaches the report is
    such a level-1 heading, its first line becomes a markdown cell just before
    the code cell, and the output keeps the rest (or is dropped when nothing is
    left). Both renderers then show the same heading in the same place. A
    notebook that has its own markdown title, or whose first output is not a
    title, is left as it is.

    Returns
    -------
    bool
        Whether the notebook changed.
    """
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            if _LEVEL1.search(cell.source):
                return False
            continue
        tags = set(cell.get("metadata", {}).get("tags", []))
        if cell.cell_type != "code" or tags & REMOVE_CELL_TAGS or REMOVE_OUTPUT_TAG in tags:
            continue
        for k, output in enumerate(cell.get("outputs", [])):
            if not _shown(output):
                continue
            text = output.get("data", {}).get("text/markdown")
            text = "".join(text) if isinstance(text, list) else text
            if text is None or not text.startswith("# "):
                return False
            title, _, rest = text.partition("\n")
            import nbformat  # only when a project is written: see analysis.inputs.notebooks

            heading = nbformat.v4.new_markdown_cell(title)
            if "id" in cell:  # deterministic, so a rebuilt project is byte-identical
                heading["id"] = f"{cell['id']}-title"[-64:]
            else:
                heading.pop("id", None)
            if rest.strip():
                output["data"]["text/markdown"] = rest.lstrip("\n")
            else:
                del cell.outputs[k]
            nb.cells.insert(index, heading)
            return True
    return False


def _chapter_files(chapters: list[Any]) -> list[str]:
    files: list[str] = []
    for entry in chapters:
        if isinstance(entry, dict):
            files += _chapter_files(entry.get("chapters", []))
        else:
            files.append(entry)
    return files


def write_quarto_project(project_dir: Path, config: dict[str, Any], index_markdown: str) -> Path:
    """Write ``_quarto.yml`` and the index chapter into ``project_dir``.

    The executed notebooks already in ``project_dir`` get their title as a
    markdown cell (:func:`title_as_markdown`) and Quarto's cell options for
    ``show-code`` cells (:func:`add_quarto_cell_options`).

    Returns
    -------
    Path
        The written ``_quarto.yml``.
    """
    import nbformat  # only when a project is written: see analysis.inputs.notebooks

    project_dir.mkdir(parents=True, exist_ok=True)
    for chapter in _chapter_files(config["book"]["chapters"]):
        path = project_dir / chapter
        if path.suffix == ".ipynb" and path.is_file():
            nb = nbformat.read(path, as_version=4)
            changed = title_as_markdown(nb)
            if add_quarto_cell_options(nb) or changed:
                nbformat.write(nb, path)
    (project_dir / INDEX_CHAPTER).write_text(index_markdown, encoding="utf-8")
    path = project_dir / "_quarto.yml"
    path.write_text(
        "# Generated by `voortgang build` from the repository's _quarto.yml and the edition\n"
        "# parameters. Do not edit: it is rewritten at every build.\n"
        + yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return path


def quarto_executable() -> str | None:
    """Path of the ``quarto`` CLI, or ``None`` when it is not installed."""
    return shutil.which("quarto")


def render_quarto(project_dir: Path) -> Path:
    """Run ``quarto render`` on a generated project; outputs go to ``_book/``.

    Raises
    ------
    VoortgangError
        When Quarto is missing or fails (its stderr is included).
    """
    exe = quarto_executable()
    if exe is None:
        raise VoortgangError("quarto is not on PATH; use the built-in renderer")
    proc = subprocess.run(
        [exe, "render", str(project_dir), "--no-execute"],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise VoortgangError(f"quarto render {project_dir} failed:\n{proc.stderr[-2000:]}")
    return project_dir / "_book"
