"""The cover marks a reproduction and names the chapters with synthetic data (issue 12, honest marking).

Expected texts are the issue's ("Reproductie van de Vierde voortgangsrapportage (mei 2020)") and
the chapter titles written out by hand.
"""

from __future__ import annotations

import nbformat

from analysis.inputs.editions import load_edition, synthetic_paths, uses_synthetic
from analysis.pipeline.render.quarto_project import chapter_title
from analysis.present.notices import SYNTHETIC_SENTENCE_MARK, cover, mark_synthetic


def test_a_reproduction_says_so_in_the_title_and_keeps_the_series_title_below():
    c = cover("Voortgangsrapportage Zorg voor de Jeugd", "Vierde voortgangsrapportage",
              "Vierde voortgangsrapportage (mei 2020)", [])
    assert c.title == "Reproductie van de Vierde voortgangsrapportage (mei 2020)"
    assert c.subtitle == "Voortgangsrapportage Zorg voor de Jeugd, vierde voortgangsrapportage"
    assert c.subject == ""
    assert "reproductie" in c.keywords and "synthetische data" not in c.keywords


def test_the_notice_names_every_synthetic_chapter_in_order():
    c = cover("Regiorapportage Twente", "", None, ["Factsheet actielijn 4", "Patronen"])
    assert c.title == "Regiorapportage Twente" and c.subtitle == ""
    assert c.subject == ("Bevat synthetische data (geen echte uitkomsten) in de hoofdstukken "
                         "Factsheet actielijn 4 en Patronen.")
    assert "synthetische data" in c.keywords


def test_chapters_that_name_the_synthetic_data_are_found_at_any_depth():
    paths = ("data/synthetic/2020-H1",)
    assert uses_synthetic({"microdata": "data/synthetic/2020-H1"}, paths)
    assert uses_synthetic({"x": {"y": ["data/synthetic/2020-H1/persons.parquet"]}}, paths)
    assert not uses_synthetic({"microdata": "data/synthetic/2020-H10"}, paths)
    assert not uses_synthetic({"factsheet": "al4"}, paths)


def test_the_2020_edition_marks_the_cohort_pattern_outcome_and_monitor_chapters():
    edition = load_edition("2020-H1")
    assert edition.reproductie == "Vierde voortgangsrapportage (mei 2020)"
    paths = synthetic_paths(edition)
    synthetic = [c.id or c.notebook for c in edition.chapters if uses_synthetic(c.parameters, paths)]
    assert synthetic == ["cohort-18plus", "patronen", "uitkomsten", "monitor"]


def test_chapter_title_from_an_output_or_a_markdown_cell():
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell("x")
    code.outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": "# Patronen {.unnumbered}\n\nTekst"})]
    nb.cells = [nbformat.v4.new_code_cell("parameters"), code]
    assert chapter_title(nb) == "Patronen"
    nb.cells.insert(0, nbformat.v4.new_markdown_cell("Intro\n\n# Eigen titel"))
    assert chapter_title(nb) == "Eigen titel"


def test_every_finding_carries_the_mark_but_headings_do_not():
    lines = ["**Jeugdhulp naar jeugdregio**", "- JZ09: minder vaak jeugdhulp (7,9% tegenover 12,5%).", ""]
    assert mark_synthetic(lines, synthetic=True) == [
        "**Jeugdhulp naar jeugdregio**",
        f"- JZ09: minder vaak jeugdhulp (7,9% tegenover 12,5%). {SYNTHETIC_SENTENCE_MARK}",
        "",
    ]
    assert mark_synthetic(lines, synthetic=False) == lines


def test_a_finding_block_is_marked_line_by_line():
    block = "### Zelfstandig wonend\n\nDit cijfer is geheim (te weinig personen) en wordt niet getoond."
    assert mark_synthetic([block], synthetic=True) == [
        "### Zelfstandig wonend\n\nDit cijfer is geheim (te weinig personen) en wordt niet getoond. "
        + SYNTHETIC_SENTENCE_MARK]
