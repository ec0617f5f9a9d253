"""Text chapters (.qmd/.md): front-matter titles and their own images."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader
from report_project import png_figure

from analysis.errors import VoortgangError
from analysis.pipeline.render.offline import render_offline


def _add_chapter(project_dir: Path, text: str) -> None:
    (project_dir / "tekst").mkdir(exist_ok=True)
    (project_dir / "tekst" / "mijlpalen.qmd").write_text(text, encoding="utf-8")
    path = project_dir / "_quarto.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["book"]["chapters"].append("tekst/mijlpalen.qmd")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_front_matter_title_and_relative_image_reach_html_and_pdf(project_dir: Path) -> None:
    (project_dir / "tekst" / "figuren").mkdir(parents=True)
    (project_dir / "tekst" / "figuren" / "tijdlijn.png").write_bytes(png_figure())
    _add_chapter(
        project_dir,
        "---\ntitle: Mijlpalenoverzicht\n---\n\nMijlpalen per actielijn.\n\n"
        "![Tijdlijn van de mijlpalen VGR 1 tot en met VGR 4](figuren/tijdlijn.png)\n",
    )
    out = render_offline(project_dir, ["html", "pdf"])
    soup = BeautifulSoup(out["html"].read_text(encoding="utf-8"), "html.parser")
    assert soup.find("h1", id="mijlpalenoverzicht") is not None
    img = soup.find("img", alt="Tijdlijn van de mijlpalen VGR 1 tot en met VGR 4")
    assert img["src"].startswith("data:image/png;base64,")
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(out["pdf"]).pages)
    assert "Mijlpalenoverzicht" in text
    assert "Tijdlijn van de mijlpalen VGR 1 tot en met VGR 4" in text


def test_missing_image_names_chapter_and_image(project_dir: Path) -> None:
    _add_chapter(project_dir, "# Mijlpalen\n\n![Tijdlijn](figuren/ontbreekt.png)\n")
    with pytest.raises(VoortgangError, match=r"chapter mijlpalen\.qmd: image 'figuren/ontbreekt\.png' not found"):
        render_offline(project_dir, ["html"])
    assert not (project_dir / "index.html").exists()
