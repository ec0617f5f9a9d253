"""The researchers' own texts: ``params/tekst/<edition>/<chapter>.md``, never written by the build."""

from __future__ import annotations

from pathlib import Path

from analysis.config import TEKST_DIR


def researcher_text(edition: str, chapter: str, tekst_dir: Path = TEKST_DIR) -> str | None:
    """The researchers' own text for a chapter, if they wrote one.

    Researchers write ``params/tekst/<edition>/<chapter>.md`` (markdown); it is
    placed above the generated findings and never overwritten by the build.

    Returns
    -------
    str or None
        The text, or ``None`` when there is no file.
    """
    path = tekst_dir / edition / f"{chapter}.md"
    if not path.is_file():
        return None
    return path.read_text(encoding="utf-8").strip() or None
