"""Counts of the monitor of complexe zorgvragen (RET/BEN): pick-up per region, problem types, recurring knelpunten.

Pure functions on the records of :func:`analysis.inputs.monitor.load_monitor`;
counts of questions only (never rows of questions) leave this module.

- :func:`pickup_counts`: per jeugdregio, questions aangereikt (denominator) and
  opgepakt (numerator): the first step of the funnel aangereikt -> opgepakt ->
  afgerond (:func:`funnel_steps`).
- :func:`label_frame`: one boolean column per problem type (several per question).
- :func:`recurring_knelpunten`: a *knelpunt* is a presented question that was not
  opgepakt; per problem type, in how many jeugdregio's it recurs (knelpunten of
  that type in at least ``min_periods`` consecutive half-years), and the number
  of knelpunten per half-year.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from analysis.errors import VoortgangError
from analysis.inputs.monitor import PROBLEEMTYPEN
from analysis.inputs.periods import period_position


def pickup_counts(records: pd.DataFrame, periods: Sequence[str] | None = None) -> pd.DataFrame:
    """Per jeugdregio: ``numerator`` = opgepakt, ``denominator`` = aangereikt (counts of questions)."""
    sel = records if periods is None else records[records["period"].isin(list(periods))]
    out = sel.groupby("jeugdregio", sort=True).agg(numerator=("opgepakt", "sum"), denominator=("casus_id", "size"))
    return out.reset_index().astype({"numerator": "int64", "denominator": "int64"})


def funnel_steps(records: pd.DataFrame, periods: Sequence[str] | None = None) -> pd.DataFrame:
    """Aangereikt -> opgepakt -> afgerond: per step the count and the step before (for percentages)."""
    sel = records if periods is None else records[records["period"].isin(list(periods))]
    n, op, af = len(sel), int(sel["opgepakt"].sum()), int(sel["afgerond"].sum())
    return pd.DataFrame({"stap": ["opgepakt van aangereikt", "afgerond van opgepakt"],
                         "numerator": [op, af], "denominator": [n, op]})


def label_frame(records: pd.DataFrame) -> pd.DataFrame:
    """One boolean column per problem type of :data:`PROBLEEMTYPEN` (a question may have several)."""
    return pd.DataFrame({t: [t in types for types in records["probleemtypen"]] for t in PROBLEEMTYPEN},
                        index=records.index)


def groups_of(records: pd.DataFrame, grouping: Mapping[str, str]) -> pd.Series:
    """The group (e.g. landsdeel code) of each question's jeugdregio."""
    out = records["jeugdregio"].map(grouping)
    if out.isna().any():
        missing = sorted(set(records.loc[out.isna(), "jeugdregio"]))
        raise VoortgangError(f"grouping: no group for jeugdregio's {missing}")
    return out


def recurring_knelpunten(records: pd.DataFrame, min_periods: int = 2) -> pd.DataFrame:
    """Per problem type: knelpunten (aangereikt, not opgepakt) per half-year and where they recur.

    Parameters
    ----------
    records : DataFrame
        Monitor records.
    min_periods : int
        Consecutive half-years with a knelpunt of the type that make it recurring in a region.

    Returns
    -------
    DataFrame
        ``probleemtype``, one column per half-year (number of knelpunten with
        that type) and ``terugkerend`` (number of jeugdregio's where the type
        had knelpunten in at least ``min_periods`` consecutive half-years).
    """
    periods = sorted(set(records["period"]), key=period_position)
    knel = records[~records["opgepakt"]]
    labels = label_frame(knel)
    rows = []
    for t in PROBLEEMTYPEN:
        sel = knel[labels[t].to_numpy()]
        per_period = sel.groupby("period").size().reindex(periods, fill_value=0)
        recurring = 0
        for _, grp in sel.groupby("jeugdregio"):
            present = [p in set(grp["period"]) for p in periods]
            run = best = 0
            for flag in present:
                run = run + 1 if flag else 0
                best = max(best, run)
            recurring += best >= min_periods
        rows.append({"probleemtype": t, **{p: int(per_period[p]) for p in periods}, "terugkerend": int(recurring)})
    return pd.DataFrame(rows)
