"""The self-contained HTML of the built-in renderer (static checks; see also the browser test)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from report_project import (
    ABSENT,
    CHAPTERS,
    DUTCH_WORDS,
    FIGURE_ALT,
    PLAIN_ALT,
    SHOWN_CODE,
    STYLER_VALUES,
    SUBTITLE,
    TABLE_CAPTION,
    TABLE_VALUES,
    TITLE,
)


@pytest.fixture(scope="module")
def soup(rendered: dict[str, Path]) -> BeautifulSoup:
    return BeautifulSoup(rendered["html"].read_text(encoding="utf-8"), "html.parser")


def test_written_as_index_html(rendered: dict[str, Path]) -> None:
    assert rendered["html"].name == "index.html"


def test_self_contained(soup: BeautifulSoup) -> None:
    assert soup.find("link", rel="stylesheet") is None
    assert soup.find("script", src=True) is None
    assert all(img["src"].startswith("data:image/png;base64,") for img in soup.find_all("img"))
    assert "td.gunstig" in soup.style.get_text() + "".join(s.get_text() for s in soup.find_all("style"))


def test_dutch_title_block(soup: BeautifulSoup) -> None:
    assert soup.html["lang"] == "nl"
    assert soup.title.get_text() == TITLE
    assert soup.select_one("#title-block-header .subtitle").get_text() == SUBTITLE
    assert soup.select_one("#title-block-header .date").get_text() == "mei 2020"


def test_chapters_in_order_and_in_the_toc(soup: BeautifulSoup) -> None:
    h1 = [" ".join(h.get_text(" ").split()) for h in soup.find_all("h1") if "title" not in (h.get("class") or [])]
    assert [t.split(" ", 1)[1] if t[0].isdigit() else t for t in h1] == CHAPTERS
    toc = " ".join(soup.select_one("nav#TOC").get_text(" ").split())
    for chapter in CHAPTERS:
        assert chapter in toc
    assert soup.select_one("nav#TOC").find(string="Inhoud")


def test_toc_ids_unique(soup: BeautifulSoup) -> None:
    ids = [el["id"] for el in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))


def test_hidden_things_are_absent(soup: BeautifulSoup) -> None:
    text = str(soup)
    for marker in ABSENT:
        assert marker not in text, marker


def test_show_code_cell_is_present_and_other_code_is_not(soup: BeautifulSoup) -> None:
    codes = [" ".join(c.get_text().split()) for c in soup.find_all("code")]
    assert codes == [SHOWN_CODE]


def test_tables_are_real_tables_with_caption_classes_and_values(soup: BeautifulSoup) -> None:
    table = next(t for t in soup.find_all("table") if t.caption and t.caption.get_text() == TABLE_CAPTION)
    assert [td.get_text() for td in table.select("tbody td")][1::2] == TABLE_VALUES
    assert table.find("td", class_="ongunstig").get_text() == "4.790"
    assert soup.find("td", class_="gunstig").get_text() == "1.190"
    assert soup.find("td", class_="neutraal").get_text() == STYLER_VALUES[2]
    assert table.find("td", string="4.194")["style"] == "text-align: right;"


def test_every_image_has_its_alt(soup: BeautifulSoup) -> None:
    assert [img["alt"] for img in soup.find_all("img")] == [FIGURE_ALT, PLAIN_ALT]


def test_dutch_characters_and_footnote(soup: BeautifulSoup) -> None:
    text = soup.get_text()
    for word in DUTCH_WORDS:
        assert word in text
    assert "Bron: CBS Beleidsinformatie Jeugd." in soup.select_one("#footnotes").get_text()
