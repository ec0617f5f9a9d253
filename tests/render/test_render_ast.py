"""Joining chapters: heading ids unique across the book, titles from front matter."""

from __future__ import annotations

import pytest

from analysis.pipeline.render.pandoc_ast import (
    chapter_blocks,
    identifier,
    read_markdown,
    unique_header_ids,
    walk,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    # The examples of pandoc's manual, section "Extension: auto_identifiers".
    [
        ("Heading identifiers in HTML", "heading-identifiers-in-html"),
        ("Maître d'hôtel", "maître-dhôtel"),
        ("Dogs?--in my house?", "dogs--in-my-house"),
        ("HTML, S5, or RTF?", "html-s5-or-rtf"),
        ("3. Applications", "applications"),
        ("33", "section"),
    ],
)
def test_identifier_follows_pandoc(text: str, expected: str) -> None:
    assert identifier(text) == expected


def _ids(blocks) -> list[str]:
    return [n["c"][1][0] for n in walk(blocks) if n["t"] == "Header"]


def test_repeated_section_titles_get_unique_ids_and_links_follow() -> None:
    one = read_markdown("# Een\n\n## Aandachtspunten\n\nZie [hier](#aandachtspunten).\n", notebook=False)["blocks"]
    two = read_markdown("# Twee\n\n## Aandachtspunten\n\nZie [hier](#aandachtspunten).\n", notebook=False)["blocks"]
    unique_header_ids([one, two])
    assert _ids(one) == ["een", "aandachtspunten"]
    assert _ids(two) == ["twee", "aandachtspunten-1"]
    links = [n["c"][2][0] for n in walk(two) if n["t"] == "Link"]
    assert links == ["#aandachtspunten-1"]


def test_title_from_front_matter_becomes_the_chapter_heading() -> None:
    doc = read_markdown("---\ntitle: Mijlpalenoverzicht\n---\n\nTekst.\n", notebook=False)
    blocks = chapter_blocks(doc)
    unique_header_ids([blocks])
    assert blocks[0]["t"] == "Header" and blocks[0]["c"][0] == 1
    assert _ids(blocks) == ["mijlpalenoverzicht"]


def test_html_output_div_becomes_a_table_with_numbers_right_aligned() -> None:
    html = (
        "<table><thead><tr><th>Jaar</th><th>Aantal</th></tr></thead><tbody>"
        "<tr><td>2016</td><td>4.194</td></tr><tr><td>2019</td><td class='gunstig'>4.790</td></tr>"
        "</tbody></table>"
    )
    doc = read_markdown(f"::::: {{.voortgang-html}}\n`````{{=html}}\n{html}\n`````\n:::::\n", notebook=True)
    (table,) = [n for n in walk(doc["blocks"]) if n["t"] == "Table"]
    aligns = [spec[0]["t"] for spec in table["c"][2]]
    # "2016"/"2019" are numbers too: both columns hold only numbers here.
    assert aligns == ["AlignRight", "AlignRight"]
    classes = [c[0][1] for body in table["c"][4] for row in body[3] for c in row[1]]
    assert ["gunstig"] in classes


def test_text_column_stays_default_aligned() -> None:
    html = "<table><tr><th>Regio</th><th>%</th></tr><tr><td>Twente</td><td>12,5%</td></tr><tr><td>Noord</td><td>.</td></tr></table>"
    doc = read_markdown(f"::::: {{.voortgang-html}}\n`````{{=html}}\n{html}\n`````\n:::::\n", notebook=True)
    (table,) = [n for n in walk(doc["blocks"]) if n["t"] == "Table"]
    assert [spec[0]["t"] for spec in table["c"][2]] == ["AlignDefault", "AlignRight"]


def test_sections_of_an_unnumbered_chapter_are_unnumbered() -> None:
    doc = read_markdown("# Inleiding {.unnumbered}\n\n## Leeswijzer\n\nTekst.\n", notebook=False)
    blocks = chapter_blocks(doc)
    classes = [n["c"][1][1] for n in walk(blocks) if n["t"] == "Header"]
    assert classes == [["unnumbered"], ["unnumbered"]]


def test_sections_of_a_numbered_chapter_stay_numbered() -> None:
    doc = read_markdown("# Cijfers\n\n## Kernindicatoren\n", notebook=False)
    classes = [n["c"][1][1] for n in walk(chapter_blocks(doc)) if n["t"] == "Header"]
    assert classes == [[], []]
