"""A tiny executed "report project" as the build writes it, for the renderer tests.

The fixtures that use it are in ``conftest.py``; the test modules import the
facts below from here (a plain module: ``conftest`` names clash across folders).

Layout (as ``analysis.pipeline.build`` writes ``reports/<edition>/``)::

    _quarto.yml
    index.qmd
    notebooks/01-cijfers.ipynb     markdown, parameters + injected-parameters
                                   cells, a to_html table, markdown output,
                                   a matplotlib figure with alt text,
                                   a show-code cell, stdout/stderr noise
    notebooks/02-verblijf.ipynb    a pandas Styler table with judgement
                                   classes, a figure whose alt is text/plain

The figures in the tables are published ones (seed report, thuiszitters
4.194 in 2015/2016 and 4.790 in 2018/2019; known_answers / seed001_figures.csv).
The marker strings (``VERBORGEN_CODE`` ...) must never reach a report.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import nbformat
import pandas as pd
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

# ---- facts the tests look for (written out by hand here, never computed) ----
TITLE = "Voortgangsrapportage Zorg voor de Jeugd"
SUBTITLE = "Vierde voortgangsrapportage"
OUTPUT_STEM = "voortgangsrapportage-2020-H1"
#: Level-1 headings of the report in order: index, part, two notebook chapters.
CHAPTERS = [
    "Inleiding en leeswijzer",
    "Voortgang per actielijn",
    "Zorg voor de Jeugd in cijfers",
    "Verblijf en jeugdbescherming",
]
DUTCH_WORDS = ["beëindigd", "één", "cliëntervaring"]
TABLE_VALUES = ["4.194", "4.214", "4.479", "4.790"]
TABLE_CAPTION = "Langdurige thuiszitters per schooljaar"
STYLER_VALUES = ["1.250", "40%", "44%"]
FIGURE_ALT = "Lijngrafiek: het aantal langdurige thuiszitters stijgt van 4.194 naar 4.790"
PLAIN_ALT = "Staafdiagram uithuisplaatsingen binnen OTS"
SHOWN_CODE = "ZICHTBARE_CODE = 'getoond'"
#: Strings that must appear in no output at all.
ABSENT = [
    "PARAMETER_STANDAARD",  # parameters cell
    "INJECTED_WAARDE",  # injected-parameters cell (code)
    "VERBORGEN_CODE",  # an ordinary code cell: code hidden
    "STDOUT_RUIS",  # print() output
    "STDERR_WAARSCHUWING",  # warnings
    "CHUNK_CODE",  # executable chunk in index.qmd
    "VERWIJDERDE_CEL",  # remove-cell tag
    "VERWIJDERDE_UITVOER",  # remove-output tag
]


def png_figure() -> bytes:
    """A small matplotlib line chart as PNG bytes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 2.5), dpi=72)
    ax.plot(["2015/16", "2016/17", "2017/18", "2018/19"], [4194, 4214, 4479, 4790])
    ax.set_title("Thuiszitters")
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _display(data: dict, metadata: dict | None = None):
    return new_output("display_data", data=data, metadata=metadata or {})


def _code(source: str, outputs: list | None = None, tags: list[str] | None = None):
    cell = new_code_cell(source, outputs=outputs or [])
    if tags:
        cell.metadata["tags"] = tags
    return cell


def thuiszitters_table_html() -> str:
    """A ``df.to_html`` table as the notebooks write it (strings with Dutch notation)."""
    df = pd.DataFrame(
        {"Schooljaar": ["2015/2016", "2016/2017", "2017/2018", "2018/2019"], "Aantal": TABLE_VALUES}
    )
    html = df.to_html(index=False, border=0, classes="voortgang")
    html = html.replace("<td>4.790</td>", '<td class="ongunstig">4.790</td>')
    return html.replace(">\n  <thead>", f">\n  <caption>{TABLE_CAPTION}</caption>\n  <thead>", 1)


def styler_table_html() -> str:
    """A pandas Styler table with judgement classes and a caption."""
    df = pd.DataFrame(
        {"2016": ["1.250", "40%"], "2019": ["1.190", "44%"]},
        index=["Uithuisplaatsingen", "Aandeel OTS"],
    )
    classes = pd.DataFrame(
        {"2016": ["", ""], "2019": ["gunstig", "neutraal"]}, index=df.index
    )
    return df.style.set_td_classes(classes).set_caption("Jeugdbescherming 2016-2019").to_html()


