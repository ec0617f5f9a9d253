"""The PDF (typst) of the built-in renderer: pages, text layer, rasterising."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from report_project import (
    ABSENT,
    CHAPTERS,
    DUTCH_WORDS,
    FIGURE_ALT,
    OUTPUT_STEM,
    TABLE_CAPTION,
    TABLE_VALUES,
    TITLE,
)


@pytest.fixture(scope="module")
def pages(rendered: dict[str, Path]) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(rendered["pdf"]).pages]


def test_file_name_from_output_file(rendered: dict[str, Path]) -> None:
    assert rendered["pdf"].name == f"{OUTPUT_STEM}.pdf"
    assert rendered["pdf"].read_bytes()[:5] == b"%PDF-"


def test_title_page_then_contents(pages: list[str]) -> None:
    assert len(pages) >= 4
    assert TITLE in pages[0] and "mei 2020" in pages[0]
    assert pages[1].startswith("Inhoud")
    for chapter in CHAPTERS:
        assert chapter in pages[1]


def test_chapters_in_order_each_on_a_new_page(pages: list[str]) -> None:
    starts = [next(i for i, text in enumerate(pages[2:], start=2) if chapter in text) for chapter in CHAPTERS]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)


def test_table_values_caption_and_figure_caption(pages: list[str]) -> None:
    text = " ".join(pages)
    for value in TABLE_VALUES:
        assert value in text
    assert TABLE_CAPTION in text
    assert FIGURE_ALT in text
    assert "Figuur 1" in text  # Dutch supplement: lang nl reached typst
    # The uncaptioned table of index.qmd comes first but is not numbered.
    assert f"Tabel 1: {TABLE_CAPTION}" in text


def test_dutch_characters_survive(pages: list[str]) -> None:
    text = " ".join(pages)
    for word in DUTCH_WORDS:
        assert word in text


def test_hidden_things_absent(pages: list[str]) -> None:
    text = " ".join(pages)
    for marker in ABSENT:
        assert marker not in text, marker


def test_pdftoppm_renders_page_one(rendered: dict[str, Path], tmp_path: Path) -> None:
    exe = shutil.which("pdftoppm")
    if exe is None:
        pytest.skip("pdftoppm (Debian package poppler-utils) is not installed")
    proc = subprocess.run(
        [exe, "-png", "-r", "40", "-f", "1", "-l", "1", str(rendered["pdf"]), str(tmp_path / "page")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    (png,) = tmp_path.glob("page*.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
