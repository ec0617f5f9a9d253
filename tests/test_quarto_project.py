"""The generated Quarto book project (structure), and the Quarto path where Quarto exists."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from analysis.chapters.inleiding import inleiding_markdown
from analysis.errors import VoortgangError
from analysis.inputs.editions import load_edition
from analysis.pipeline.render.quarto_project import (
    INDEX_CHAPTER,
    load_template,
    quarto_config,
    write_quarto_project,
)


def _config(formats=("html", "docx", "pdf")):
    return quarto_config(
        load_template(),
        edition="2020-H1",
        title="Voortgangsrapportage",
        subtitle="Vierde voortgangsrapportage",
        date="2020-05",
        author="Programma",
        chapters=[INDEX_CHAPTER, "notebooks/01-kernindicatoren.ipynb"],
        formats=list(formats),
    )


def test_generated_config_disables_execution_and_is_dutch():
    config = _config()
    assert config["project"]["type"] == "book"
    assert config["execute"]["enabled"] is False
    assert config["execute"]["echo"] is False
    assert config["lang"] == "nl"
    assert config["book"]["chapters"][0] == "index.qmd"
    assert config["book"]["output-file"] == "voortgangsrapportage-2020-H1"
    assert set(config["format"]) == {"html", "docx", "typst"}  # pdf through typst


def test_formats_subset_and_unknown_format():
    assert set(_config(["html"])["format"]) == {"html"}
    with pytest.raises(VoortgangError, match="unknown format 'epub'"):
        _config(["epub"])


def test_written_project_has_every_chapter(tmp_path):
    (tmp_path / "notebooks").mkdir()
    import nbformat

    nbformat.write(nbformat.v4.new_notebook(), tmp_path / "notebooks" / "01-kernindicatoren.ipynb")
    edition = load_edition("2020-H1")
    write_quarto_project(tmp_path, _config(), inleiding_markdown(edition))
    written = yaml.safe_load((tmp_path / "_quarto.yml").read_text(encoding="utf-8"))
    for chapter in written["book"]["chapters"]:
        assert (tmp_path / chapter).is_file(), chapter
    index = (tmp_path / "index.qmd").read_text(encoding="utf-8")
    assert index.startswith("# Inleiding en leeswijzer")
    assert "mei 2020" in index and "2015-2019" in index


@pytest.mark.quarto
@pytest.mark.skipif(shutil.which("quarto") is None, reason="quarto is not installed on this machine (cannot be installed here); the Quarto path runs where it exists")
def test_quarto_renders_generated_project(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Hoofdstuk\n\nTekst.")]
    (tmp_path / "notebooks").mkdir()
    nbformat.write(nb, tmp_path / "notebooks" / "01-kernindicatoren.ipynb")
    write_quarto_project(tmp_path, _config(["html"]), "# Inleiding\n")
    subprocess.run(["quarto", "render", str(tmp_path), "--no-execute"], check=True)
    assert (tmp_path / "_book" / "index.html").is_file()


def test_show_code_cells_get_quarto_echo_option(tmp_path):
    import nbformat

    from analysis.pipeline.render.notebook import notebook_to_markdown

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["show-code"]}),
        nbformat.v4.new_code_cell("y = 2"),
    ]
    (tmp_path / "notebooks").mkdir()
    path = tmp_path / "notebooks" / "01-kernindicatoren.ipynb"
    nbformat.write(nb, path)
    write_quarto_project(tmp_path, _config(["html"]), "# Inleiding\n")
    written = nbformat.read(path, as_version=4)
    assert written.cells[0].source == "#| echo: true\nx = 1"  # Quarto keeps this code
    assert written.cells[1].source == "y = 2"
    # the built-in renderer shows the code without the Quarto option line
    markdown, _ = notebook_to_markdown(written, "k", "notebooks/01-kernindicatoren.ipynb")
    assert "x = 1" in markdown and "#|" not in markdown and "y = 2" not in markdown


def test_generated_project_requires_quarto_1_9_for_typst_books(tmp_path):
    """Typst output of a book project needs Quarto 1.9 (quarto-cli news/changelog-1.9.md, #13954);
    `quarto-required` is the document option of Quarto's schema (document-options.yml)."""
    (tmp_path / "notebooks").mkdir()
    import nbformat

    nbformat.write(nbformat.v4.new_notebook(), tmp_path / "notebooks" / "01-kernindicatoren.ipynb")
    write_quarto_project(tmp_path, _config(), "# Inleiding\n")
    written = yaml.safe_load((tmp_path / "_quarto.yml").read_text(encoding="utf-8"))
    assert written["quarto-required"] == ">=1.9"
    assert "typst" in written["format"]


def _chapter(*outputs, markdown: str | None = None):
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

    nb = nbformat.v4.new_notebook()
    cells = [new_code_cell('edition = "2020-H1"', metadata={"tags": ["parameters"]})]
    if markdown is not None:
        cells.append(new_markdown_cell(markdown))
    build = new_code_cell("mijlpalen.build(edition)", outputs=[
        new_output("stream", name="stderr", text="warning\n"),
        *(new_output("display_data", data=data) for data in outputs)])
    build["id"] = "build"
    nb.cells = [*cells, build]
    return nb


def test_chapter_title_becomes_a_markdown_cell_before_its_code_cell():
    from analysis.pipeline.render.quarto_project import title_as_markdown

    nb = _chapter({"text/markdown": "# Mijlpalen", "text/plain": "<Markdown>"},
                  {"text/markdown": "## Mijlpalenoverzicht"})
    assert title_as_markdown(nb) is True
    assert [c.cell_type for c in nb.cells] == ["code", "markdown", "code"]
    assert nb.cells[1].source == "# Mijlpalen" and nb.cells[1].id == "build-title"
    texts = [o["data"].get("text/markdown") for o in nb.cells[2].outputs if o.output_type != "stream"]
    assert texts == ["## Mijlpalenoverzicht"]  # the title is no longer an output
    assert title_as_markdown(nb) is False  # done once


def test_title_with_text_in_the_same_output_keeps_the_text():
    from analysis.pipeline.render.quarto_project import title_as_markdown

    nb = _chapter({"text/markdown": "# Factsheet actielijn 1: Betere toegang\n\n**Beweging:** x"})
    assert title_as_markdown(nb)
    assert nb.cells[1].source == "# Factsheet actielijn 1: Betere toegang"
    assert nb.cells[2].outputs[1]["data"]["text/markdown"] == "**Beweging:** x"


@pytest.mark.parametrize("outputs, markdown", [
    (({"text/markdown": "# Eigen titel in de uitvoer"},), "# Mijn analyse"),  # a markdown title already
    (({"text/html": "<table></table>"}, {"text/markdown": "# Te laat"}), None),  # a table comes first
    (({"text/markdown": "Geen kop"},), None),  # the first text is no level-1 heading
])
def test_notebooks_without_a_title_output_first_are_left_alone(outputs, markdown):
    import copy

    from analysis.pipeline.render.quarto_project import title_as_markdown

    nb = _chapter(*outputs, markdown=markdown)
    before = copy.deepcopy(nb)
    assert title_as_markdown(nb) is False
    assert nb == before


def test_text_hash_is_the_same_with_the_title_as_output_or_as_markdown_cell(tmp_path):
    import nbformat

    from analysis.pipeline.manifest import text_hashes
    from analysis.pipeline.render.quarto_project import title_as_markdown

    nb = _chapter({"text/markdown": "# Mijlpalen"}, {"text/markdown": "Sinds 2018 zijn 12 mijlpalen behaald."})
    for name in ("as-output", "as-cell"):
        (tmp_path / name / "notebooks").mkdir(parents=True)
    nbformat.write(nb, tmp_path / "as-output" / "notebooks" / "81-mijlpalen.ipynb")
    assert title_as_markdown(nb)
    nbformat.write(nb, tmp_path / "as-cell" / "notebooks" / "81-mijlpalen.ipynb")
    assert text_hashes(tmp_path / "as-output") == text_hashes(tmp_path / "as-cell")
