"""Outcome indicators per ended jeugdhulp trajectory, as a stratified count table (never person rows).

Definitions (as in ``params/indicators.yaml``, with their sources there):

- *ended trajectory*: a jeugdhulp record with an end date in the period; period
  = the half-year of the end date (``2019-H1``); region = the jeugdregio of
  residence in the year of the end date (a trajectory of a person without a
  residence record that year is left out); age group = completed age on the end
  date (:data:`analysis.config.AGE_GROUPS`, ages 0-22); vorm = zonder or met
  verblijf.
- ``volgens_plan``: ended volgens plan of samen (``reden_einde``), of the ended
  trajectories with a known reason; ``eenzijdig_client`` likewise.
- ``heraanmelding_6m`` / ``heraanmelding_12m``: the same person starts a
  jeugdhulp trajectory within 6 / 12 calendar months after the end date (the
  day clipped to the month's length: 31 August + 6 months = 28/29 February), with
  at least one day without that care in between (start at least
  :data:`MIN_GAP_DAYS` days after the end date; CBS counts an adjoining
  trajectory as no new start); of the ended trajectories whose 6 / 12 months
  fall within the data (end date + months <= 31 December of the last year).

:func:`outcome_counts` gives the table in the layout of
:mod:`analysis.inputs.aggregates` (so a region's shared counts and our own are
the same input for the statistics); :func:`select_counts` sums it to the
breakdown a statistic needs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.config import AGE_GROUPS
from analysis.errors import VoortgangError
from analysis.inputs.aggregates import COUNT_COLUMNS, OUTCOMES, STRATA, VORM_GROUPS
from analysis.inputs.microdata.dates import age_at, age_group_index
from analysis.inputs.microdata.load import MicrodataTables
from analysis.inputs.periods import period_position

#: A new start counts as re-entry from this many days after the end date (one day without care between).
MIN_GAP_DAYS = 2
#: Follow-up of the re-entry indicators, in calendar months.
FOLLOW_UP: dict[str, int] = {"heraanmelding_6m": 6, "heraanmelding_12m": 12}


def half_year(dates: np.ndarray | pd.Series) -> np.ndarray:
    """``"2019-H1"`` for dates in January-June 2019, ``"2019-H2"`` for July-December."""
    d = pd.DatetimeIndex(np.asarray(dates, dtype="datetime64[s]"))
    return np.array([f"{y}-H{1 if m <= 6 else 2}" for y, m in zip(d.year, d.month, strict=True)], dtype=object)


def _next_start(ended: pd.DataFrame, jh: pd.DataFrame) -> np.ndarray:
    """Per ended trajectory: the first start date of the same person at least MIN_GAP_DAYS after its end."""
    after = ended["end_date"].to_numpy("datetime64[s]") + np.timedelta64(MIN_GAP_DAYS, "D")
    left = pd.DataFrame({"index": ended.index.to_numpy(), "person_id": ended["person_id"].to_numpy(),
                         "after": after.astype("datetime64[s]")}).sort_values("after")
    right = pd.DataFrame({"person_id": jh["person_id"].to_numpy(),
                          "start_date": jh["start_date"].to_numpy("datetime64[s]")}).sort_values("start_date")
    merged = pd.merge_asof(left, right, left_on="after", right_on="start_date", by="person_id",
                           direction="forward", allow_exact_matches=True)
    return merged.set_index("index").loc[ended.index.to_numpy(), "start_date"].to_numpy("datetime64[s]")


def outcome_counts(tables: MicrodataTables, periods: Sequence[str] | None = None) -> pd.DataFrame:
    """The outcome indicators as counts per jeugdregio, period and stratum.

    Parameters
    ----------
    tables : MicrodataTables
        Person-level tables with ``jeugdhulp.reden_einde``.
    periods : sequence of str, optional
        Half-years (``2019-H1``) to keep; default every half-year within the
        data's coverage.

    Returns
    -------
    pandas.DataFrame
        :data:`analysis.inputs.aggregates.COUNT_COLUMNS`: counts of
        trajectories (int64), only cells with a denominator above zero.
    """
    first, last = tables.coverage
    jh = tables.jeugdhulp
    ended = jh[jh["end_date"].notna()].copy()
    ended = ended[(ended["end_date"] >= pd.Timestamp(f"{first}-01-01"))
                  & (ended["end_date"] <= pd.Timestamp(f"{last}-12-31"))]
    ended["year"] = ended["end_date"].dt.year.astype("int64")
    res = tables.residence[["person_id", "year", "jeugdregio"]].astype({"year": "int64"})
    ended = ended.reset_index(drop=True).merge(res, on=["person_id", "year"], how="inner")
    ended = ended.merge(tables.persons[["person_id", "birth_month", "sex"]], on="person_id", how="inner")
    end = ended["end_date"].to_numpy("datetime64[s]")
    age = age_at(ended["birth_month"], end)
    top = max(hi for _, hi in AGE_GROUPS.values())
    ended = ended[(age >= 0) & (age <= top)].copy()
    end = ended["end_date"].to_numpy("datetime64[s]")
    ended["age_group"] = np.array(list(AGE_GROUPS))[age_group_index(age_at(ended["birth_month"], end), AGE_GROUPS)]
    ended["vorm"] = np.where(ended["verblijf"].to_numpy(bool), VORM_GROUPS[1], VORM_GROUPS[0])
    ended["period"] = half_year(end)
    if periods is not None:
        ended = ended[ended["period"].isin(list(periods))]
    reden = ended["reden_einde"].astype("string")
    known = reden.notna().to_numpy()
    data_end = np.datetime64(f"{last}-12-31", "s")
    nxt = _next_start(ended, jh) if len(ended) else np.array([], dtype="datetime64[s]")
    end = ended["end_date"].to_numpy("datetime64[s]")
    cols: dict[str, tuple[np.ndarray, np.ndarray]] = {
        "volgens_plan": (known, (reden == "volgens_plan").fillna(False).to_numpy(bool)),
        "eenzijdig_client": (known, (reden == "eenzijdig_client").fillna(False).to_numpy(bool)),
    }
    for outcome, months in FOLLOW_UP.items():
        # end date + calendar months, the day clipped to the month's length (31 August + 6 -> 28/29 February)
        limit = (pd.Series(end) + pd.DateOffset(months=months)).to_numpy("datetime64[s]")
        followed = limit <= data_end
        cols[outcome] = (followed, followed & ~np.isnat(nxt) & (nxt <= limit))
    keys = ["jeugdregio", "period", *STRATA]
    frames = []
    for outcome in OUTCOMES:
        den, num = cols[outcome]
        part = ended[keys].assign(denominator=den.astype("int64"), numerator=(num & den).astype("int64"))
        agg = part.groupby(keys, sort=True, observed=True)[["numerator", "denominator"]].sum().reset_index()
        frames.append(agg[agg["denominator"] > 0].assign(outcome=outcome))
    out = pd.concat(frames, ignore_index=True)
    for col in keys:
        out[col] = out[col].astype(str)
    return out[list(COUNT_COLUMNS)].astype({"numerator": "int64", "denominator": "int64"}).reset_index(drop=True)


def select_counts(counts: pd.DataFrame, outcome: str, keep: Sequence[str],
                  periods: Sequence[str] | None = None, regions: Sequence[str] | None = None) -> pd.DataFrame:
    """Sum a count table over every column not in ``keep``, for one outcome.

    Parameters
    ----------
    counts : DataFrame
        A count table (:func:`outcome_counts` or :func:`analysis.inputs.aggregates.load_counts`).
    outcome : str
        One of :data:`analysis.inputs.aggregates.OUTCOMES`.
    keep : sequence of str
        Columns to keep (``jeugdregio``, ``period`` and/or strata); empty for the total.
    periods, regions : sequence of str, optional
        Keep only these half-years / jeugdregio codes.

    Returns
    -------
    DataFrame
        ``keep`` columns, ``numerator``, ``denominator`` (and ``position``, the
        period's place on the time axis, when ``period`` is kept).
    """
    if outcome not in OUTCOMES:
        raise VoortgangError(f"outcome = {outcome!r}: not among {list(OUTCOMES)}")
    keep = list(keep)
    bad = [k for k in keep if k not in COUNT_COLUMNS[:-3]]
    if bad:
        raise VoortgangError(f"keep = {keep!r}: {bad} not among {list(COUNT_COLUMNS[:-3])}")
    sel = counts[counts["outcome"] == outcome]
    if periods is not None:
        sel = sel[sel["period"].isin(list(periods))]
    if regions is not None:
        sel = sel[sel["jeugdregio"].isin(list(regions))]
    if keep:
        out = sel.groupby(keep, sort=True, observed=True)[["numerator", "denominator"]].sum().reset_index()
    else:
        out = pd.DataFrame({"numerator": [int(sel["numerator"].sum())], "denominator": [int(sel["denominator"].sum())]})
    if "period" in keep:
        out["position"] = [period_position(p) for p in out["period"]]
    return out
