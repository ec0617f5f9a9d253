"""Stratified count tables as input: a region shares protected counts instead of person records.

A count table has one row per jeugdregio x period x stratum x outcome, counts only::

    jeugdregio,period,age_group,sex,vorm,outcome,numerator,denominator
    JZ14,2019-H1,4-12,M,zonder_verblijf,volgens_plan,412,455

- ``jeugdregio``: a code of the 42 jeugdregio's (``JZxx``);
- ``period``: the half-year of the end of the trajectories (``2019-H1``; the
  project's one spelling, :mod:`analysis.inputs.periods`);
- the stratum columns :data:`STRATA`: ``age_group`` (:data:`analysis.config.AGE_GROUPS`,
  age at the end date), ``sex`` (``M``/``V``), ``vorm`` (:data:`VORM_GROUPS`);
- ``outcome``: one of :data:`OUTCOMES` (the outcome indicators of
  ``params/indicators.yaml``, ``teller``/``noemer`` there);
- ``numerator`` <= ``denominator``: whole, non-negative counts of trajectories.

A combination that is absent counts as zero. An optional column ``synthetisch``
(``ja`` in every row) marks a table made from synthetic data
(``voortgang data counts --from-microdata`` writes it): a report made from it
says "synthetische data" everywhere, as one made from the synthetic records. :func:`load_counts` validates the
file and stops at the first bad value with **one line** naming the file, the row
(as a spreadsheet counts it: the header is row 1) and the column; the CLI turns
it into exit code 2 (:class:`~analysis.errors.VoortgangError`).
:func:`analysis.measures.outcomes.outcome_counts` makes the same table from
person records, so every pattern statistic runs on either.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.config import AGE_GROUPS, MAX_AGGREGATE_BYTES
from analysis.errors import VoortgangError
from analysis.inputs.files import display_path, read_csv_table
from analysis.inputs.microdata.schema import SEX
from analysis.inputs.regions import jeugdregio_codes

#: Outcome indicators per ended jeugdhulp trajectory (ids as in params/indicators.yaml, without ``_pct``).
OUTCOMES: tuple[str, ...] = ("volgens_plan", "eenzijdig_client", "heraanmelding_6m", "heraanmelding_12m")
#: The registry indicator (params/indicators.yaml) of each outcome code: its label and definition.
OUTCOME_INDICATORS: dict[str, str] = {
    "volgens_plan": "traject_einde_volgens_plan_halfjaar_pct",
    "eenzijdig_client": "traject_einde_eenzijdig_client_halfjaar_pct",
    "heraanmelding_6m": "heraanmelding_6m_pct",
    "heraanmelding_12m": "heraanmelding_12m_pct",
}
#: The two forms of a trajectory in the outcome tables.
VORM_GROUPS: tuple[str, ...] = ("zonder_verblijf", "met_verblijf")
#: Stratum columns within a jeugdregio and period.
STRATA: tuple[str, ...] = ("age_group", "sex", "vorm")
#: Columns of a count table, in order.
COUNT_COLUMNS: tuple[str, ...] = ("jeugdregio", "period", *STRATA, "outcome", "numerator", "denominator")

_HALF_YEAR = re.compile(r"(19|20)\d\d-H[12]")
#: Whole counts; a sign is read so that a negative count is named as such (:func:`check_counts`).
_COUNT = re.compile(r"-?\d{1,12}")


def _choice(values) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(v) for v in values))


def count_patterns() -> dict[str, re.Pattern[str]]:
    """Column -> the pattern every value must match in full."""
    return {
        "jeugdregio": _choice(jeugdregio_codes()),
        "period": _HALF_YEAR,
        "age_group": _choice(AGE_GROUPS),
        "sex": _choice(SEX),
        "vorm": _choice(VORM_GROUPS),
        "outcome": _choice(OUTCOMES),
        "numerator": _COUNT,
        "denominator": _COUNT,
    }


def check_counts(frame: pd.DataFrame, where: str) -> None:
    """Numerators within their denominators and one row per cell (first problem, one line).

    Parameters
    ----------
    frame : DataFrame
        A count table with integer ``numerator`` and ``denominator``, in file order.
    where : str
        The file as messages name it.

    Raises
    ------
    VoortgangError
        ``<file>: row <n>, column 'numerator': <x> above the denominator <y>``, or a repeated cell.
    """
    num, den = frame["numerator"].to_numpy("int64"), frame["denominator"].to_numpy("int64")
    for column, values in (("numerator", num), ("denominator", den)):
        if (neg := values < 0).any():
            row = int(np.flatnonzero(neg)[0]) + 2
            raise VoortgangError(f"{where}: row {row}, column {column!r}: negative count {values[row - 2]}")
    if (above := num > den).any():
        i = int(np.flatnonzero(above)[0])
        raise VoortgangError(
            f"{where}: row {i + 2}, column 'numerator': {num[i]} above the denominator {den[i]}"
            + (f" (and {int(above.sum()) - 1} more rows)" if above.sum() > 1 else "")
        )
    keys = [c for c in COUNT_COLUMNS if c not in ("numerator", "denominator")]
    if (dup := frame.duplicated(keys)).any():
        i = int(np.flatnonzero(dup)[0])
        raise VoortgangError(f"{where}: row {i + 2}, column 'outcome': repeats the cell of an earlier row ({keys})")


#: Optional column that marks a count table made from synthetic data (``ja`` in every row).
SYNTHETIC_COLUMN = "synthetisch"


def counts_are_synthetic(path: Path | str) -> bool:
    """Whether a count table is marked synthetic (column :data:`SYNTHETIC_COLUMN`, ``ja`` in every row).

    Raises
    ------
    VoortgangError
        A mark that is not ``ja``/``nee`` or not the same in every row (one line: file, row, column).
    """
    path = Path(path)
    frame = read_csv_table(path, {"jeugdregio": None}, MAX_AGGREGATE_BYTES)
    if SYNTHETIC_COLUMN not in frame.columns:
        return False
    values = frame[SYNTHETIC_COLUMN].str.lower()
    if (bad := ~values.isin(["ja", "nee"])).any() or values.nunique() > 1:
        i = int(np.flatnonzero(bad)[0]) if bad.any() else int(np.flatnonzero(values != values.iloc[0])[0])
        raise VoortgangError(f"{display_path(path)}: row {i + 2}, column {SYNTHETIC_COLUMN!r}: 'ja' or 'nee', "
                             "the same in every row")
    return bool(values.iloc[0] == "ja")


def load_counts(path: Path | str) -> pd.DataFrame:
    """Read and validate a count table (the layout in the module docstring).

    Parameters
    ----------
    path : Path or str
        A CSV file (UTF-8, comma-separated, header row; at most
        :data:`analysis.config.MAX_AGGREGATE_BYTES`).

    Returns
    -------
    pandas.DataFrame
        :data:`COUNT_COLUMNS`, codes as strings, counts as int64; other columns dropped.

    Raises
    ------
    VoortgangError
        One line: a missing column (``column 'sex' not found``), a value that
        is not a code or a whole non-negative count (``row 5, column
        'numerator': ...``), a numerator above its denominator or a repeated cell.
    """
    path = Path(path)
    where = display_path(path)
    frame = read_csv_table(path, count_patterns(), MAX_AGGREGATE_BYTES)
    frame = frame[list(COUNT_COLUMNS)].copy()
    frame[["numerator", "denominator"]] = frame[["numerator", "denominator"]].astype("int64")
    check_counts(frame, where)
    counts_are_synthetic(path)  # a malformed mark is refused here too
    return frame.reset_index(drop=True)
