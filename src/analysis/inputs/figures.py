"""The figures of an edition: the one loader that every consumer uses.

An edition names its figures as data sources (``params/editions/<edition>.yaml``,
``sources``): published-figures tables (``soort: gepubliceerd``, a CSV under
``data/published/`` in format version 2, :mod:`analysis.inputs.published`) and
CBS StatLine snapshots (``soort: statline``, a dated folder under
``data/raw/statline/``, mapped onto indicators by ``params/statline.yaml``).
:func:`load_edition_figures` reads and validates all of them with one schema,
merges them into one row per figure by the precedence rule of
``params/analysis.yaml`` (``figures.precedence``) and lists every conflict
between sources with the value chosen and why. The chapters, the manifest,
``voortgang diff`` and the chapter "Wijzigingen" all call it, so the report and
its own change log never disagree about what the figures of an edition are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.config import EDITIONS_DIR, PROJECT_ROOT, STATLINE_DIR
from analysis.errors import VoortgangError
from analysis.inputs.analysis_settings import FigureRules, load_analysis_settings
from analysis.inputs.editions import Edition
from analysis.inputs.files import display_path
from analysis.inputs.published import EXACT, KEY, empty_figures, load_published, validate_rows, within_rounding
from analysis.inputs.registry import Registry, load_registry
from analysis.inputs.sources import Source, load_sources
from analysis.inputs.statline.mapping import published_rows_for

#: Rank of each status in the rule ``status`` (higher wins). A figure whose source states no
#: status (a printed report) counts as voorlopig: it may have been revised since, but it is not
#: less final than a figure CBS itself calls provisional (then precision and date decide).
STATUS_RANK: dict[str, int] = {"": 1, "voorlopig": 1, "nader voorlopig": 2, "definitief": 3}
#: Columns of the conflicts frame (:attr:`EditionFigures.conflicts`).
CONFLICT_COLUMNS: tuple[str, ...] = (
    *KEY, "unit", "value", "status", "source", "other_value", "other_status", "other_source", "rule", "kind",
)


@dataclass(frozen=True)
class EditionFigures:
    """The figures of an edition, merged, with the conflicts between sources.

    Attributes
    ----------
    figures : pandas.DataFrame
        One row per figure (:data:`analysis.inputs.published.KEY`), the columns
        of a published table, sorted by key.
    conflicts : pandas.DataFrame
        One row per figure and source that lost to another with a different
        value or status (:data:`CONFLICT_COLUMNS`): the chosen ``value``,
        ``status``, ``source``; the ``other_*`` of the losing row; ``rule`` the
        rule that decided (``value``, ``status``, ``precision``, ``publication``
        or ``edition_order``); ``kind`` ``status`` when only the status
        differs, ``afronding`` when the two values agree within the rounding of
        the rounded one, else ``verschil``.
    sources : dict
        Source id -> :class:`~analysis.inputs.sources.Source` of every row.
    """

    figures: pd.DataFrame
    conflicts: pd.DataFrame
    sources: dict[str, Source]


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


def _ranks(rows: pd.DataFrame, sources: dict[str, Source]) -> dict[str, np.ndarray]:
    """Per rule, a number per row: higher wins."""
    dates = {sid: y * 10_000 + m * 100 + d for sid, (y, m, d) in ((k, s.date_key()) for k, s in sources.items())}
    return {
        "value": rows["value"].notna().to_numpy(int),
        "status": rows["status"].map(STATUS_RANK).to_numpy(int),
        "precision": (rows["precision"] == EXACT).to_numpy(int),
        "publication": rows["source"].map(dates).to_numpy(int),
        "edition_order": np.arange(len(rows)),
    }


def merge_figures(
    rows: pd.DataFrame, sources: dict[str, Source], rules: FigureRules
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per figure from the rows of several sources, and the conflicts (pure).

    Parameters
    ----------
    rows : pandas.DataFrame
        Validated figures rows of all sources, in edition order (files as the
        edition names them, rows as in the file); a figure may occur once per source.
    sources : dict
        The source record of every row's ``source``.
    rules : FigureRules
        ``precedence``: the order of the rules ``status``, ``precision`` and
        ``publication``. Before them, a row with a value beats a row without
        (an unreadable cell never hides a readable one); after them, the row
        later in edition order wins.

    Returns
    -------
    (figures, conflicts) : (pandas.DataFrame, pandas.DataFrame)
        See :class:`EditionFigures`.
    """
    if rows.empty:
        return rows.reset_index(drop=True), pd.DataFrame(columns=list(CONFLICT_COLUMNS))
    rows = rows.reset_index(drop=True)
    order = ["value", *rules.precedence, "edition_order"]
    ranks = _ranks(rows, sources)
    # lexsort sorts by the last key first: the key columns are the primary sort
    key_codes = [pd.factorize(rows[c])[0] for c in KEY]
    ordered = np.lexsort([*(ranks[r] for r in reversed(order)), *reversed(key_codes)])
    rows = rows.iloc[ordered].reset_index(drop=True)
    ranks = {r: v[ordered] for r, v in ranks.items()}
    last = ~rows.duplicated(list(KEY), keep="last").to_numpy()
    figures = rows[last]
    winner_at = pd.Series(np.flatnonzero(last), index=pd.MultiIndex.from_frame(figures[list(KEY)]))
    conflicts = []
    for i in np.flatnonzero(~last):
        loser = rows.iloc[i]
        w = int(winner_at[tuple(loser[c] for c in KEY)])
        winner = rows.iloc[w]
        same_value = (pd.isna(loser["value"]) and pd.isna(winner["value"])) or loser["value"] == winner["value"]
        if same_value and loser["status"] == winner["status"]:
            continue  # the same figure, confirmed by another source
        rule = next(r for r in order if ranks[r][w] != ranks[r][i])
        agree = within_rounding(np.array([winner["value"]]), np.array([loser["value"]]),
                                pd.Series([winner["precision"]]), pd.Series([loser["precision"]]))[0]
        conflicts.append({
            **{c: winner[c] for c in KEY}, "unit": winner["unit"],
            "value": winner["value"], "status": winner["status"], "source": winner["source"],
            "other_value": loser["value"], "other_status": loser["status"], "other_source": loser["source"],
            "rule": rule, "kind": "status" if same_value else "afronding" if agree else "verschil",
        })
    conflicts_frame = pd.DataFrame(conflicts, columns=list(CONFLICT_COLUMNS))
    figures = _confirmed_status(figures, rows, last)
    if not conflicts_frame.empty:  # a status adopted from a confirming source is no conflict any more
        final = conflicts_frame[list(KEY)].merge(figures[[*KEY, "status"]], on=list(KEY), how="left")["status"]
        confirmed = (conflicts_frame["kind"] == "status") & (final.to_numpy() == conflicts_frame["other_status"])
        conflicts_frame = conflicts_frame[~confirmed.to_numpy()]
    figures = figures.sort_values(list(KEY), kind="stable").reset_index(drop=True)
    return figures, conflicts_frame.sort_values(list(KEY), kind="stable").reset_index(drop=True)


