"""Cohort follow-up of young people turning 18 (actielijn 4), on person-level data.

Two cohort definitions, as the 4th voortgangsrapportage (mei 2020, factsheet
actielijn 4, seed l.2141-2174 and l.2230-2242) uses them. Both functions return
tidy *aggregate* frames with a numerator and a denominator per cell, never
person rows; the disclosure-control gate is applied by :mod:`analysis.present.cohorts`.

Conventions (one place for the rules)
-------------------------------------
Dates and ages
    The date helpers are :mod:`analysis.inputs.microdata.dates`. ``birth_month`` is a
    year-month stored as day 1 (see
    :mod:`analysis.inputs.microdata.schema`). The *k-th birthday* ``Bk`` is the first
    day of the birth month ``k`` years later (born April 1999: B18 =
    2017-04-01). The age on a date ``d`` is the number of completed years:
    ``Bk <= d < Bk+1``. ``end_date`` is the last day of care (inclusive); an
    empty ``end_date`` means the care is still running. A record has care in a
    window ``[w0, w1)`` when ``start_date < w1`` and (``end_date`` empty or
    ``end_date >= w0``). ``B18 + k months`` is month arithmetic on day 1, so
    windows are whole calendar months.

Cohort A (per year t) - :func:`cohort_a`
    1. Members: persons with a residence record for year t, aged 18 or 19 on
       31 December of year t (born in t-19 or t-18), who did not die or
       emigrate on or before that date.
    2. Exposure "jeugdhulp op 16-17 jarige leeftijd": care in the window
       ``[B16, B18)`` (every day on which the person was 16 or 17).
    3. Class: *verblijf* when any trajectory with care in the window is met
       verblijf; **verblijf takes precedence**, so a person with both verblijf
       and ambulant care counts as verblijf. Otherwise *zonder verblijf* when
       any trajectory has care in the window, else *geen*.
    4. Groups reported, as the seed does: ``verblijf`` ("jeugdhulp met
       verblijf"), ``wel_jeugdhulp`` (any jeugdhulp at 16-17, so verblijf is a
       subset of it, the seed's "wel jeugdhulp") and ``geen_jeugdhulp`` (the
       reference group, "leeftijdsgenoten").
    5. Outcomes in year t from the outcomes record of year t. A member
       **without an outcomes record** for t is left out of every outcome's
       denominator for t; an empty value of one outcome leaves the member out
       of that outcome's denominator only. So ``denominator`` = members of the
       group with a known value, ``numerator`` = those with the category.
    6. The exposure window of cohort t starts as early as 1 January t-3. When
       the data start later (``tables.coverage``), the early part of the window
       is not observed and some members with jeugdhulp at 16-17 fall into
       "geen jeugdhulp"; the function then warns (``UserWarning``). The seed's
       2016 and 2017 figures, with data from 2015, share this limitation.

Cohort B (per year t) - :func:`cohort_b`
    1. Members: persons whose 18th birthday B18 falls in year t, with a
       residence record for year t, who had care in **the last quarter before
       the 18th birthday**, the window ``[B18 - 3 months, B18)`` (the three
       calendar months before the birth month; for a birthday on a quarter
       boundary, 1 January/April/July/October, that is exactly the previous
       calendar quarter).
    2. **Exclusion**: members who die or emigrate before ``B18 + 6 months``
       (the end of the longest window) are left out of the denominator of every
       window, so that all windows share one denominator and are cumulative
       (non-decreasing from 1 to 3 to 6 months).
    3. Windows of ``k`` = 1, 3, 6 months, **cumulative, measured from the
       birthday**: ``[B18, B18 + k months)``.
    4. Verlengde jeugdhulp within k months: a jeugdhulp trajectory with care in
       the window (running on the birthday or starting within it).
    5. Other follow-up care (Zvw-GGZ, Wmo, Wlz) within k months: a vervolgzorg
       record of that scheme that **starts** in the window; care that started
       before the birthday does not count. ``totaal``: any of the three
       schemes (a person counts once).
    6. All windows must lie within the data: a year whose last window ends
       after 31 December of the last covered year raises an error (the
       follow-up would be cut short); a quarter window before the first
       covered year gives a warning.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.errors import VoortgangError
from analysis.inputs.microdata.dates import add_months, birthday
from analysis.inputs.microdata.load import MicrodataTables
from analysis.inputs.microdata.schema import REGELING, WOONSITUATIE
from analysis.inputs.regions import add_landsdeel
from analysis.stats.compare import proportion_difference

#: Cohort A groups in report order; ``geen_jeugdhulp`` is the reference group.
GROUPS: tuple[str, ...] = ("verblijf", "wel_jeugdhulp", "geen_jeugdhulp")
REFERENCE_GROUP: str = "geen_jeugdhulp"
#: The group compared with the reference group in the pattern statistics.
EXPOSED_GROUP: str = "wel_jeugdhulp"
#: Binary outcomes of cohort A (reported with category ``ja``); woonsituatie has its codes.
BINARY_OUTCOMES: tuple[str, ...] = ("economisch_zelfstandig", "wanbetaler", "werk_onderwijs")
#: Cohort B follow-up windows in months after the 18th birthday (cumulative).
WINDOWS_MONTHS: tuple[int, ...] = (1, 3, 6)
#: Columns a ``by`` argument may name.
BY_COLUMNS: tuple[str, ...] = ("sex", "jeugdregio", "landsdeel")


def has_care(
    start: np.ndarray, end: np.ndarray, window_start: np.ndarray, window_end: np.ndarray
) -> np.ndarray:
    """Whether records have at least one day of care in ``[window_start, window_end)``.

    ``end`` is the last day of care (inclusive); NaT means still running.
    """
    start = np.asarray(start, dtype="datetime64[s]")
    end = np.asarray(end, dtype="datetime64[s]")
    return (start < window_end) & (np.isnat(end) | (end >= window_start))


# --------------------------------------------------------------------------- helpers


def check_years(years: Sequence[int], tables: MicrodataTables) -> list[int]:
    """Sorted distinct years, all within ``tables.coverage`` (else VoortgangError naming ``years``)."""
    try:
        out = sorted({int(y) for y in years})
    except (TypeError, ValueError) as exc:
        raise VoortgangError(f"years = {years!r}: expected a list of calendar years") from exc
    first, last = tables.coverage
    outside = [y for y in out if not first <= y <= last]
    if not out or outside:
        raise VoortgangError(
            f"years = {list(years)!r}: the data cover {first}-{last}"
            + (f"; {outside} lie outside" if outside else "; no year given")
        )
    return out


def check_by(by: Sequence[str]) -> list[str]:
    """The ``by`` argument as a list, each among :data:`BY_COLUMNS` (else VoortgangError naming ``by``)."""
    by = [by] if isinstance(by, str) else list(by)
    bad = [b for b in by if b not in BY_COLUMNS]
    if bad:
        raise VoortgangError(f"by = {by!r}: {bad} not among {list(BY_COLUMNS)}")
    return by


def _exit_date(persons: pd.DataFrame) -> np.ndarray:
    """Earliest of death and emigration date per person (NaT when neither)."""
    d = persons["death_date"].to_numpy("datetime64[s]")
    e = persons["emigration_date"].to_numpy("datetime64[s]")
    out = np.where(np.isnat(d), e, np.where(np.isnat(e), d, np.minimum(d, e)))
    return out.astype("datetime64[s]")


def _members(tables: MicrodataTables, year: int, birth_years: Sequence[int], by: list[str]) -> pd.DataFrame:
    """Persons born in ``birth_years`` with a residence record for ``year`` (+ by-columns)."""
    p = tables.persons
    by_year = p["birth_month"].dt.year
    sel = p[by_year.isin(list(birth_years))]
    sel = sel[["person_id", "birth_month", "sex"]].assign(exit_date=_exit_date(sel))
    res = tables.residence
    res_t = res.loc[res["year"] == year, ["person_id", "jeugdregio"]]
    out = sel.merge(res_t, on="person_id", how="inner")
    if "landsdeel" in by:
        out = add_landsdeel(out)
    for col in by:
        out[col] = out[col].astype("string")
    return out


def _any_per_person(person_ids: np.ndarray, flags: np.ndarray, members: np.ndarray) -> np.ndarray:
    """For each member id: whether any record of that person has ``flags`` True."""
    hit = np.unique(person_ids[flags])
    return np.isin(members, hit)


def _records_of(table: pd.DataFrame, members: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    """Records of ``table`` for the members, with the members' columns ``cols`` attached."""
    sub = table[table["person_id"].isin(members["person_id"])]
    return sub.merge(members[["person_id", *cols]], on="person_id", how="inner")


