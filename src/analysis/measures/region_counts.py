"""The national pass: every count the regional chapters need, from person-level data in one go.

:func:`region_counts` computes the tables of
:class:`analysis.inputs.region_counts.RegionCounts` once per build; a regional
chapter then takes its region's rows (:func:`region_prevalence`,
:func:`analysis.measures.regional.region_rows`). The results for a region are
those of computing on its own persons: prevalence and cohort rules are per
person (a person's own records decide), and every count is a sum over
jeugdregio's (``tests/test_region_counts.py`` shows both).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import pandas as pd

from analysis.errors import VoortgangError
from analysis.inputs.microdata.load import MicrodataTables
from analysis.inputs.region_counts import RegionCounts
from analysis.measures.cohorts import cohort_a, cohort_b
from analysis.measures.outcomes import outcome_counts
from analysis.measures.prevalence import PREVALENCE_BY, RESIDENTS, care_prevalence, collapse

#: The breakdown of the cohorts in the count tables.
COHORT_BY: tuple[str, ...] = ("jeugdregio",)
#: Count columns of the prevalence table.
PREVALENCE_COUNTS: tuple[str, ...] = (RESIDENTS, "jeugdhulp", "verblijf")


def cohort_years(tables: MicrodataTables) -> tuple[list[int], list[int]]:
    """The years cohort A and cohort B can be computed for: every covered year (B: all but the last).

    Cohort B follows each member 6 months after the 18th birthday, so birthdays in
    the last covered year run past the data (:func:`analysis.measures.cohorts.cohort_b`).
    """
    first, last = tables.coverage
    return list(range(first, last + 1)), list(range(first, last))


def _per_year(function, tables: MicrodataTables, years: Sequence[int]) -> tuple[pd.DataFrame, tuple[int, ...]]:
    """``function(tables, [t], by=COHORT_BY)`` for each year, and the years it warned for (incomplete window)."""
    frames, incomplete = [], []
    for year in years:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            frames.append(function(tables, [year], by=COHORT_BY))
        if any(issubclass(w.category, UserWarning) for w in caught):
            incomplete.append(int(year))
    return pd.concat(frames, ignore_index=True), tuple(incomplete)


def region_counts(
    tables: MicrodataTables,
    years: Sequence[int],
    cohort_a_years: Sequence[int] | None = None,
    cohort_b_years: Sequence[int] | None = None,
    source: str = "",
) -> RegionCounts:
    """The count tables of every region, from the person-level data.

    Parameters
    ----------
    tables : MicrodataTables
        Person-level data with a jeugdregio per person-year.
    years : sequence of int
        Reporting years of the prevalence (jeugdhulp and verblijf among residents aged 0-17).
    cohort_a_years, cohort_b_years : sequence of int, optional
        Cohort years; default every year the data allow (:func:`cohort_years`),
        so a regional chapter or a region's own notebook can choose any.
    source : str
        The person-level folder, as the chapters name it.

    Returns
    -------
    RegionCounts
        Unprotected counts (persons; trajectories in ``outcomes``) for every
        jeugdregio and cell, zero cells included.
    """
    all_a, all_b = cohort_years(tables)
    a, incomplete_a = _per_year(cohort_a, tables, all_a if cohort_a_years is None else cohort_a_years)
    b, incomplete_b = _per_year(cohort_b, tables, all_b if cohort_b_years is None else cohort_b_years)
    prevalence = care_prevalence(tables, list(years), by=PREVALENCE_BY)
    return RegionCounts(
        prevalence=prevalence.astype(dict.fromkeys(PREVALENCE_COUNTS, "int64")),
        cohort_a=a, cohort_b=b, outcomes=outcome_counts(tables),
        synthetic=tables.synthetic, source=source, incomplete_a=incomplete_a, incomplete_b=incomplete_b,
    )


def region_prevalence(counts: RegionCounts, years: Sequence[int] | None = None) -> pd.DataFrame:
    """Residents, jeugdhulp and verblijf per year and jeugdregio (ages and sexes summed).

    As ``care_prevalence(tables, years, by=("jeugdregio",))`` on the person-level data.
    """
    frame = counts.prevalence
    if years is not None:
        frame = frame[frame["year"].isin(list(years))]
    keys = ["year", "jeugdregio"]
    return collapse(frame, keys, PREVALENCE_COUNTS).sort_values(keys, ignore_index=True)


def cohort_rows(frame: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    """The cohort rows (``cohort_a`` or ``cohort_b`` of :class:`RegionCounts`) of ``years``, in their order.

    Raises
    ------
    VoortgangError
        Naming the years the tables do not hold.
    """
    missing = sorted(set(years) - set(frame["year"].astype(int)))
    if missing:
        raise VoortgangError(f"cohort years {missing} are not in the regional count tables (the data do not "
                             "cover them)")
    return frame[frame["year"].isin(list(years))].reset_index(drop=True)
