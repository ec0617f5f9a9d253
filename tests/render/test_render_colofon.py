"""Colofon and "Hoe te citeren" (issue 14) in the HTML, DOCX and PDF of the built-in renderer.

The tiny project of :mod:`report_project` with the first chapter the build writes
(Inleiding en leeswijzer of 2024-H1 followed by its colofon, version 3 of a given
commit); the expected strings are written out here by hand.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from pypdf import PdfReader
from report_project import make_project

from analysis.chapters.inleiding import inleiding_markdown
from analysis.inputs.citation import load_citation
from analysis.inputs.editions import load_edition
from analysis.pipeline.render.offline import render_offline
from analysis.present.colofon import colofon_markdown

COMMIT = "0123456789abcdef0123456789abcdef01234567"
#: What the colofon and the citation must show, in every format.
EXPECTED = ["Colofon", "Hoe te citeren", "Project voortgang", "juni 2024", "2024-H1", "versie 3", "0123456789ab",
            "voortgang/2024-H1/v3", "EUPL-1.2", "Voortgangsrapportage Hervormingsagenda Jeugd"]


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = make_project(tmp_path_factory.mktemp("colofon") / "2024-H1")
    edition = load_edition("2024-H1")
    index = inleiding_markdown(edition) + "\n" + colofon_markdown(edition, load_citation(), 3, COMMIT)
    (root / "index.qmd").write_text(index, encoding="utf-8")
    out = render_offline(root)
    document = docx.Document(str(out["docx"]))
    docx_text = [p.text for p in document.paragraphs]
    docx_text += [c.text for t in document.tables for row in t.rows for c in row.cells]
    pages = [" ".join((page.extract_text() or "").split()) for page in PdfReader(out["pdf"]).pages]
    return {"html": Path(out["html"]).read_text(encoding="utf-8"), "docx": "\n".join(docx_text),
            "pdf": " ".join(pages)}


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_colofon_and_citation_in_every_format(texts, fmt):
    missing = [s for s in EXPECTED if s not in texts[fmt]]
    assert missing == [], f"{fmt} lacks {missing}"
    assert "\\" not in texts[fmt].split("Colofon", 1)[1][:2000]  # escapes are markup, never shown
