"""Executed notebook -> markdown: which cells and outputs reach the report."""

from __future__ import annotations

import pytest
from nbformat.v4 import new_notebook
from report_project import (
    ABSENT,
    FIGURE_ALT,
    PLAIN_ALT,
    SHOWN_CODE,
    _b64,
    _code,
    _display,
    notebook_cijfers,
    notebook_verblijf,
)

from analysis.errors import VoortgangError
from analysis.pipeline.render.notebook import md_escape, notebook_to_markdown


@pytest.fixture(scope="module")
def cijfers() -> tuple[str, dict[str, bytes]]:
    return notebook_to_markdown(notebook_cijfers(), "ch02-cijfers", "01-cijfers.ipynb")


def test_hidden_cells_and_console_output_are_absent(cijfers) -> None:
    markdown, _ = cijfers
    for marker in ABSENT:
        assert marker not in markdown, marker


def test_show_code_cell_keeps_its_code(cijfers) -> None:
    markdown, _ = cijfers
    assert f"```python\n{SHOWN_CODE}\n```" in markdown


def test_markdown_output_and_cells_are_kept(cijfers) -> None:
    markdown, _ = cijfers
    assert "# Zorg voor de Jeugd in cijfers" in markdown
    assert "## Thuiszitters" in markdown
    assert "[^bron]: Bron: CBS Beleidsinformatie Jeugd." in markdown


def test_html_output_becomes_one_raw_block_in_a_marked_div(cijfers) -> None:
    markdown, _ = cijfers
    assert markdown.count("::::: {.voortgang-html}") == 1
    start = markdown.index("`````{=html}")
    end = markdown.index("`````", start + 5)
    block = markdown[start:end]
    assert "<table" in block and "</table>" in block and "4.194" in block


def test_figure_is_extracted_with_its_alt_text(cijfers) -> None:
    markdown, figures = cijfers
    (name,) = figures  # one figure; the stream/plain-text outputs of that cell are dropped
    assert name.startswith("ch02-cijfers_files/") and name.endswith(".png")
    assert figures[name][:8] == b"\x89PNG\r\n\x1a\n"
    assert f"![{md_escape(FIGURE_ALT)}]({name})" in markdown


def test_text_plain_is_the_fallback_alt() -> None:
    markdown, figures = notebook_to_markdown(notebook_verblijf(), "k", "02-verblijf.ipynb")
    (name,) = figures
    assert f"![{PLAIN_ALT}]({name})" in markdown


def test_figure_without_alt_names_chapter_and_cell() -> None:
    nb = new_notebook()
    nb.cells = [
        _code("jaar = 2019", tags=["parameters"]),
        _code("fig", outputs=[_display({"image/png": _b64(b"\x89PNG")})]),
    ]
    # Position 2 as in Jupyter (1-based, counting the removed parameters cell).
    with pytest.raises(VoortgangError, match=r"03-x\.ipynb: cell 2: figure \(image/png\) without alt text"):
        notebook_to_markdown(nb, "k", "03-x.ipynb")


def test_show_output_keeps_stdout_but_never_stderr() -> None:
    from nbformat.v4 import new_output

    nb = new_notebook()
    nb.cells = [
        _code(
            "print('zichtbaar')",
            outputs=[
                new_output("stream", name="stdout", text="ZICHTBARE_UITVOER\n"),
                new_output("stream", name="stderr", text="STDERR_WAARSCHUWING\n"),
            ],
            tags=["show-output"],
        )
    ]
    markdown, _ = notebook_to_markdown(nb, "k", "x.ipynb")
    assert "ZICHTBARE_UITVOER" in markdown
    assert "STDERR_WAARSCHUWING" not in markdown
    assert "print('zichtbaar')" not in markdown  # code still hidden


def test_md_escape() -> None:
    assert md_escape("a [b]\n*c*") == r"a \[b\] \*c\*"


def test_a_figure_with_a_caption_keeps_its_alt_text_apart(tmp_path) -> None:
    """Issue 12: the caption names the figure, the alt text describes it; they are not the same text."""
    import pypandoc

    png = b"\x89PNG\r\n\x1a\n" + b"0" * 16
    alt = 'Lijndiagram "Thuiszitters": 4.194 in 2015/2016 en 4.790 in 2018/2019.'
    nb = new_notebook(cells=[_code("show()", [_display(
        {"image/png": _b64(png)}, {"image/png": {"alt": alt, "caption": "1. Thuiszitters"}})])])
    markdown, _ = notebook_to_markdown(nb, "ch01-x", "x.ipynb")
    page = pypandoc.convert_text(markdown, "html5", format="markdown")
    assert "<figcaption>1. Thuiszitters</figcaption>" in page
    assert 'alt="Lijndiagram &quot;Thuiszitters&quot;: 4.194 in 2015/2016 en 4.790 in 2018/2019."' in page
