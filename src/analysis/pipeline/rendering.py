"""Render a book project with the renderer of the build: Quarto when installed, else the built-in one.

The generated ``_quarto.yml`` of a staging folder
(:mod:`analysis.pipeline.render.quarto_project`) is the one description of the
report for both: ``quarto render`` writes ``_book/``, the built-in renderer
(:mod:`analysis.pipeline.render.offline`) writes the same formats next to it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from analysis.errors import BuildError, VoortgangError
from analysis.pipeline.render.quarto_project import render_quarto


def render_book(
    project_dir: Path, formats: Sequence[str], use_quarto: bool, on_step: Callable[[str, int], None] | None = None
) -> dict[str, Path]:
    """Render ``project_dir`` into ``formats``; returns the output file of each format.

    ``on_step`` receives each finished step and the number of steps (the
    built-in renderer: every chapter, then every format; Quarto: one step).

    Raises
    ------
    BuildError
        The renderer failed (the message names the chapter or format).
    """
    if use_quarto:
        book = render_quarto(project_dir)
        if on_step:
            on_step("quarto", 1)
        return {"html": book / "index.html"} | {
            f: p for f in formats if f != "html" for p in sorted(book.glob(f"*.{f}"))[:1]
        }
    # Imported here: pandoc, nbconvert and docx load in about a second, and a build
    # with nothing to render (or with Quarto) never needs them.
    from analysis.pipeline.render.offline import render_offline

    try:
        return render_offline(project_dir, formats, on_step)
    except VoortgangError as exc:
        raise BuildError(f"rendering failed: {exc}") from exc
