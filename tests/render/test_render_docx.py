"""The DOCX of the built-in renderer, read back with python-docx."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from report_project import (
    ABSENT,
    CHAPTERS,
    DUTCH_WORDS,
    FIGURE_ALT,
    OUTPUT_STEM,
    PLAIN_ALT,
    TABLE_VALUES,
    TITLE,
)

from analysis.inputs.house_style import load_house_style


@pytest.fixture(scope="module")
def document(rendered: dict[str, Path]):
    return docx.Document(str(rendered["docx"]))


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def test_file_name_from_output_file(rendered: dict[str, Path]) -> None:
    assert rendered["docx"].name == f"{OUTPUT_STEM}.docx"


def test_title_and_chapter_headings_in_order(document) -> None:
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == [TITLE]
    h1 = [p.text.split("\t")[-1] for p in document.paragraphs if p.style.name == "Heading 1"]
    assert h1 == CHAPTERS


def test_table_with_its_values(document) -> None:
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Schooljaar")
    assert [row.cells[1].text for row in table.rows] == ["Aantal", *TABLE_VALUES]
    assert [row.cells[0].text for row in table.rows][1:] == ["2015/2016", "2016/2017", "2017/2018", "2018/2019"]


def test_judgement_cells_are_shaded(document) -> None:
    colours = load_house_style().judgement_colours
    fills = {}
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                shd = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
                if shd is not None:
                    fills[cell.text] = "#" + shd.get(qn("w:fill")).lower()
    assert fills == {"4.790": colours["ongunstig"], "1.190": colours["gunstig"], "44%": colours["neutraal"]}


def test_figures_keep_alt_text_and_caption(document) -> None:
    alts = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert alts == [FIGURE_ALT, PLAIN_ALT]
    captions = [p.text for p in document.paragraphs if p.style.name == "Image Caption"]
    assert captions == [FIGURE_ALT, PLAIN_ALT]


def test_hidden_things_absent_and_dutch_text_present(document) -> None:
    text = _text(document)
    for marker in ABSENT:
        assert marker not in text, marker
    for word in DUTCH_WORDS:
        assert word in text
