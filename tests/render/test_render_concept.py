"""A concept report says so on every page (issue 14): HTML banner, DOCX page header, PDF mark on each page.

The tiny project of :mod:`report_project`, once with ``concept: true`` in its
``_quarto.yml`` (as the build writes it for an edition with ``status: concept``)
and once without. The expected words are written out here.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
import yaml
from pypdf import PdfReader
from report_project import make_project

from analysis.pipeline.render.offline import render_offline

BANNER = "CONCEPT: deze versie is nog niet definitief en niet bedoeld voor verspreiding."


def _render(root: Path, concept: bool) -> dict[str, Path]:
    make_project(root)
    config_path = root / "_quarto.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    if concept:
        config["concept"] = True
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return render_offline(root)


@pytest.fixture(scope="module", params=[True, False], ids=["concept", "definitief"])
def built(request, tmp_path_factory) -> tuple[bool, dict[str, Path]]:
    return request.param, _render(tmp_path_factory.mktemp("concept") / "2020-H1", request.param)


def test_html_banner(built):
    concept, out = built
    page = out["html"].read_text(encoding="utf-8")
    assert (f'<p class="concept-banner" role="note">{BANNER}</p>' in page) is concept


def test_docx_header_on_every_page(built):
    concept, out = built
    document = docx.Document(str(out["docx"]))
    headers = [p.text for section in document.sections for p in section.header.paragraphs]
    assert all(h.startswith("Voortgangsrapportage") for h in headers if h)  # the running header, and then:
    assert any(h.endswith(BANNER) for h in headers) is concept


def test_pdf_mark_on_every_page(built):
    concept, out = built
    pages = [page.extract_text() or "" for page in PdfReader(out["pdf"]).pages]
    assert len(pages) >= 4
    assert [("CONCEPT" in text) for text in pages] == [concept] * len(pages)


def test_concept_must_be_true_or_false(tmp_path):
    from analysis.errors import VoortgangError
    from analysis.pipeline.render.project import load_project

    root = make_project(tmp_path / "2020-H1")
    config_path = root / "_quarto.yml"
    config_path.write_text(config_path.read_text(encoding="utf-8") + "\nconcept: misschien\n", encoding="utf-8")
    with pytest.raises(VoortgangError, match=r"_quarto.yml: key 'concept' must be true or false"):
        load_project(root)
