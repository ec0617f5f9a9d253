"""Residents aged 0-17 with jeugdhulp and with verblijf, per year and stratum (counts, never person rows).

Prevalence in year t: residents with a residence record for t, age in completed
years on 31 December of t, *jeugdhulp* = a trajectory with at least one day of
care in t, *verblijf* = such a trajectory that is met verblijf. The strata are
age group (:data:`analysis.config.YOUTH_AGE_GROUPS`), sex and jeugdregio; the
pattern statistics (:mod:`analysis.measures.patterns`) and the regional reports
work on these counts."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.config import YOUTH_AGE_GROUPS
from analysis.errors import VoortgangError
from analysis.inputs.microdata.dates import age_at, age_group_index
from analysis.inputs.microdata.load import MicrodataTables
from analysis.measures.cohorts import check_years, has_care

#: Columns :func:`care_prevalence` may break down by.
PREVALENCE_BY: tuple[str, ...] = ("age_group", "sex", "jeugdregio")
#: Column of the residents (the denominator) in :func:`care_prevalence` output.
RESIDENTS = "inwoners"


# --------------------------------------------------------------------------- prevalence


def age_group_of(age: np.ndarray) -> pd.Categorical:
    """AL2 age group (:data:`analysis.config.YOUTH_AGE_GROUPS`, categories in that order) of completed ages 0-17."""
    return pd.Categorical.from_codes(age_group_index(age, YOUTH_AGE_GROUPS), categories=list(YOUTH_AGE_GROUPS))


def _youth_year(tables: MicrodataTables, year: int, care: tuple[np.ndarray, ...]) -> pd.DataFrame:
    """Residents aged 0-17 in ``year`` with their strata and care flags (person rows, internal).

    ``care`` holds the jeugdhulp person ids, start and end dates and verblijf
    flags as arrays (converted once for all years).
    """
    res = tables.residence.loc[tables.residence["year"] == year, ["person_id", "jeugdregio"]]
    people = res.merge(tables.persons[["person_id", "birth_month", "sex"]], on="person_id", how="inner")
    age = age_at(people["birth_month"], np.full(len(people), np.datetime64(f"{year}-12-31", "s")))
    keep = (age >= 0) & (age <= max(hi for _, hi in YOUTH_AGE_GROUPS.values()))
    people = people.loc[keep, ["person_id", "jeugdregio", "sex"]].assign(age_group=age_group_of(age[keep]))
    ids, start, end, verblijf = care
    in_year = has_care(start, end, np.datetime64(f"{year}-01-01", "s"), np.datetime64(f"{year + 1}-01-01", "s"))
    pid = people["person_id"].to_numpy()
    people["jeugdhulp"] = np.isin(pid, ids[in_year])
    people["verblijf"] = np.isin(pid, ids[in_year & verblijf])
    return people


def care_prevalence(
    tables: MicrodataTables, years: Sequence[int], by: Sequence[str] = PREVALENCE_BY
) -> pd.DataFrame:
    """Residents aged 0-17 with jeugdhulp and with verblijf, per year and stratum.

    Parameters
    ----------
    tables : MicrodataTables
    years : sequence of int
        Calendar years within the data's coverage.
    by : sequence of str
        Breakdown columns among :data:`PREVALENCE_BY` (``age_group``, ``sex``,
        ``jeugdregio``); empty for the national total.

    Returns
    -------
    pandas.DataFrame
        ``year``, the ``by`` columns (strings; only strata with residents; age
        groups in AL2 order, not string order),
        :data:`RESIDENTS` (persons aged 0-17 on 31 December), ``jeugdhulp`` and
        ``verblijf`` (persons with that care in the year; verblijf is a subset
        of jeugdhulp). Counts of persons, int64.

    Raises
    ------
    VoortgangError
        A year outside the data, or an unknown ``by`` column (naming the argument).
    """
    years = check_years(years, tables)
    by = [by] if isinstance(by, str) else list(by)
    bad = [b for b in by if b not in PREVALENCE_BY]
    if bad:
        raise VoortgangError(f"by = {by!r}: {bad} not among {list(PREVALENCE_BY)}")
    jh = tables.jeugdhulp
    care = (
        jh["person_id"].to_numpy(),
        jh["start_date"].to_numpy("datetime64[s]"),
        jh["end_date"].to_numpy("datetime64[s]"),
        jh["verblijf"].to_numpy(bool),
    )
    frames = []
    for t in years:
        people = _youth_year(tables, t, care)
        if by:
            agg = people.groupby(by, sort=True, observed=True).agg(
                **{RESIDENTS: ("person_id", "size"), "jeugdhulp": ("jeugdhulp", "sum"), "verblijf": ("verblijf", "sum")}
            ).reset_index()
            for col in by:  # labels as plain strings (the inputs may be categorical)
                agg[col] = agg[col].astype(str)
        else:
            agg = pd.DataFrame(
                {RESIDENTS: [len(people)], "jeugdhulp": [people["jeugdhulp"].sum()],
                 "verblijf": [people["verblijf"].sum()]}
            )
        agg.insert(0, "year", t)
        frames.append(agg)
    out = pd.concat(frames, ignore_index=True)
    out[[RESIDENTS, "jeugdhulp", "verblijf"]] = out[[RESIDENTS, "jeugdhulp", "verblijf"]].astype("int64")
    return out


def collapse(frame: pd.DataFrame, keep: Sequence[str],
             counts: Sequence[str] = (RESIDENTS, "jeugdhulp", "verblijf")) -> pd.DataFrame:
    """Sum :func:`care_prevalence` counts over every breakdown column not in ``keep``.

    Examples
    --------
    ``collapse(prev, ["age_group", "sex"])`` gives the national age x sex table;
    ``collapse(prev, ["jeugdregio"])`` the regions over all ages.
    """
    keep = list(keep)
    missing = [c for c in (*keep, *counts) if c not in frame.columns]
    if missing:
        raise VoortgangError(f"frame: column(s) {', '.join(map(repr, missing))} not found")
    return frame.groupby(keep, sort=False, observed=True)[list(counts)].sum().reset_index()
