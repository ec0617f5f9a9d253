"""The researchers' own texts: ``params/tekst/<edition>/<chapter>.md``, never written by the build."""

from __future__ import annotations

import re
from pathlib import Path

from analysis.config import TEKST_DIR

#: A note to self in a text (``voortgang region init`` writes its guidance as one): never in a report.
_NOTE = re.compile(r"<!--.*?-->", re.DOTALL)


def researcher_text(edition: str, chapter: str, tekst_dir: Path = TEKST_DIR) -> str | None:
    """The researchers' own text for a chapter, if they wrote one.

    Researchers write ``params/tekst/<edition>/<chapter>.md`` (markdown); it is
    placed above the generated findings and never overwritten by the build.
    Notes between ``<!--`` and ``-->`` are for the writers and are left out.

    Returns
    -------
    str or None
        The text, or ``None`` when there is no file or nothing but notes in it.
    """
    path = tekst_dir / edition / f"{chapter}.md"
    if not path.is_file():
        return None
    return _NOTE.sub("", path.read_text(encoding="utf-8")).strip() or None
