"""TODO docstring."""

from __future__ import annotations

from pathlib import Path

from analysis.config import PARAMS_DIR, PROJECT_ROOT, REFERENCE_DIR, TEKST_DIR
from analysis.inputs.editions import Edition


def edition_inputs(edition: Edition) -> list[Path]:
    """Files and folders every chapter of an edition may read (for the cache key).

    All parameter files (registries, mappings, thresholds, researchers' texts),
    the reference data, and the data sources and synthetic data the edition names.
    """
    paths = [PARAMS_DIR, REFERENCE_DIR]
    paths += [PROJECT_ROOT / s.pad for s in edition.sources if s.pad]
    if edition.synthetic is not None:
        paths.append(PROJECT_ROOT / edition.synthetic.pad)
    return sorted({p for p in paths if p.exists()})


# --------------------------------------------------------------------------- cache inputs per run


def run_inputs(edition: Edition, text_name: str) -> list[Path]:
    """Files and folders one execution may read (the inputs part of its cache key).

    As :func:`edition_inputs`, except that of the researchers' texts
    (``params/tekst/``) only the run's own file counts:
    ``params/tekst/<edition>/<text_name>.md`` when it exists. Changing the text
    of one chapter or one region then re-executes only that chapter or region.
    Files of region groupings named in the edition count too.

    Parameters
    ----------
    edition : Edition
    text_name : str
        The run's text file stem: the chapter id for a national chapter,
        ``regio-<code>`` for a regional one.
    """
    paths: list[Path] = [
        p for p in PARAMS_DIR.rglob("*") if p.is_file() and TEKST_DIR not in p.parents and "__pycache__" not in p.parts
    ]
    own_text = TEKST_DIR / edition.edition / f"{text_name}.md"
    if own_text.is_file():
        paths.append(own_text)
    paths += [p for p in edition_inputs(edition) if p != PARAMS_DIR]
    if edition.regions is not None:
        paths += [PROJECT_ROOT / g.pad for g in edition.regions.groupings.values()]
    return sorted({p for p in paths if p.exists()})
