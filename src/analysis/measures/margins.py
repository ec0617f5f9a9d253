"""National (or regional) aggregates of jeugdhulp use on person-level data.

These are the margins the synthetic population is calibrated on (``params/synth.yaml``)
and simple indicators a region can compute on its own data. Like the cohort
functions they return numerators and denominators, never person rows.

Rules
-----
- A person *has jeugdhulp in year t* when a trajectory has care in
  ``[1 January t, 1 January t+1)`` (``end_date`` inclusive, empty = running);
  only persons with a residence record for year t count.
- :func:`jeugdhulp_prevalence`: of the residents aged ``ages`` on 31 December of
  year t (completed years, birth on day 1 of the birth month), the number with
  jeugdhulp in year t. "1 op de 8 kinderen" (seed l.424) is ages 0-17.
- :func:`care_by_age`: users of jeugdhulp and of jeugdhulp met verblijf in year
  t by age group, the age being the age **on the last day of that care in year
  t** (so a person who turns 18 after leaving verblijf counts as 12-18, as the
  AL2 age table needs: its 18-23 group is verlengde care). Each person counts
  once per year and kind of care. The groups are :data:`analysis.config.AGE_GROUPS`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.config import AGE_GROUPS
from analysis.inputs.microdata.dates import age_at, age_group_index
from analysis.inputs.microdata.load import MicrodataTables
from analysis.inputs.regions import add_landsdeel
from analysis.measures.cohorts import check_by, check_years, has_care


def _residents(tables: MicrodataTables, year: int, by: list[str]) -> pd.DataFrame:
    res = tables.residence.loc[tables.residence["year"] == year, ["person_id", "jeugdregio"]]
    out = res.merge(tables.persons[["person_id", "birth_month", "sex"]], on="person_id", how="inner")
    if "landsdeel" in by:
        out = add_landsdeel(out)
    for col in by:
        out[col] = out[col].astype("string")
    return out


def _last_care_day(tables: MicrodataTables, year: int, verblijf_only: bool) -> pd.Series:
    """Per person with care in ``year``: the last day of that care within the year."""
    jh = tables.jeugdhulp
    if verblijf_only:
        jh = jh[jh["verblijf"]]
    y0 = np.datetime64(f"{year}-01-01", "s")
    y1 = np.datetime64(f"{year + 1}-01-01", "s")
    end = jh["end_date"].to_numpy("datetime64[s]")
    care = has_care(jh["start_date"].to_numpy("datetime64[s]"), end, y0, y1)
    dec31 = np.datetime64(f"{year}-12-31", "s")
    last = np.where(np.isnat(end) | (end > dec31), dec31, end)[care]
    return pd.Series(last, index=jh["person_id"].to_numpy()[care]).groupby(level=0).max()


def jeugdhulp_prevalence(
    tables: MicrodataTables, years: Sequence[int], ages: tuple[int, int] = (0, 17), by: Sequence[str] = ()
) -> pd.DataFrame:
    """Residents of an age range with jeugdhulp in the year.

    Parameters
    ----------
    tables : MicrodataTables
    years : sequence of int
    ages : (int, int)
        Lowest and highest completed age on 31 December (inclusive).
    by : sequence of str
        Breakdown columns: ``sex``, ``jeugdregio``, ``landsdeel``.

    Returns
    -------
    pandas.DataFrame
        ``year``, the ``by`` columns, ``numerator`` (persons with jeugdhulp),
        ``denominator`` (residents of that age); share = numerator / denominator.
    """
    years = check_years(years, tables)
    by = check_by(by)
    frames = []
    for t in years:
        res = _residents(tables, t, by)
        age = age_at(res["birth_month"], np.full(len(res), np.datetime64(f"{t}-12-31", "s")))
        res = res[(age >= ages[0]) & (age <= ages[1])]
        users = _last_care_day(tables, t, verblijf_only=False)
        res = res.assign(_hit=res["person_id"].isin(users.index).to_numpy(bool))
        if by:
            grouped = res.groupby(by, observed=True, sort=True)["_hit"]
            agg = grouped.agg(numerator="sum", denominator="size").reset_index()
        else:
            agg = pd.DataFrame({"numerator": [int(res["_hit"].sum())], "denominator": [len(res)]})
        agg.insert(0, "year", t)
        frames.append(agg)
    out = pd.concat(frames, ignore_index=True)
    out[["numerator", "denominator"]] = out[["numerator", "denominator"]].astype("int64")
    return out


def care_by_age(tables: MicrodataTables, years: Sequence[int], by: Sequence[str] = ()) -> pd.DataFrame:
    """Users of jeugdhulp and of jeugdhulp met verblijf per year and AL2 age group.

    Parameters
    ----------
    tables : MicrodataTables
    years : sequence of int
    by : sequence of str
        Breakdown columns: ``sex``, ``jeugdregio``, ``landsdeel``.

    Returns
    -------
    pandas.DataFrame
        ``year``, the ``by`` columns, ``age_group`` (:data:`analysis.config.AGE_GROUPS`),
        ``jeugdhulp`` and ``verblijf`` (persons; age on the last day of that care
        in the year). Verblijf as a share of all jeugdhulp 0-23 = sum of
        ``verblijf`` / sum of ``jeugdhulp`` over the age groups.
    """
    years = check_years(years, tables)
    by = check_by(by)
    labels = list(AGE_GROUPS)
    frames = []
    for t in years:
        res = _residents(tables, t, by).set_index("person_id")
        counts = []
        for kind, only in (("jeugdhulp", False), ("verblijf", True)):
            last = _last_care_day(tables, t, verblijf_only=only)
            last = last[last.index.isin(res.index)]
            people = res.loc[last.index]
            age = age_at(people["birth_month"], last.to_numpy())
            ok = (age >= 0) & (age <= max(hi for _, hi in AGE_GROUPS.values()))
            group = pd.Categorical(np.array(labels)[age_group_index(age[ok], AGE_GROUPS)], categories=labels)
            df = people.loc[ok, by].reset_index(drop=True).assign(age_group=group)
            c = df.groupby([*by, "age_group"], observed=False, sort=True).size().rename(kind)
            counts.append(c)
        agg = pd.concat(counts, axis=1).fillna(0).astype("int64").reset_index()
        agg.insert(0, "year", t)
        frames.append(agg)
    return pd.concat(frames, ignore_index=True)