def notebook_cijfers() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "voortgang", "display_name": "Python (voortgang)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = [
        new_markdown_cell(
            "# Zorg voor de Jeugd in cijfers\n\n"
            "Het aandeel trajecten dat volgens plan is beëindigd, steeg; één op de acht "
            "jeugdigen had jeugdhulp.[^bron]\n\n"
            "[^bron]: Bron: CBS Beleidsinformatie Jeugd.\n\n"
            "## Aandachtspunten\n\nDe cliëntervaring is stabiel."
        ),
        _code("jaar = 2019  # PARAMETER_STANDAARD", tags=["parameters"]),
        _code(
            "# Parameters\njaar = 2020\nlabel = 'INJECTED_WAARDE'",
            outputs=[new_output("stream", name="stdout", text="INJECTED_WAARDE\n")],
            tags=["injected-parameters"],
        ),
        _code(
            "tabel = thuiszitters()  # VERBORGEN_CODE\nprint('STDOUT_RUIS')\ndisplay(HTML(tabel))",
            outputs=[
                new_output("stream", name="stdout", text="STDOUT_RUIS\n"),
                new_output("stream", name="stderr", text="UserWarning: STDERR_WAARSCHUWING\n"),
                _display(
                    {
                        "text/html": thuiszitters_table_html(),
                        "text/plain": "<IPython.core.display.HTML object>",
                    }
                ),
            ],
        ),
        _code(
            "display(Markdown(zin))",
            outputs=[
                _display(
                    {
                        "text/markdown": "## Thuiszitters\n\nHet aantal langdurige thuiszitters "
                        "steeg van 4.194 in 2015/2016 naar 4.790 in 2018/2019.",
                        "text/plain": "<IPython.core.display.Markdown object>",
                    }
                )
            ],
        ),
        _code(
            "fig  # VERBORGEN_CODE",
            outputs=[
                _display(
                    {"image/png": _b64(png_figure()), "text/plain": "<Figure size 288x180 with 1 Axes>"},
                    {"image/png": {"alt": FIGURE_ALT}},
                ),
                new_output("execute_result", data={"text/plain": "Text(0.5, 1.0, 'VERBORGEN_CODE')"}, execution_count=5),
            ],
        ),
        _code(
            SHOWN_CODE,
            outputs=[_display({"text/markdown": "De code hierboven is zichtbaar.", "text/plain": "x"})],
            tags=["show-code"],
        ),
        _code("x = 1  # VERWIJDERDE_CEL", outputs=[_display({"text/markdown": "VERWIJDERDE_CEL"})], tags=["remove-cell"]),
        _code(
            "y = 2",
            outputs=[_display({"text/markdown": "VERWIJDERDE_UITVOER"})],
            tags=["remove-output"],
        ),
    ]
    return nb


def notebook_verblijf() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = [
        new_markdown_cell("# Verblijf en jeugdbescherming\n\n## Aandachtspunten\n\nMinder verblijf, meer gezinsgericht."),
        _code(
            "styler  # VERBORGEN_CODE",
            outputs=[_display({"text/html": styler_table_html(), "text/plain": "<pandas.io.formats.style.Styler>"})],
        ),
        _code(
            "plt.show()  # VERBORGEN_CODE",
            outputs=[_display({"image/png": _b64(png_figure()), "text/plain": PLAIN_ALT})],
        ),
    ]
    return nb


INDEX_QMD = """\
# Inleiding en leeswijzer {.unnumbered}

Deze rapportage volgt de actielijnen van het programma.

```{python}
#| echo: false
print("CHUNK_CODE")
```

| Bron | Versie |
|---|---|
| CBS Beleidsinformatie Jeugd | 2019 |
"""


def quarto_yml() -> dict:
    return {
        "project": {"type": "book", "output-dir": "_book"},
        "lang": "nl",
        "book": {
            "title": TITLE,
            "subtitle": SUBTITLE,
            "date": "2020-05",
            "author": "Programma Zorg voor de Jeugd",
            "output-file": OUTPUT_STEM,
            "chapters": [
                "index.qmd",
                {
                    "part": "Voortgang per actielijn",
                    "chapters": ["notebooks/01-cijfers.ipynb", "notebooks/02-verblijf.ipynb"],
                },
            ],
        },
        "execute": {"enabled": False, "echo": False, "warning": False},
        "format": {
            "html": {"toc": True, "number-sections": True},
            "docx": {"toc": True, "number-sections": True},
            "typst": {"toc": True, "number-sections": True, "papersize": "a4"},
        },
    }


def make_project(root: Path) -> Path:
    """Write the tiny project into ``root`` and return it."""
    import yaml

    (root / "notebooks").mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook_cijfers(), root / "notebooks" / "01-cijfers.ipynb")
    nbformat.write(notebook_verblijf(), root / "notebooks" / "02-verblijf.ipynb")
    (root / "index.qmd").write_text(INDEX_QMD, encoding="utf-8")
    (root / "_quarto.yml").write_text(yaml.safe_dump(quarto_yml(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root
