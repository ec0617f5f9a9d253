"""The researchers' own texts: ``params/tekst/<edition>/<chapter>.md``, never written by the build."""

from __future__ import annotations

import re
from pathlib import Path

from analysis.config import MAX_TEXT_BYTES, TEKST_DIR
from analysis.inputs.editions import Edition
from analysis.inputs.files import read_text

#: A note to self in a text (``voortgang region init`` writes its guidance as one): never in a report.
_NOTE = re.compile(r"<!--.*?-->", re.DOTALL)


#: Stem of the researchers' beschouwing: every edition has its place, a definitief one needs it written.
BESCHOUWING = "beschouwing"


def required_texts(edition: Edition) -> tuple[str, ...]:
    """Stems of the texts a definitief build of ``edition`` needs: the beschouwing and its ``verplichte_teksten``."""
    return (BESCHOUWING, *(t for t in edition.verplichte_teksten if t != BESCHOUWING))


def placeholder_texts(edition: Edition, tekst_dir: Path = TEKST_DIR) -> list[Path]:
    """The required texts (:func:`required_texts`) that are still a placeholder: missing, or nothing but notes."""
    return [tekst_dir / edition.edition / f"{stem}.md" for stem in required_texts(edition)
            if researcher_text(edition.edition, stem, tekst_dir) is None]


def researcher_text(edition: str, chapter: str, tekst_dir: Path = TEKST_DIR) -> str | None:
    """The researchers' own text for a chapter, if they wrote one.

    Researchers write ``params/tekst/<edition>/<chapter>.md`` (markdown); it is
    placed above the generated findings and never overwritten by the build. It
    is read as it stands: the chapter passes it through the one sanitiser
    (:func:`analysis.present.safety.clean_markdown`) before it reaches a report.
    Notes between ``<!--`` and ``-->`` are for the writers and are left out.

    Returns
    -------
    str or None
        The text, or ``None`` when there is no file or nothing but notes in it.

    Raises
    ------
    VoortgangError
        A file larger than :data:`analysis.config.MAX_TEXT_BYTES` or not UTF-8.
    """
    path = tekst_dir / edition / f"{chapter}.md"
    if not path.is_file():
        return None
    return _NOTE.sub("", read_text(path, MAX_TEXT_BYTES)).strip() or None


def text_files(edition: str, tekst_dir: Path = TEKST_DIR) -> list[Path]:
    """Every researchers' text of an edition (``params/tekst/<edition>/*.md``), sorted."""
    folder = tekst_dir / edition
    return sorted(folder.glob("*.md")) if folder.is_dir() else []
