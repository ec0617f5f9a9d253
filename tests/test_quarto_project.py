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