# --------------------------------------------------------------------------- cohort A


def exposure_class(tables: MicrodataTables, members: pd.DataFrame) -> np.ndarray:
    """Class of jeugdhulp at 16-17 per member: ``verblijf``, ``zonder_verblijf`` or ``geen``.

    Parameters
    ----------
    tables : MicrodataTables
    members : pandas.DataFrame
        Columns ``person_id`` and ``birth_month``.

    Returns
    -------
    numpy.ndarray of str, aligned with ``members``. Rules in the module docstring
    (window ``[B16, B18)``, verblijf takes precedence).
    """
    m = members[["person_id", "birth_month"]].copy()
    m["b16"] = birthday(m["birth_month"], 16)
    m["b18"] = birthday(m["birth_month"], 18)
    jh = _records_of(tables.jeugdhulp[["person_id", "start_date", "end_date", "verblijf"]], m, ["b16", "b18"])
    care = has_care(jh["start_date"], jh["end_date"], jh["b16"].to_numpy(), jh["b18"].to_numpy())
    ids = jh["person_id"].to_numpy()
    member_ids = m["person_id"].to_numpy()
    any_care = _any_per_person(ids, care, member_ids)
    verblijf = _any_per_person(ids, care & jh["verblijf"].to_numpy(bool), member_ids)
    return np.where(verblijf, "verblijf", np.where(any_care, "zonder_verblijf", "geen"))


