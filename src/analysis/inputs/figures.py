"""The figures of an edition: the one loader that every consumer uses.

An edition names its figures as data sources (``params/editions/<edition>.yaml``,
``sources``): published-figures tables (``soort: gepubliceerd``, a CSV under
``data/published/``) and CBS StatLine snapshots (``soort: statline``, a dated
folder under ``data/raw/statline/``, mapped onto indicators by
``params/statline.yaml``). :func:`edition_figures` reads and validates all of
them into one frame; the chapters, the manifest, ``voortgang diff`` and the
chapter "Wijzigingen" all call it, so the report and its own change log can
never disagree about what the figures of an edition are.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.config import EDITIONS_DIR, PROJECT_ROOT, STATLINE_DIR, STATUSES
from analysis.errors import VoortgangError
from analysis.inputs.editions import Edition
from analysis.inputs.files import display_path
from analysis.inputs.published import COLUMNS, KEY, load_published
from analysis.inputs.registry import Registry, load_registry
from analysis.inputs.statline.mapping import published_rows_for


def statline_snapshots(edition: Edition) -> dict[str, str]:
    """StatLine snapshots an edition names: ``{table: date}``.

    A source with ``soort: statline`` names its snapshot by ``pad``:
    ``data/raw/statline/<table>/<YYYY-MM-DD>`` (the folder ``voortgang data
    fetch`` writes).

    Raises
    ------
    VoortgangError
        A StatLine source without such a ``pad``.
    """
    out: dict[str, str] = {}
    root = STATLINE_DIR.relative_to(PROJECT_ROOT).as_posix()
    for source in edition.sources:
        if source.soort != "statline":
            continue
        match = re.match(rf"^{re.escape(root)}/([^/]+)/(\d{{4}}-\d{{2}}-\d{{2}})/?$", source.pad or "")
        if not match:
            raise VoortgangError(
                f"{display_path(EDITIONS_DIR / f'{edition.edition}.yaml')}: source {source.naam!r}, key 'pad': "
                f"a StatLine source names its snapshot as {root}/<table>/<YYYY-MM-DD>, not {source.pad!r}"
            )
        out[match.group(1)] = match.group(2)
    return out


def published_paths(edition: Edition) -> list[Path]:
    """The published-figures files an edition names (``soort: gepubliceerd`` with a ``pad``), in order."""
    return list(dict.fromkeys(PROJECT_ROOT / s.pad for s in edition.sources if s.soort == "gepubliceerd" and s.pad))


def edition_reads(edition: Edition) -> list[Path]:
    """Files :func:`edition_figures` reads for ``edition`` (for the cache key of the chapters that use it)."""
    snapshots = [STATLINE_DIR / table / date for table, date in statline_snapshots(edition).items()]
    return [*published_paths(edition), *snapshots]


def row_status(notes: pd.Series) -> pd.Series:
    """CBS status of each row from its ``note`` (``" | "``-separated items), else ``""``.

    :func:`analysis.inputs.statline.mapping.to_published_rows` writes the period's status
    (:data:`analysis.config.STATUSES`) as one item of the note; figures from a
    printed report have no status.
    """
    def status(note: str) -> str:
        items = [item.strip() for item in str(note).split("|")]
        return next((item for item in items if item in STATUSES), "")

    return notes.fillna("").map(status).astype(str)


def edition_figures(edition: Edition, registry: Registry | None = None) -> pd.DataFrame:
    """Every figure an edition uses, in one validated frame.

    Parameters
    ----------
    edition : Edition
        Its published-figures sources (:func:`published_paths`) and StatLine
        snapshots (:func:`statline_snapshots`).
    registry : Registry, optional
        The indicator registry to check the figures against (default: the
        project's ``params/indicators.yaml``).

    Returns
    -------
    pandas.DataFrame
        The published columns plus ``status`` (:func:`row_status`), sorted by
        indicator, breakdown and period; on a duplicate key the later source wins
        (sources in the order of the edition file, StatLine after the published tables).

    Raises
    ------
    VoortgangError
        A missing or invalid file, or a figure of an indicator or unit the
        registry does not know (naming the file, row and column).
    """
    registry = load_registry() if registry is None else registry
    frames = [load_published(path, registry=registry) for path in published_paths(edition)]
    snapshots = statline_snapshots(edition)
    if snapshots:
        frames.append(published_rows_for(snapshots))
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(COLUMNS))
    frame = frame.drop_duplicates(list(KEY), keep="last")
    frame["status"] = row_status(frame["note"])
    return frame.sort_values(list(KEY), kind="stable").reset_index(drop=True)