def _confirmed_status(figures: pd.DataFrame, rows: pd.DataFrame, kept: np.ndarray) -> pd.DataFrame:
    """A chosen figure whose source states no status takes the status of a source that gives the same value.

    (The May 2020 report prints CBS's "443 duizend" for 2019 without saying it is
    provisional; CBS's own news item says "2019*": the figure is shown as voorlopig.)
    """
    unstated = figures["status"] == ""
    if not unstated.any():
        return figures
    others = rows[~kept & (rows["status"] != "")]
    same = others.merge(figures.loc[unstated, [*KEY, "value"]], on=[*KEY, "value"])
    if same.empty:
        return figures
    best = same.assign(rank=same["status"].map(STATUS_RANK)).sort_values("rank").drop_duplicates(list(KEY), keep="last")
    adopted = figures[list(KEY)].merge(best[[*KEY, "status"]], on=list(KEY), how="left")["status"].to_numpy()
    out = figures.copy()
    out["status"] = np.where(pd.isna(adopted), out["status"].to_numpy(), adopted)
    return out


def load_edition_figures(edition: Edition, registry: Registry | None = None,
                         rules: FigureRules | None = None) -> EditionFigures:
    """Every figure an edition uses: read, validated, merged, with the conflicts listed.

    Parameters
    ----------
    edition : Edition
        Its published-figures sources (:func:`published_paths`) and StatLine
        snapshots (:func:`statline_snapshots`).
    registry : Registry, optional
        The indicator registry to check the figures against (default: the
        project's ``params/indicators.yaml``).
    rules : FigureRules, optional
        The precedence rule (default: ``params/analysis.yaml``).

    Returns
    -------
    EditionFigures

    Raises
    ------
    VoortgangError
        A missing or invalid file or snapshot row, or a figure of an indicator
        or unit the registry does not know (naming the file, row and column).
    """
    registry = load_registry() if registry is None else registry
    rules = load_analysis_settings().figures if rules is None else rules
    sources = load_sources()
    frames = [load_published(path, registry=registry, sources=sources) for path in published_paths(edition)]
    snapshots = statline_snapshots(edition)
    if snapshots:
        rows, snapshot_sources = published_rows_for(snapshots)
        sources = {**sources, **snapshot_sources}
        where = f"StatLine {', '.join(f'{t} ({d})' for t, d in snapshots.items())} via params/statline.yaml"
        frames.append(validate_rows(rows, where, registry, sources, row_noun="row"))
    rows = pd.concat(frames, ignore_index=True) if frames else empty_figures()
    figures, conflicts = merge_figures(rows, sources, rules)
    used = {s: sources[s] for s in dict.fromkeys(rows["source"])}
    return EditionFigures(figures=figures, conflicts=conflicts, sources=used)


def edition_figures(edition: Edition, registry: Registry | None = None) -> pd.DataFrame:
    """The merged figures of an edition (:attr:`EditionFigures.figures` of :func:`load_edition_figures`)."""
    return load_edition_figures(edition, registry).figures