def cohort_a(tables: MicrodataTables, years: Sequence[int], by: Sequence[str] = ()) -> pd.DataFrame:
    """Outcomes at 18-19 by jeugdhulp at 16-17 (cohort A), per year.

    Parameters
    ----------
    tables : MicrodataTables
        From :func:`analysis.inputs.microdata.load.load_microdata`.
    years : sequence of int
        Calendar years t (within ``tables.coverage``).
    by : sequence of str
        Extra breakdown columns among :data:`BY_COLUMNS` (``sex``; ``jeugdregio``
        or ``landsdeel`` of residence in year t).

    Returns
    -------
    pandas.DataFrame
        Columns ``year``, the ``by`` columns, ``group`` (:data:`GROUPS`),
        ``outcome`` (``woonsituatie`` or one of :data:`BINARY_OUTCOMES`),
        ``category`` (woonsituatie code, or ``ja`` for binary outcomes),
        ``numerator`` and ``denominator`` (persons; proportion =
        numerator / denominator in [0, 1]). Every group x outcome x category
        cell is present, with zero counts where nobody qualifies.

    Raises
    ------
    VoortgangError
        For years outside the data or an unknown ``by`` column.

    Warns
    -----
    UserWarning
        When the exposure window of a year starts before the data do.
    """
    years = check_years(years, tables)
    by = check_by(by)
    first, _ = tables.coverage
    early = [t for t in years if t - 3 < first]
    if early:
        warnings.warn(
            f"cohort A {early}: the jeugdhulp window at 16-17 starts before the data ({first}); "
            "jeugdhulp before then is not seen and those persons count as 'geen jeugdhulp'",
            UserWarning,
            stacklevel=2,
        )
    frames = []
    for t in years:
        members = _members(tables, t, (t - 19, t - 18), by)
        end_t = np.datetime64(f"{t}-12-31", "s")
        ex = members["exit_date"].to_numpy("datetime64[s]")
        members = members[np.isnat(ex) | (ex > end_t)].reset_index(drop=True)
        members["cls"] = exposure_class(tables, members)
        out_t = tables.outcomes[tables.outcomes["year"] == t]
        df = members.merge(out_t.drop(columns="year"), on="person_id", how="left")
        frames.append(_cohort_a_counts(df, t, by))
    return pd.concat(frames, ignore_index=True)


def _cohort_a_counts(df: pd.DataFrame, year: int, by: list[str]) -> pd.DataFrame:
    """Counts per group x outcome x category for one year's members with outcomes."""
    group_of = {
        "verblijf": df["cls"] == "verblijf",
        "wel_jeugdhulp": df["cls"] != "geen",
        "geen_jeugdhulp": df["cls"] == "geen",
    }
    cells = [("woonsituatie", c) for c in WOONSITUATIE] + [(o, "ja") for o in BINARY_OUTCOMES]
    long = []
    for group, in_group in group_of.items():
        sub = df[in_group.to_numpy(bool)]
        for outcome, category in cells:
            values = sub[outcome]
            known = values.notna().to_numpy(bool)
            hit = (values == category).fillna(False) if outcome == "woonsituatie" else values.fillna(False)
            long.append(
                pd.DataFrame(
                    {
                        **{b: sub[b].to_numpy() for b in by},
                        "group": group,
                        "outcome": outcome,
                        "category": category,
                        "_known": known,
                        "_hit": hit.to_numpy(bool) & known,
                    }
                )
            )
    cells_frame = pd.concat(long, ignore_index=True)
    keys = [*by, "group", "outcome", "category"]
    agg = cells_frame.groupby(keys, observed=True, dropna=False, sort=False).agg(
        numerator=("_hit", "sum"), denominator=("_known", "sum")
    )
    full = _complete(agg.reset_index(), by, df, cells)
    full.insert(0, "year", year)
    return full


