"""Rendering reports its steps, so the build can show a progress bar as it does for executions."""

from __future__ import annotations

import io

from rich.console import Console

from analysis.pipeline.progress import StepBar
from analysis.pipeline.render.offline import render_offline
from analysis.pipeline.rendering import render_book


def test_every_chapter_and_format_is_a_step_with_the_total_known_from_the_start(project_dir):
    steps: list[tuple[str, int]] = []
    render_offline(project_dir, ["html", "docx"], on_step=lambda name, total: steps.append((name, total)))
    # the tiny project: index.qmd, the part "Voortgang per actielijn", two notebooks; then two formats
    assert steps == [
        ("index", 6),
        ("Voortgang per actielijn", 6),
        ("01-cijfers", 6),
        ("02-verblijf", 6),
        ("html", 6),
        ("docx", 6),
    ]


def test_render_book_passes_the_steps_on(project_dir):
    seen: list[str] = []
    render_book(project_dir, ["html"], use_quarto=False, on_step=lambda name, _total: seen.append(name))
    assert seen[-1] == "html" and len(seen) == 5


def test_the_bar_draws_label_counts_and_the_last_step():
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100, color_system=None)
    with StepBar("opmaken", None, enabled=True, console=console) as bar:
        for name in ("index", "01-cijfers", "html"):
            bar.advance(total=3, step=name)
    text = out.getvalue()
    assert "opmaken" in text and "3/3" in text and "html" in text


def test_a_disabled_bar_draws_nothing(capsys):
    with StepBar("opmaken", 2, enabled=False) as bar:
        bar.advance(step="html")
    assert capsys.readouterr() == ("", "")
