"""The outline of a report twice: as its Quarto book project declares it, and as an HTML file shows it.

:func:`declared_outline` reads a generated project the way Quarto reads it, and
on its own (it shares no code with the built-in renderer): ``_quarto.yml``'s
chapter list with its parts; in each chapter the markdown a reader will see
(text chapters without their executable chunks; in a notebook the markdown
cells and the ``text/markdown`` outputs, without hidden cells, console streams
or plain-text reprs); headings from that markdown; tables from HTML outputs and
pipe tables; figures from image outputs and markdown images.

:func:`html_outline` reads the same facts from a rendered ``index.html``: every
``h1`` starts a chapter (the title block and the table of contents are not the
report's body). Tests compare the two, so the built-in renderer cannot drift
from what a Quarto render of the same project would show.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

HIDDEN_CELL = {"parameters", "injected-parameters", "remove-cell"}
IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml")
_FENCE = re.compile(r"^(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(\{[^}]*\})?\s*$")
_PIPE_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]+\)")
_CHUNK = re.compile(r"^(`{3,})\s*\{[A-Za-z][^}]*\}.*?^\1\s*$", re.M | re.S)


@dataclass
class Chapter:
    """One chapter (or part) of a report: its title, every heading below it, its tables and figures."""

    title: str
    headings: list[tuple[int, str]] = field(default_factory=list)
    tables: int = 0
    figures: int = 0


def _words(text: str) -> str:
    """Heading text without markdown emphasis or code marks, spaces collapsed."""
    return " ".join(re.sub(r"[*_`]", "", text).split())


def _joined(value) -> str:
    return value if isinstance(value, str) else "".join(value)


def _markdown_facts(text: str, chapter: Chapter | None, chapters: list[Chapter]) -> Chapter | None:
    """Add the headings, pipe tables and images of a markdown text; a level-1 heading opens a chapter."""
    fenced = None
    lines = text.splitlines()
    for i, line in enumerate(lines):
        fence = _FENCE.match(line)
        if fence:
            fenced = None if fenced and line.startswith(fenced) else (fenced or fence.group(1))
            continue
        if fenced:
            continue
        heading = _HEADING.match(line)
        if heading:
            level, words = len(heading.group(1)), _words(heading.group(2))
            if level == 1:
                chapter = Chapter(words)
                chapters.append(chapter)
            elif chapter is not None:
                chapter.headings.append((level, words))
            continue
        if chapter is None:
            continue
        if _PIPE_SEPARATOR.match(line) and i > 0 and lines[i - 1].strip().startswith("|"):
            chapter.tables += 1
        chapter.figures += len(_IMAGE.findall(line))
    return chapter


def _notebook_texts(path: Path):
    """What a notebook shows, in order: ``("markdown", text)``, ``("table", None)``, ``("figure", None)``."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & HIDDEN_CELL:
            continue
        if cell["cell_type"] == "markdown":
            if "remove-input" not in tags:
                yield "markdown", _joined(cell["source"])
            continue
        if cell["cell_type"] != "code" or "remove-output" in tags:
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if output.get("output_type") == "stream" or set(data) <= {"text/plain"}:
                continue
            if "text/markdown" in data:
                yield "markdown", _joined(data["text/markdown"])
            elif "<table" in _joined(data.get("text/html", "")):
                yield "table", None
            elif any(kind in data for kind in IMAGE_TYPES):
                yield "figure", None


def _chapter_files(entries: list) -> list[tuple[str, str]]:
    out = []
    for entry in entries:
        if isinstance(entry, dict):
            out.append(("part", entry["part"]))
            out += _chapter_files(entry.get("chapters", []))
        else:
            out.append(("file", entry))
    return out


def declared_outline(project_dir: Path) -> list[Chapter]:
    """The chapters, headings, tables and figures that ``project_dir/_quarto.yml`` declares."""
    config = yaml.safe_load((project_dir / "_quarto.yml").read_text(encoding="utf-8"))
    chapters: list[Chapter] = []
    for kind, value in _chapter_files(config["book"]["chapters"]):
        if kind == "part":
            chapters.append(Chapter(_words(value)))
            continue
        path = project_dir / value
        chapter = None
        if path.suffix == ".ipynb":
            for what, text in _notebook_texts(path):
                if what == "markdown":
                    chapter = _markdown_facts(text, chapter, chapters)
                elif chapter is not None:
                    setattr(chapter, f"{what}s", getattr(chapter, f"{what}s") + 1)
        else:
            _markdown_facts(_CHUNK.sub("", path.read_text(encoding="utf-8")), None, chapters)
    return chapters


def html_outline(html_file: Path) -> list[Chapter]:
    """The chapters (one per ``h1``), headings, tables and images of a rendered HTML report."""
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    for hidden in soup.select("nav#TOC, header#title-block-header"):
        hidden.decompose()
    for number in soup.select("span.header-section-number"):
        number.decompose()
    chapters: list[Chapter] = []
    for element in soup.body.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "table", "img"]):
        if element.name == "h1":
            chapters.append(Chapter(_words(element.get_text())))
        elif not chapters:
            continue
        elif element.name == "table":
            chapters[-1].tables += 1
        elif element.name == "img":
            chapters[-1].figures += 1
        else:
            chapters[-1].headings.append((int(element.name[1]), _words(element.get_text())))
    return chapters
