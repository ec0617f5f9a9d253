"""Chapters as pandoc documents: read, combine into one book, write.

Every chapter is read into pandoc's JSON AST on its own (so footnote labels
like ``[^1]`` in two chapters cannot collide), then the chapters are joined
into one document. Pandoc gives each heading an identifier per chapter; two
chapters with the same section title would then share an id, which breaks the
table of contents, so :func:`unique_header_ids` renumbers the repeats
(``aandachtspunten``, ``aandachtspunten-1``, ...) as pandoc does within one
document, and updates the chapter's own ``#links``.

The AST is plain JSON (dicts with ``t`` and ``c``); pandoc's own Python
bindings are not among our pinned dependencies, and the few operations here
(find headers, links and images) need no more than a recursive walk.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pypandoc

from analysis.config import TEMPLATES_DIR

#: Pandoc markdown as the chapters are written (Quarto's dialect is a superset).
READ_FORMAT = "markdown"
#: Read-stage filter for notebook chapters (text/html outputs -> pandoc tables).
HTML_BLOCKS_FILTER: Path = TEMPLATES_DIR / "html_blocks.lua"

Node = dict[str, Any]


def read_markdown(text: str, *, notebook: bool) -> dict[str, Any]:
    """Parse pandoc markdown into a JSON AST (a dict with ``blocks`` and ``meta``).

    Parameters
    ----------
    text : str
        Markdown; a YAML front matter block becomes ``meta``.
    notebook : bool
        Apply the notebook read filter (``html_blocks.lua``).

    Raises
    ------
    RuntimeError
        Pandoc failed (pypandoc's error, with pandoc's stderr).
    """
    filters = [str(HTML_BLOCKS_FILTER)] if notebook else []
    out = pypandoc.convert_text(text, "json", format=READ_FORMAT, filters=filters, sandbox=False)
    return json.loads(out)


def walk(node: Any) -> Iterator[Node]:
    """Yield every AST element (dict with ``t``) below and including ``node``, depth first."""
    if isinstance(node, dict):
        if "t" in node:
            yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


def plain_text(inlines: list[Node]) -> str:
    """Text of a list of inlines (like ``pandoc.utils.stringify``, enough for ids)."""
    parts: list[str] = []
    for node in walk(inlines):
        if node["t"] == "Str":
            parts.append(node["c"])
        elif node["t"] in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif node["t"] == "Code":
            parts.append(node["c"][1])
    return "".join(parts)


def identifier(text: str) -> str:
    """Pandoc's ``auto_identifiers`` algorithm for a heading text.

    Lower case, keep letters/digits/``_-.``, spaces to hyphens, drop anything
    before the first letter; ``"section"`` when nothing is left.
    """
    text = unicodedata.normalize("NFC", text).lower()
    text = "".join(ch for ch in text if ch.isalnum() or ch in "_-. ")
    text = re.sub(r"\s+", "-", text.strip())
    first_letter = next((i for i, ch in enumerate(text) if ch.isalpha()), len(text))
    return text[first_letter:] or "section"


def header(level: int, inlines: list[Node]) -> Node:
    """A ``Header`` block (id left empty: :func:`unique_header_ids` fills it)."""
    return {"t": "Header", "c": [level, ["", [], []], inlines]}


def chapter_blocks(doc: dict[str, Any]) -> list[Node]:
    """The chapter's blocks, starting with a level-1 heading when it has a title.

    A chapter whose text has no level-1 heading but whose front matter has a
    ``title`` (Quarto's way for ``.qmd`` and for notebooks with a raw YAML
    cell) gets ``# title`` in front, as Quarto shows it. In a chapter whose
    level-1 heading is ``{.unnumbered}`` every section is unnumbered too, as in
    a Quarto book (else pandoc and typst would number them 0.1, 0.2, ...).
    """
    blocks = list(doc.get("blocks", []))
    has_h1 = any(b.get("t") == "Header" and b["c"][0] == 1 for b in blocks)
    title = doc.get("meta", {}).get("title")
    if not has_h1 and title:
        if title["t"] == "MetaInlines":
            inlines = title["c"]
        elif title["t"] == "MetaString":
            inlines = [{"t": "Str", "c": title["c"]}]
        else:  # MetaBlocks: take the inlines of the first block
            inlines = title["c"][0]["c"] if title["c"] else []
        blocks.insert(0, header(1, inlines))
    first_h1 = next((b for b in blocks if b.get("t") == "Header" and b["c"][0] == 1), None)
    if first_h1 is not None and "unnumbered" in first_h1["c"][1][1]:
        for node in walk(blocks):
            if node["t"] == "Header" and "unnumbered" not in node["c"][1][1]:
                node["c"][1][1].append("unnumbered")
    return blocks


def unique_header_ids(chapters: list[list[Node]]) -> None:
    """Give every heading a book-wide unique id, in place.

    Empty ids are derived from the heading text; a repeated id gets ``-1``,
    ``-2``, ... Links to ``#id`` inside the same chapter follow the rename.
    """
    seen: set[str] = set()
    for blocks in chapters:
        renamed: dict[str, str] = {}
        for node in walk(blocks):
            if node["t"] != "Header":
                continue
            attr = node["c"][1]
            old = attr[0] or identifier(plain_text(node["c"][2]))
            new, n = old, 0
            while new in seen:
                n += 1
                new = f"{old}-{n}"
            seen.add(new)
            attr[0] = new
            renamed.setdefault(old, new)
        for node in walk(blocks):
            if node["t"] == "Link":
                target = node["c"][2]
                if target[0].startswith("#") and target[0][1:] in renamed:
                    target[0] = "#" + renamed[target[0][1:]]


def relink_images(blocks: list[Node], relink: Callable[[str], str]) -> None:
    """Replace every ``Image`` target by ``relink(target)``, in place."""
    for node in walk(blocks):
        if node["t"] == "Image":
            node["c"][2][0] = relink(node["c"][2][0])


def book(chapters: list[list[Node]], api_version: list[int]) -> dict[str, Any]:
    """One pandoc document of the concatenated chapters (metadata comes separately).

    ``api_version`` is the ``pandoc-api-version`` of the chapter documents.
    """
    return {
        "pandoc-api-version": list(api_version),
        "meta": {},
        "blocks": [block for blocks in chapters for block in blocks],
    }
