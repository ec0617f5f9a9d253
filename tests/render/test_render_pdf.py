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


def _typst_pdf(markdown: str, out: Path) -> list[str]:
    """Markdown through pandoc with the house typst template, compiled: the text of each page."""
    import pypandoc
    import typst

    from analysis.pipeline.render.offline import TYPST_TEMPLATE

    source = out.with_suffix(".typ")
    pypandoc.convert_text(markdown, "typst", format="markdown", outputfile=str(source), extra_args=[
        "--standalone", f"--template={TYPST_TEMPLATE}", "--metadata=title:T", "--metadata=lang:nl",
        "--variable=house-text:#000000", "--variable=house-accent:#000000", "--variable=house-rule:#000000"])
    typst.compile(str(source), output=str(out), ignore_system_fonts=True)
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(out).pages]


@pytest.mark.parametrize("filler", range(28, 40, 2))
def test_a_table_caption_never_stays_behind_at_the_foot_of_a_page(tmp_path, filler) -> None:
    """Issue 12: with more or less text before it, the caption is on the page of the table's first rows."""
    table = "\n".join(["| Uitkomst | Waarde |", "|---|---|"] + [f"| rij{i} | {i} |" for i in range(30)])
    text = "\n\n".join(["# Hoofdstuk", *["Een regel tekst die de pagina vult." for _ in range(filler)],
                        f"{table}\n\n: Bijschrift van de tabel"])
    pages = _typst_pdf(text, tmp_path / "t.pdf")
    (page,) = [p for p in pages if "Bijschrift van de tabel" in p]
    assert "rij0" in page


def test_a_long_word_in_a_narrow_column_is_hyphenated(tmp_path) -> None:
    """Issue 12: 'Betalingsachterstand' ran into the next column of the PDF table."""
    # a source line longer than 72 characters: pandoc gives the columns the widths of the dashes
    table = ("| Uitkomst | Odds ratio | Toets | Oordeel |\n|--|------|------|------|\n"
             "| Betalingsachterstand Zvw-premie | 3,48 (2,83 tot 4,27) | p < 0,01 | landelijk patroon, "
             "geen regio wijkt af |\n\n: Tabel")
    pages = _typst_pdf(f"# H\n\n{table}", tmp_path / "w.pdf")
    assert "Betalingsachterstand" not in " ".join(pages).replace("\u00ad", "")  # split across lines
