"""The opening of a chapter whose title is the programme's: the title from ``programma.yaml``
(``hoofdstukken``) and the researchers' own text ``params/tekst/<edition>/<key>.md`` under it.

Used by the chapters of the Hervormingsagenda (maatregelen, aanbevelingen, knelpunten).
"""

from __future__ import annotations

from analysis.inputs.editions import load_edition
from analysis.inputs.programme import Programme, load_programme
from analysis.inputs.registry import load_registry
from analysis.present.display import ChapterOutput
from analysis.present.safety import own_text, plain_text


def open_chapter(edition: str, key: str) -> tuple[ChapterOutput, Programme]:
    """A chapter output that starts with the programme's title for ``key`` and the researchers' text.

    Parameters
    ----------
    edition : str
        The edition (its ``inhoud`` chooses the programme).
    key : str
        The chapter's key in the programme's ``hoofdstukken`` and the stem of its own text.

    Returns
    -------
    tuple of ChapterOutput and Programme
        The output to add to, and the programme (for its name in sentences).

    Raises
    ------
    VoortgangError
        The programme has no title for ``key``.
    """
    programme = load_programme(load_edition(edition), load_registry())
    out = ChapterOutput()
    out.markdown(f"# {plain_text(programme.hoofdstuk(key))}")
    own_words = own_text(edition, key)
    if own_words:
        out.markdown(own_words)
    return out, programme
