"""TODO docstring."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from analysis.config import EDITIONS_DIR, PROJECT_ROOT, STATLINE_DIR
from analysis.errors import VoortgangError
from analysis.inputs.editions import ChapterRun, Edition
from analysis.inputs.files import display_path

#: CBS period status, as :mod:`analysis.inputs.statline` writes it into the ``note`` of a row.
STATUSES: tuple[str, ...] = ("voorlopig", "nader voorlopig", "definitief")


# ---------------------------------------------------------------- the data a version keeps for diffs


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


def row_status(notes: pd.Series) -> pd.Series:
    """CBS status of each row from its ``note`` (``" | "``-separated items), else ``""``.

    :func:`analysis.inputs.statline.mapping.to_published_rows` writes the period's status
    (``voorlopig``, ``nader voorlopig``, ``definitief``) as one item of the note;
    figures from a printed report have no status.
    """
    def status(note: str) -> str:
        items = [item.strip() for item in str(note).split("|")]
        return next((item for item in items if item in STATUSES), "")

    return notes.fillna("").map(status).astype(str)


def edition_figures(published: Sequence[Path], statline: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The figures an edition uses, in one frame: published tables plus StatLine rows.

    Parameters
    ----------
    published : sequence of Path
        Published-figures CSV files (the chapters' ``published`` parameters).
    statline : mapping of table id to snapshot date, optional
        Snapshots (:func:`statline_snapshots`), turned into rows by ``params/statline.yaml``.

    Returns
    -------
    pandas.DataFrame
        The published columns plus ``status`` (:func:`row_status`), sorted by
        indicator, breakdown and period; on a duplicate key the later source wins
        (StatLine after the printed report).
    """
    from analysis.inputs.published import COLUMNS, KEY, load_published

    frames = [load_published(Path(p)) for p in dict.fromkeys(Path(p) for p in published)]
    if statline:
        from analysis.inputs.statline.mapping import published_rows_for

        frames.append(published_rows_for(dict(statline)))
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(COLUMNS))
    frame = frame.drop_duplicates(list(KEY), keep="last")
    frame["status"] = row_status(frame["note"])
    return frame.sort_values(list(KEY), kind="stable").reset_index(drop=True)


def published_paths(runs: Sequence[ChapterRun]) -> list[Path]:
    """The distinct ``published`` parameters of an edition's chapter runs, as absolute paths."""
    return list(dict.fromkeys(PROJECT_ROOT / r.parameters["published"] for r in runs if "published" in r.parameters))