def _complete(agg: pd.DataFrame, by: list[str], df: pd.DataFrame, cells: list[tuple[str, str]]) -> pd.DataFrame:
    """All group x outcome x category (x by-levels present) cells, zeros where empty."""
    grid = pd.DataFrame(
        [(g, o, c) for g in GROUPS for o, c in cells], columns=["group", "outcome", "category"]
    )
    if by:
        levels = df[by].drop_duplicates()
        grid = levels.merge(grid, how="cross")
    keys = [*by, "group", "outcome", "category"]
    out = grid.merge(agg, on=keys, how="left")
    out[["numerator", "denominator"]] = out[["numerator", "denominator"]].fillna(0).astype("int64")
    return out.sort_values(by, kind="stable").reset_index(drop=True) if by else out


def gap_to_reference(cohort_a_frame: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """Gap of each group to the reference group "geen jeugdhulp", in percentage points.

    Parameters
    ----------
    cohort_a_frame : pandas.DataFrame
        Output of :func:`cohort_a`.
    confidence : float
        Confidence level of the interval (proportion, e.g. 0.95).

    Returns
    -------
    pandas.DataFrame
        One row per non-reference group cell: the key columns, ``numerator``,
        ``denominator``, ``ref_numerator``, ``ref_denominator``, ``pct`` and
        ``ref_pct`` (percent, 0-100), and ``diff_pp``, ``ci_low_pp``,
        ``ci_high_pp``: group minus reference in **percentage points** with
        Newcombe's hybrid score interval (from
        :func:`analysis.stats.compare.proportion_difference`). The difference
        and interval are NaN where a denominator is 0.
    """

    keys = [c for c in cohort_a_frame.columns if c not in ("group", "numerator", "denominator")]
    ref = cohort_a_frame[cohort_a_frame["group"] == REFERENCE_GROUP]
    ref = ref.rename(columns={"numerator": "ref_numerator", "denominator": "ref_denominator"}).drop(columns="group")
    grp = cohort_a_frame[cohort_a_frame["group"] != REFERENCE_GROUP]
    out = grp.merge(ref, on=keys, how="left")
    diff, lo, hi = [], [], []
    for x1, n1, x2, n2 in out[["numerator", "denominator", "ref_numerator", "ref_denominator"]].itertuples(
        index=False
    ):
        if not n1 or not n2 or pd.isna(n2):
            diff.append(np.nan), lo.append(np.nan), hi.append(np.nan)
            continue
        r = proportion_difference(x1, n1, x2, n2, method="newcombe", confidence=confidence)
        diff.append(100 * r.diff), lo.append(100 * r.ci_low), hi.append(100 * r.ci_high)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["pct"] = 100 * out["numerator"] / out["denominator"].where(out["denominator"] > 0)
        out["ref_pct"] = 100 * out["ref_numerator"] / out["ref_denominator"].where(out["ref_denominator"] > 0)
    out["diff_pp"], out["ci_low_pp"], out["ci_high_pp"] = diff, lo, hi
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------- cohort B


def cohort_b(tables: MicrodataTables, years: Sequence[int], by: Sequence[str] = ()) -> pd.DataFrame:
    """Verlengde jeugdhulp and other follow-up care after the 18th birthday (cohort B).

    Parameters
    ----------
    tables : MicrodataTables
    years : sequence of int
        Years t of the 18th birthday. The 6-month window of every member must
        end within the data (a birthday in July of the last covered year is too
        late).
    by : sequence of str
        Extra breakdown columns among :data:`BY_COLUMNS`.

    Returns
    -------
    pandas.DataFrame
        Columns ``year``, the ``by`` columns, ``outcome`` (``verlengde_jeugdhulp``
        or ``vervolgzorg``), ``scheme`` (``jeugdhulp`` for verlengde jeugdhulp;
        ``zvw_ggz``, ``wmo``, ``wlz``, ``totaal`` for vervolgzorg),
        ``window_months`` (1, 3, 6; cumulative from the birthday), ``numerator``
        and ``denominator`` (persons; the denominator is the same for every row
        of a year and by-level: the cohort after the exclusions).

    Raises
    ------
    VoortgangError
        For years outside the data, a window that ends after the data, or an
        unknown ``by`` column.
    """
    years = check_years(years, tables)
    by = check_by(by)
    first, last = tables.coverage
    too_late = [t for t in years if t == last]  # B18 in Jul-Dec t: window ends in t+1
    if too_late:
        raise VoortgangError(
            f"years = {too_late}: the 6-month follow-up of birthdays in {too_late[0]} runs past the data "
            f"(which end 31 December {last}); choose years up to {last - 1}"
        )
    early = [t for t in years if t - 1 < first]
    if early:
        warnings.warn(
            f"cohort B {early}: the quarter before the 18th birthday starts before the data ({first}) for "
            "birthdays in January-March; jeugdhulp before then is not seen",
            UserWarning,
            stacklevel=2,
        )
    frames = [_cohort_b_year(tables, t, by) for t in years]
    return pd.concat(frames, ignore_index=True)


def _cohort_b_year(tables: MicrodataTables, t: int, by: list[str]) -> pd.DataFrame:
    members = _members(tables, t, (t - 18,), by)
    members["b18"] = birthday(members["birth_month"], 18)
    members["q0"] = add_months(members["b18"], -3)
    end6 = add_months(members["b18"], max(WINDOWS_MONTHS))
    for k in WINDOWS_MONTHS:
        members[f"w{k}"] = add_months(members["b18"], k)
    ex = members["exit_date"].to_numpy("datetime64[s]")
    members = members[np.isnat(ex) | (ex >= end6)].reset_index(drop=True)
    jh = _records_of(
        tables.jeugdhulp[["person_id", "start_date", "end_date"]],
        members,
        ["b18", "q0", *[f"w{k}" for k in WINDOWS_MONTHS]],
    )
    ids = jh["person_id"].to_numpy()
    member_ids = members["person_id"].to_numpy()
    in_quarter = has_care(jh["start_date"], jh["end_date"], jh["q0"].to_numpy(), jh["b18"].to_numpy())
    cohort = members[_any_per_person(ids, in_quarter, member_ids)].reset_index(drop=True)
    cohort_ids = cohort["person_id"].to_numpy()
    flags = {}
    for k in WINDOWS_MONTHS:
        care = has_care(jh["start_date"], jh["end_date"], jh["b18"].to_numpy(), jh[f"w{k}"].to_numpy())
        flags[("verlengde_jeugdhulp", "jeugdhulp", k)] = _any_per_person(ids, care, cohort_ids)
    vz = _records_of(tables.vervolgzorg, cohort, ["b18", *[f"w{k}" for k in WINDOWS_MONTHS]])
    vz_ids = vz["person_id"].to_numpy()
    start = vz["start_date"].to_numpy("datetime64[s]")
    for k in WINDOWS_MONTHS:
        in_window = (start >= vz["b18"].to_numpy()) & (start < vz[f"w{k}"].to_numpy())
        for scheme in REGELING:
            mask = in_window & (vz["regeling"] == scheme).to_numpy(bool)
            flags[("vervolgzorg", scheme, k)] = _any_per_person(vz_ids, mask, cohort_ids)
        flags[("vervolgzorg", "totaal", k)] = _any_per_person(vz_ids, in_window, cohort_ids)
    rows = []
    for (outcome, scheme, k), hit in flags.items():
        rows.append(
            pd.DataFrame(
                {**{b: cohort[b].to_numpy() for b in by}, "outcome": outcome, "scheme": scheme,
                 "window_months": k, "_hit": hit}
            )
        )
    long = pd.concat(rows, ignore_index=True)
    keys = [*by, "outcome", "scheme", "window_months"]
    agg = long.groupby(keys, observed=True, dropna=False, sort=False).agg(
        numerator=("_hit", "sum"), denominator=("_hit", "size")
    ).reset_index()
    grid = pd.DataFrame(list(flags), columns=["outcome", "scheme", "window_months"])
    if by:
        grid = members[by].drop_duplicates().merge(grid, how="cross")
    out = grid.merge(agg, on=keys, how="left")
    out[["numerator", "denominator"]] = out[["numerator", "denominator"]].fillna(0).astype("int64")
    out.insert(0, "year", t)
    return out.sort_values(by, kind="stable").reset_index(drop=True) if by else out
