"""TODO docstring."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from analysis.errors import BuildError, VoortgangError
from analysis.pipeline.render.quarto_project import render_quarto


def render_book(project_dir: Path, formats: Sequence[str], use_quarto: bool) -> dict[str, Path]:
    if use_quarto:
        book = render_quarto(project_dir)
        return {"html": book / "index.html"} | {
            f: p for f in formats if f != "html" for p in sorted(book.glob(f"*.{f}"))[:1]
        }
    from analysis.pipeline.render.offline import render_offline

    try:
        return render_offline(project_dir, formats)
    except VoortgangError as exc:
        raise BuildError(f"rendering failed: {exc}") from exc
