"""Speed of the built-in offline renderer on a report-sized book project.

Run: ``.venv/bin/python bench/bench_render.py [n_chapters]`` (default 8). It
writes, in a temporary directory, a book project like the one the build makes:
``index.qmd`` plus ``n_chapters`` executed notebooks, each with two sections,
three ``df.to_html`` tables (12 rows x 6 years, judgement classes) and two
matplotlib figures (6.4 x 4 in, 100 dpi) with alt text; then times each stage
once (the renderer is run once per build, so there is nothing to warm up) and
prints a markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import base64
import io
import sys
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import yaml  # noqa: E402
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output  # noqa: E402

import analysis.pipeline.render.offline as offline  # noqa: E402
from analysis.inputs.house_style import load_house_style  # noqa: E402
from analysis.pipeline.render.project import load_project  # noqa: E402

RNG = np.random.default_rng(20200501)
YEARS = [str(y) for y in range(2014, 2020)]


def figure_png() -> str:
    fig, ax = plt.subplots(figsize=(6.4, 4), dpi=100)
    ax.plot(YEARS, RNG.integers(1000, 5000, len(YEARS)))
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()


def table_html(caption: str) -> str:
    values = RNG.integers(100, 50_000, size=(12, len(YEARS)))
    df = pd.DataFrame([[f"{v:,}".replace(",", ".") for v in row] for row in values], columns=YEARS)
    df.index = [f"Indicator {i}" for i in range(12)]
    html = df.to_html(border=0)
    html = html.replace("<td>", '<td class="gunstig">', 3).replace("<td>", '<td class="ongunstig">', 2)
    return html.replace("<thead>", f"<caption>{caption}</caption><thead>", 1)


def notebook(i: int) -> nbformat.NotebookNode:
    nb = new_notebook()
    cells = [new_markdown_cell(f"# Actielijn {i}\n\nInleidende tekst over actielijn {i}, met één cliëntervaring.")]
    for section in ("Feiten en cijfers", "Aandachtspunten"):
        cells.append(new_markdown_cell(f"## {section}\n\nTekst bij {section.lower()}."))
        for t in range(3 if section == "Feiten en cijfers" else 0):
            data = {"text/html": table_html(f"Tabel {i}.{t}"), "text/plain": "<HTML>"}
            cells.append(new_code_cell("show_table(df)", outputs=[new_output("display_data", data=data)]))
        for f in range(2 if section == "Feiten en cijfers" else 0):
            out = new_output(
                "display_data",
                data={"image/png": figure_png(), "text/plain": "<Figure>"},
                metadata={"image/png": {"alt": f"Grafiek {i}.{f}: ontwikkeling 2014-2019"}},
            )
            cells.append(new_code_cell("fig", outputs=[out]))
    nb.cells = cells
    return nb


def make_project(root: Path, n_chapters: int) -> Path:
    (root / "notebooks").mkdir(parents=True)
    chapters = ["index.qmd"]
    for i in range(1, n_chapters + 1):
        name = f"notebooks/{i:02d}-actielijn.ipynb"
        nbformat.write(notebook(i), root / name)
        chapters.append(name)
    (root / "index.qmd").write_text("# Inleiding {.unnumbered}\n\nTekst.\n", encoding="utf-8")
    config = {
        "lang": "nl",
        "book": {"title": "Benchmark", "output-file": "bench", "chapters": chapters},
        "format": {"html": {"toc": True}, "docx": {"toc": True}, "typst": {"toc": True}},
    }
    (root / "_quarto.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return root


def main() -> None:
    n_chapters = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp) / "project", n_chapters)
        project = load_project(root)
        style = load_house_style()
        work = Path(tmp) / "work"
        work.mkdir()
        rows = []
        start = time.perf_counter()
        book_json = offline.prepare_book(project, work)
        meta = offline.write_metadata(project, style, work)
        rows.append(("chapters -> pandoc AST (nbconvert + pandoc, all chapters)", time.perf_counter() - start, None))
        for fmt, writer in offline.WRITERS.items():
            t0 = time.perf_counter()
            out = writer(project, style, book_json, meta, work)
            rows.append((f"write {fmt}", time.perf_counter() - t0, out.stat().st_size))
        t0 = time.perf_counter()
        offline.render_offline(root)
        total = time.perf_counter() - t0
    print(f"{n_chapters} notebooks, {3 * n_chapters} tables, {2 * n_chapters} figures")
    print("| stage | time | output size |")
    print("|---|---:|---:|")
    for label, seconds, size in rows:
        print(f"| {label} | {seconds:.2f} s | {'' if size is None else f'{size / 1024:,.0f} KiB'} |")
    print(f"| `render_offline`, all three formats, end to end | {total:.2f} s | |")


if __name__ == "__main__":
    main()
