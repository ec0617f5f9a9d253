"""Reading a generated Quarto book project (``reports/<edition>/_quarto.yml``).

The built-in renderer reads the same ``_quarto.yml`` that Quarto would: the book
title, subtitle, date, author, language, chapter list (with ``part:`` entries)
and the options under ``format: {html, docx, typst}``. Only the keys listed in
:class:`BookProject` are used; anything else in the file is Quarto's business.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.errors import VoortgangError
from analysis.inputs.yamlio import read_yaml
from analysis.present.wording import MONTHS, month_text

#: Name of the book configuration inside a project directory.
PROJECT_FILE = "_quarto.yml"
#: BookChapter file types the built-in renderer reads.
NOTEBOOK_SUFFIX = ".ipynb"
TEXT_SUFFIXES = (".qmd", ".md")
#: Our format names and the Quarto format key holding their options.
QUARTO_FORMAT_KEY: dict[str, str] = {"html": "html", "docx": "docx", "pdf": "typst"}


@dataclass(frozen=True)
class Part:
    """A ``{part: "Titel", chapters: [...]}`` heading in the chapter list."""

    title: str


@dataclass(frozen=True)
class BookChapter:
    """One chapter file; ``key`` is a unique, file-name-safe short name."""

    path: Path
    key: str

    @property
    def is_notebook(self) -> bool:
        """True for an executed notebook, False for a markdown/qmd text chapter."""
        return self.path.suffix == NOTEBOOK_SUFFIX


#: Top-level key of ``_quarto.yml`` (document metadata for Quarto): ``true`` marks a concept report.
CONCEPT_KEY = "concept"

# The cell tags of both renderers (the table in :mod:`analysis.pipeline.render.notebook`).
#: Cells that never appear (papermill's parameter cells, Quarto's remove-cell).
REMOVE_CELL_TAGS: frozenset[str] = frozenset({"parameters", "injected-parameters", "remove-cell"})
SHOW_CODE_TAG = "show-code"
SHOW_OUTPUT_TAG = "show-output"
REMOVE_INPUT_TAG = "remove-input"
REMOVE_OUTPUT_TAG = "remove-output"


@dataclass(frozen=True)
class BookProject:
    """What the built-in renderer takes from ``_quarto.yml``.

    Attributes
    ----------
    directory : Path
        The project directory (holds ``_quarto.yml``; outputs are written here).
    title, subtitle, date : str
        Front matter; ``subtitle`` and ``date`` may be empty. A ``YYYY-MM`` date
        is shown as a Dutch month (``"mei 2020"``).
    authors : tuple of str
    lang : str
        BCP 47 language tag, ``"nl"`` for our reports.
    output_stem : str
        File stem of the DOCX and PDF: ``book.output-file`` (without extension)
        when given, else a slug of the title.
    contents : tuple of Part or BookChapter
        The chapter list in order.
    options : dict
        Per output format (``html``, ``docx``, ``pdf``) the options of the
        matching Quarto format (``pdf`` reads ``format.typst``).
    notice : str
        Quarto's ``abstract`` (plain text): shown under the title, headed by
        ``abstract-title``, and written as the document subject; may be empty.
    notice_title : str
    keywords : tuple of str
        Quarto's ``keywords``: document metadata.
    concept : bool
        A concept: every page of every format says so (:data:`CONCEPT_KEY`).
    """

    directory: Path
    title: str
    subtitle: str
    date: str
    authors: tuple[str, ...]
    lang: str
    output_stem: str
    contents: tuple[Part | BookChapter, ...]
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    notice: str = ""
    notice_title: str = ""
    keywords: tuple[str, ...] = ()
    concept: bool = False

    @property
    def chapters(self) -> list[BookChapter]:
        """The chapter files, without the part headings."""
        return [c for c in self.contents if isinstance(c, BookChapter)]


def slugify(text: str) -> str:
    """ASCII file-name slug: ``"Voortgang Zorg voor de Jeugd" -> "voortgang-zorg-voor-de-jeugd"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def display_date(value: object) -> str:
    """The book date as shown on the title page.

    ``YYYY-MM`` (our editions) and ISO dates become Dutch text; anything else
    is shown as written.

    Examples
    --------
    >>> display_date("2020-05")
    'mei 2020'
    >>> display_date(dt.date(2020, 5, 15))
    '15 mei 2020'
    """
    # One place for the Dutch month names: the leeswijzer chapter uses them too.

    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        return month_text(text)
    return text


def _text(value: object, where: str, required: bool = False) -> str:
    if value is None or value == "":
        if required:
            raise VoortgangError(f"{where}: missing (a non-empty text is required)")
        return ""
    if not isinstance(value, (str, int, float, dt.date)):
        raise VoortgangError(f"{where}: expected a text, got {type(value).__name__}")
    return str(value)


