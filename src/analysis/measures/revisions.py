"""What changed between two editions or versions (``voortgang diff``, chapter "Wijzigingen"), as frames.

A released version (:mod:`analysis.pipeline.publish`) keeps in ``data/`` the figures and
registries its edition used. Comparing two of them (or a version with the
current inputs, as the chapters do while an edition is being built) gives, per
indicator and breakdown:

- new periods (a key ``indicator_id / breakdown / period`` only in the new data)
  and periods that disappeared;
- revised values: old, new, the absolute revision ``new - old`` in the unit of
  the row (for percentages that is *procentpunt*), the relative revision
  ``(new - old) / |old| * 100`` in percent of the old value, and the CBS status
  before and after (``became_final``: ``voorlopig``/``nader voorlopig`` ->
  ``definitief``); a row whose status changed with the same value counts too;
  a value that differs only by rounding (``2.550`` exact against "ruim 2,5
  duizend", rounded to 100: :func:`analysis.inputs.published.within_rounding`)
  with the same status is no revision: it is listed apart (``rounding``);
- indicators added or removed: new in the registry, or reported (with figures) in the
  new edition and not in the old one, and the other way round;
- changes in the evaluatieagenda and the mijlpalen
  (:func:`analysis.measures.agenda.agenda_changes`, :func:`analysis.measures.agenda.mijlpalen_changes`),
  each registry taken as it stood in its edition (questions added and steps made
  in later editions left out), so rebuilding an old edition with a newer
  registry does not report the future as a change.

Frames are tidy with English column names; :mod:`analysis.present.revisions`
turns them into Dutch tables for the terminal and the report. Reading the two
sides is :mod:`analysis.inputs.releases`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.inputs.published import KEY, within_rounding
from analysis.inputs.releases import EditionData, load_version
from analysis.measures.agenda import (
    agenda_as_of,
    agenda_changes,
    mijlpalen_as_of,
    mijlpalen_changes,
)

#: Statuses that are not final yet (CBS "voorlopig", "nader voorlopig").
PROVISIONAL: frozenset[str] = frozenset({"voorlopig", "nader voorlopig"})
FINAL = "definitief"
#: Two values closer than this (relative) are equal: CSV round trips never differ more.
_RTOL = 1e-9


@dataclass(frozen=True)
class EditionDiff:
    """Changes from ``old`` to ``new`` (see the module docstring for the columns' meaning).

    Attributes
    ----------
    old, new : str
        Labels of the two sides.
    new_periods, removed_periods : pandas.DataFrame
        indicator_id, breakdown, period, value, unit, status.
    revisions : pandas.DataFrame
        indicator_id, breakdown, period, unit, old, new, revision (new - old, in
        the unit; procentpunt for percentages), revision_pct (percent of old;
        NaN when old is 0 or missing), status_old, status_new, became_final.
    rounding : pandas.DataFrame
        indicator_id, breakdown, period, unit, old, new, precision_old,
        precision_new: the same figure at another rounding (not a revision).
    indicators : pandas.DataFrame
        id, wijziging (``toegevoegd``/``verwijderd``), label.
    agenda, mijlpalen : pandas.DataFrame
        :func:`analysis.measures.agenda.agenda_changes`, :func:`analysis.measures.agenda.mijlpalen_changes`.
    """

    old: str
    new: str
    new_periods: pd.DataFrame
    removed_periods: pd.DataFrame
    revisions: pd.DataFrame
    rounding: pd.DataFrame
    indicators: pd.DataFrame
    agenda: pd.DataFrame
    mijlpalen: pd.DataFrame

    @property
    def empty(self) -> bool:
        """True when nothing changed."""
        return all(
            f.empty
            for f in (self.new_periods, self.removed_periods, self.revisions, self.indicators, self.agenda,
                      self.mijlpalen)
        )


# ---------------------------------------------------------------- comparing


def diff_figures(
    old: pd.DataFrame, new: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """New periods, removed periods, revisions and rounding-only differences between two figure frames.

    Parameters
    ----------
    old, new : pandas.DataFrame
        :data:`FIGURE_COLUMNS` plus ``status`` and ``precision``; one row per key.

    Returns
    -------
    new_periods, removed_periods, revisions, rounding : pandas.DataFrame
        See :class:`EditionDiff`. A revision is a key in both whose value
        differs (relative tolerance 1e-9; a value that appears or disappears
        counts, with ``revision`` NaN) beyond the rounding of either side, or
        whose status differs. Sorted by key.
    """
    cols = [*KEY, "value", "unit", "status", "precision"]
    merged = old[cols].merge(new[cols], on=list(KEY), how="outer", suffixes=("_old", "_new"), indicator=True)
    merged = merged.sort_values(list(KEY), kind="stable")

    def side(which: str, suffix: str) -> pd.DataFrame:
        part = merged[merged["_merge"] == which]
        return (part[[*KEY, f"value{suffix}", f"unit{suffix}", f"status{suffix}"]]
                .set_axis([*KEY, "value", "unit", "status"], axis=1).reset_index(drop=True))

    added, removed = side("right_only", "_new"), side("left_only", "_old")
    both = merged[merged["_merge"] == "both"]
    o, n = both["value_old"].to_numpy(float), both["value_new"].to_numpy(float)
    same_value = (np.isnan(o) & np.isnan(n)) | np.isclose(o, n, rtol=_RTOL, atol=0.0)
    status_old, status_new = both["status_old"].fillna("").astype(str), both["status_new"].fillna("").astype(str)
    # a status that becomes known (unstated -> voorlopig/definitief) is no revision of the figure
    same_status = ((status_old == status_new) | (status_old == "")).to_numpy()
    rounded = ~same_value & same_status & within_rounding(o, n, both["precision_old"], both["precision_new"])
    rounding = pd.DataFrame({
        **{k: both.loc[rounded, k].to_numpy() for k in KEY},
        "unit": both.loc[rounded, "unit_new"].to_numpy(),
        "old": o[rounded], "new": n[rounded],
        "precision_old": both.loc[rounded, "precision_old"].to_numpy(),
        "precision_new": both.loc[rounded, "precision_new"].to_numpy(),
    })
    changed = (~same_value & ~rounded) | ~same_status
    both = both[changed]
    o, n = o[changed], n[changed]
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(o != 0, (n - o) / np.abs(o) * 100.0, np.nan)
    revisions = pd.DataFrame({
        **{k: both[k].to_numpy() for k in KEY},
        "unit": both["unit_new"].to_numpy(),
        "old": o,
        "new": n,
        "revision": n - o,
        "revision_pct": pct,
        "status_old": status_old[changed].to_numpy(),
        "status_new": status_new[changed].to_numpy(),
    })
    revisions["became_final"] = revisions["status_old"].isin(PROVISIONAL) & revisions["status_new"].eq(FINAL)
    return added, removed, revisions, rounding


def indicator_changes(old: EditionData, new: EditionData) -> pd.DataFrame:
    """Indicators added or removed: id, wijziging (``toegevoegd``/``verwijderd``), label (sorted by id).

    Added: new in the registry, or with figures in ``new`` and none in ``old``;
    removed: the other way round.
    """
    labels = {**old.indicators, **new.indicators}
    had, has = set(old.figures["indicator_id"]), set(new.figures["indicator_id"])
    added = (new.indicators.keys() - old.indicators.keys()) | (has - had)
    removed = (old.indicators.keys() - new.indicators.keys()) | (had - has)
    rows = [(i, "toegevoegd", labels.get(i, i)) for i in added] + [(i, "verwijderd", labels.get(i, i)) for i in removed]
    return pd.DataFrame(sorted(rows), columns=["id", "wijziging", "label"])


def diff_data(old: EditionData, new: EditionData) -> EditionDiff:
    """Everything that changed from ``old`` to ``new`` (see :class:`EditionDiff`)."""
    added, removed, revisions, rounding = diff_figures(old.figures, new.figures)
    return EditionDiff(
        old=old.label,
        new=new.label,
        new_periods=added,
        removed_periods=removed,
        revisions=revisions,
        rounding=rounding,
        indicators=indicator_changes(old, new),
        agenda=agenda_changes(agenda_as_of(old.agenda, old.edition), agenda_as_of(new.agenda, new.edition)),
        mijlpalen=mijlpalen_changes(mijlpalen_as_of(old.mijlpalen, old.edition),
                                    mijlpalen_as_of(new.mijlpalen, new.edition)),
    )


def diff_versions(a: Path, b: Path) -> EditionDiff:
    """Changes from version directory ``a`` (old) to ``b`` (new); see :func:`resolve`."""
    return diff_data(load_version(a), load_version(b))