def _listed(value: object, file: Path, key: str) -> list[object]:
    """A text or a list of texts as a list (Quarto's ``maybeArrayOf: string``)."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        return [value]
    raise VoortgangError(f"{file}: key '{key}' must be a text or a list of texts")


def _contents(entries: object, directory: Path, file: Path, key: str) -> list[Part | BookChapter]:
    """Parts and chapters of ``book.chapters`` (``key`` is where we are, for messages)."""
    if not isinstance(entries, list) or not entries:
        raise VoortgangError(f"{file}: key '{key}': expected a non-empty list of chapter files")
    out: list[Part | BookChapter] = []
    for i, entry in enumerate(entries):
        here = f"{key}[{i}]"
        if isinstance(entry, dict) and "part" in entry:
            part = _text(entry["part"], f"{file}: key '{here}.part'", required=True)
            if part.endswith((*TEXT_SUFFIXES, NOTEBOOK_SUFFIX)):
                out.append(_chapter(part, directory, file, f"{here}.part"))
            else:
                out.append(Part(part))
            out.extend(_contents(entry.get("chapters"), directory, file, f"{here}.chapters"))
        elif isinstance(entry, str):
            out.append(_chapter(entry, directory, file, here))
        else:
            raise VoortgangError(
                f"{file}: key '{here}': expected a file name or {{part: ..., chapters: [...]}}"
            )
    return out


def _chapter(rel: str, directory: Path, file: Path, key: str) -> BookChapter:
    path = directory / rel
    if path.suffix not in (NOTEBOOK_SUFFIX, *TEXT_SUFFIXES):
        raise VoortgangError(
            f"{file}: key '{key}': {rel!r} is not a chapter file (expected .ipynb, .qmd or .md)"
        )
    if not path.is_file():
        raise VoortgangError(f"{file}: key '{key}': chapter file {path} does not exist")
    return BookChapter(path=path, key="")


def load_project(directory: Path) -> BookProject:
    """Read and check ``directory/_quarto.yml``.

    Parameters
    ----------
    directory : Path
        A generated book project (``reports/<edition>/``).

    Returns
    -------
    BookProject

    Raises
    ------
    VoortgangError
        The file is missing or not YAML, ``book.title`` or ``book.chapters`` is
        missing, or a chapter file does not exist. The message names the file
        and the key.
    """
    path = directory / PROJECT_FILE
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("book"), dict):
        raise VoortgangError(f"{path}: key 'book' is missing or not a mapping")
    book = data["book"]
    title = _text(book.get("title"), f"{path}: key 'book.title'", required=True)
    authors = book.get("author") or []
    authors = [authors] if isinstance(authors, str) else authors
    if not isinstance(authors, list):
        raise VoortgangError(f"{path}: key 'book.author' must be a text or a list of texts")
    contents = _contents(book.get("chapters"), directory, path, "book.chapters")
    keyed: list[Part | BookChapter] = []
    n = 0
    for item in contents:
        if isinstance(item, BookChapter):
            n += 1
            item = BookChapter(path=item.path, key=f"ch{n:02d}-{slugify(item.path.stem) or 'x'}")
        keyed.append(item)
    stem = _text(book.get("output-file"), f"{path}: key 'book.output-file'")
    stem = Path(stem).stem if stem else slugify(title)
    formats = data.get("format") or {}
    if not isinstance(formats, dict):
        raise VoortgangError(f"{path}: key 'format' must be a mapping")
    options = {
        ours: dict(formats.get(quarto) or {}) if isinstance(formats.get(quarto), dict) else {}
        for ours, quarto in QUARTO_FORMAT_KEY.items()
    }
    concept = data.get(CONCEPT_KEY, False)
    if not isinstance(concept, bool):
        raise VoortgangError(f"{path}: key {CONCEPT_KEY!r} must be true or false")
    return BookProject(
        directory=directory,
        title=title,
        subtitle=_text(book.get("subtitle"), f"{path}: key 'book.subtitle'"),
        date=display_date(book.get("date")),
        authors=tuple(_text(a, f"{path}: key 'book.author'") for a in authors),
        lang=_text(data.get("lang"), f"{path}: key 'lang'") or "nl",
        output_stem=stem or "rapport",
        contents=tuple(keyed),
        options=options,
        notice=_text(data.get("abstract"), f"{path}: key 'abstract'"),
        notice_title=_text(data.get("abstract-title"), f"{path}: key 'abstract-title'"),
        keywords=tuple(_text(k, f"{path}: key 'keywords'") for k in _listed(data.get("keywords"), path, "keywords")),
        concept=concept,
    )
