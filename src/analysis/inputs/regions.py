"""Region reference data: jeugdregio's, gemeenten, landsdelen, gemeente mappings.

Facts and their sources live in ``data/reference/`` (see its ``README.md``):

- the 42 jeugdregio's with their CBS codes ``JZxx`` (there is no ``JZ40``);
- the 355 gemeenten (``GMxxxx``) of 1 January 2020;
- the project's jeugdregio -> landsdeel grouping, an *assumption* by province
  (documented in the README), not a CBS table.

The gemeente -> jeugdregio mapping is not part of the project and is never
invented: :func:`load_gemeente_mapping` reads the CBS table "Gebieden in
Nederland" that a user supplies, and :func:`attach_jeugdregio` uses it to give
person-year records a jeugdregio from their gemeente.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pandas as pd

from analysis.config import GEMEENTEN_CSV, JEUGDREGIO_LANDSDEEL_CSV, JEUGDREGIOS_CSV, MAX_TEXT_BYTES
from analysis.errors import VoortgangError
from analysis.inputs.files import display_path, read_csv_table

#: Files this module reads: part of the cache key of every chapter that imports it
#: (:mod:`analysis.pipeline.dependencies`).
READS: tuple[Path, ...] = (JEUGDREGIOS_CSV, GEMEENTEN_CSV, JEUGDREGIO_LANDSDEEL_CSV)

#: Code patterns of CBS region codes (after stripping the padding StatLine adds).
GEMEENTE_CODE = re.compile(r"^GM\d{4}$")
JEUGDREGIO_CODE = re.compile(r"^JZ\d{2}$")

_MAX_LISTED = 5


#: The jeugdregio codes of CBS: JZ01 to JZ43, without JZ40 (42 regions).
JEUGDREGIO_COUNT: int = 42
ABSENT_JEUGDREGIO: str = "JZ40"
_LANDSDEEL_CODE = re.compile(r"^LD0[1-4]$")
#: Required columns of each reference file and the form of their values (None: any non-empty text).
_REFERENCE_COLUMNS: dict[Path, dict[str, re.Pattern[str] | None]] = {
    JEUGDREGIOS_CSV: {"code": JEUGDREGIO_CODE, "naam": None},
    GEMEENTEN_CSV: {"statcode": GEMEENTE_CODE, "statnaam": None},
    JEUGDREGIO_LANDSDEEL_CSV: {"jeugdregio": JEUGDREGIO_CODE, "landsdeel": _LANDSDEEL_CODE, "landsdeel_naam": None},
}
#: The column of each reference file whose values must be unique.
_UNIQUE = {JEUGDREGIOS_CSV: "code", GEMEENTEN_CSV: "statcode", JEUGDREGIO_LANDSDEEL_CSV: "jeugdregio"}


@cache
def _read(path: Path) -> pd.DataFrame:
    """A reference file, checked: its columns and codes, unique keys, and the 42 jeugdregio's.

    Raises
    ------
    VoortgangError
        Naming the file, the column and the (first) row.
    """
    frame = read_csv_table(path, _REFERENCE_COLUMNS.get(path, {}), MAX_TEXT_BYTES)
    where = display_path(path)
    key = _UNIQUE.get(path)
    if key is not None and (dup := frame[key].duplicated()).any():
        row = int(dup.to_numpy().nonzero()[0][0]) + 2
        raise VoortgangError(f"{where}: row {row}, column {key!r}: {int(dup.sum())} code(s) listed twice")
    if path in (JEUGDREGIOS_CSV, JEUGDREGIO_LANDSDEEL_CSV):
        codes = set(frame[key])
        if ABSENT_JEUGDREGIO in codes:
            raise VoortgangError(f"{where}: column {key!r}: {ABSENT_JEUGDREGIO} does not exist (no jeugdregio has it)")
        expected = set(_read(JEUGDREGIOS_CSV)["code"]) if path != JEUGDREGIOS_CSV else None
        if len(codes) != JEUGDREGIO_COUNT or (expected is not None and codes != expected):
            raise VoortgangError(
                f"{where}: column {key!r}: {len(codes)} jeugdregio codes, expected the {JEUGDREGIO_COUNT} of "
                f"{display_path(JEUGDREGIOS_CSV)} (JZ01-JZ43 without {ABSENT_JEUGDREGIO}), each once"
            )
    return frame


def jeugdregios() -> pd.DataFrame:
    """The 42 jeugdregio's.

    Returns
    -------
    pandas.DataFrame
        Columns ``code`` (``JZ01`` ... ``JZ43``, no ``JZ40``) and ``naam`` (names
        as of 2022), in code order. Source: ``data/reference/README.md``.
    """
    return _read(JEUGDREGIOS_CSV).copy()


def jeugdregio_codes() -> tuple[str, ...]:
    """The 42 jeugdregio codes in order (the allowed set of the microdata schema)."""
    return tuple(jeugdregios()["code"])


def gemeenten() -> pd.DataFrame:
    """The 355 gemeenten of 1 January 2020.

    Returns
    -------
    pandas.DataFrame
        Columns ``code`` (``GMxxxx``) and ``naam``. Gemeente lists change every
        year through mergers; this is the 2020 list (CBS 84799NED).
    """
    return _read(GEMEENTEN_CSV).rename(columns={"statcode": "code", "statnaam": "naam"})


def landsdeel_grouping() -> pd.DataFrame:
    """The project's assignment of each jeugdregio to a CBS landsdeel.

    Returns
    -------
    pandas.DataFrame
        Columns ``jeugdregio``, ``provincie``, ``landsdeel`` (``LD01``-``LD04``)
        and ``landsdeel_naam``; one row per jeugdregio. This is an
        **assumption** (province of the region's central municipality; see
        ``data/reference/README.md``), to be checked against the landsdeel
        column of "Gebieden in Nederland" before publication.
    """
    return _read(JEUGDREGIO_LANDSDEEL_CSV).copy()


def _find_column(df: pd.DataFrame, pattern: re.Pattern[str], what: str, path: Path) -> str:
    """The one column of ``df`` whose non-empty values all match ``pattern``."""
    hits = []
    for col in df.columns:
        values = df[col].dropna().str.strip()
        values = values[values != ""]
        if len(values) and values.str.fullmatch(pattern).all():
            hits.append(col)
    if len(hits) != 1:
        found = ", ".join(repr(h) for h in hits) if hits else "none"
        raise VoortgangError(
            f"{display_path(path)}: expected exactly one column with {what} codes, found {found}; "
            f"name it with the argument {what}_column="
        )
    return hits[0]


def load_gemeente_mapping(
    path: Path,
    gemeente_column: str | None = None,
    jeugdregio_column: str | None = None,
) -> pd.DataFrame:
    """Read a user-supplied gemeente -> jeugdregio mapping (CBS "Gebieden in Nederland").

    The CSV export of the StatLine table (e.g. 84721NED for 2020) is read as
    text, with the separator sniffed (StatLine exports use ``;``) and the code
    padding stripped. Because the position and title of the jeugdregio column
    differ by year, the two columns are found by their values: the only column
    whose values are all ``GMxxxx`` and the only one whose values are all
    ``JZxx``. Pass the column names when a file has several such columns.

    Parameters
    ----------
    path : Path
        CSV file with at least a gemeente code and a jeugdregio code column.
    gemeente_column, jeugdregio_column : str, optional
        Column titles to use instead of finding them by their values.

    Returns
    -------
    pandas.DataFrame
        Columns ``gemeente`` and ``jeugdregio`` (strings), one row per gemeente.

    Raises
    ------
    VoortgangError
        When the file is missing or unreadable, a column cannot be found, a
        gemeente has no or several jeugdregio's, or a jeugdregio code is not one
        of the 42 (the message names the file, the column and the rows).
    """
    path = Path(path)
    if not path.is_file():
        raise VoortgangError(f"{display_path(path)}: gemeente mapping file not found")
    try:
        raw = pd.read_csv(path, dtype=str, sep=None, engine="python", keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError, csv.Error) as exc:
        raise VoortgangError(f"{display_path(path)}: cannot read as CSV ({exc})") from exc
    raw = raw.replace("", pd.NA)
    gm_col = gemeente_column or _find_column(raw, GEMEENTE_CODE, "gemeente", path)
    jz_col = jeugdregio_column or _find_column(raw, JEUGDREGIO_CODE, "jeugdregio", path)
    for arg, col in (("gemeente_column", gm_col), ("jeugdregio_column", jz_col)):
        if col not in raw.columns:
            raise VoortgangError(f"{display_path(path)}: {arg}={col!r} is not a column of the file")
    df = pd.DataFrame(
        {"gemeente": raw[gm_col].str.strip(), "jeugdregio": raw[jz_col].str.strip()}
    )
    problems = []
    bad_gm = df["gemeente"].isna() | ~df["gemeente"].fillna("").str.fullmatch(GEMEENTE_CODE)
    if bad_gm.any():
        problems.append(f"column {gm_col!r}: {int(bad_gm.sum())} rows without a GMxxxx code ({_rows(bad_gm)})")
    unknown = ~df["jeugdregio"].isin(jeugdregio_codes())
    if unknown.any():
        problems.append(
            f"column {jz_col!r}: {int(unknown.sum())} rows with a code that is not one of the "
            f"42 jeugdregio's ({_rows(unknown)})"
        )
    pairs = df.drop_duplicates()
    dup = pairs["gemeente"].duplicated(keep=False) & pairs["gemeente"].notna()
    if dup.any():
        problems.append(
            f"column {gm_col!r}: {int(pairs.loc[dup, 'gemeente'].nunique())} gemeenten mapped "
            f"to more than one jeugdregio"
        )
    if problems:
        raise VoortgangError(f"{display_path(path)}: " + "; ".join(problems))
    return pairs.reset_index(drop=True)


def _rows(mask: pd.Series) -> str:
    """'data rows 3, 7' (1-based, header excluded) for the first few True positions."""
    pos = [int(i) + 1 for i in mask.to_numpy().nonzero()[0][:_MAX_LISTED]]
    more = " ..." if int(mask.sum()) > _MAX_LISTED else ""
    return "data rows " + ", ".join(map(str, pos)) + more


def attach_jeugdregio(records: pd.DataFrame, mapping: pd.DataFrame, source: str = "records") -> pd.DataFrame:
    """Give each record the jeugdregio of its gemeente.

    Parameters
    ----------
    records : pandas.DataFrame
        Has a ``gemeente`` column (``GMxxxx``); any other columns are kept.
    mapping : pandas.DataFrame
        From :func:`load_gemeente_mapping` (columns ``gemeente``, ``jeugdregio``).
    source : str
        Name of the records (file or table) for the error message.

    Returns
    -------
    pandas.DataFrame
        ``records`` with a ``jeugdregio`` column (an existing one is replaced).

    Raises
    ------
    VoortgangError
        When gemeente codes of the records are missing from the mapping (the
        message gives the number of records and distinct codes, not the records).
    """
    lookup = pd.Series(mapping["jeugdregio"].to_numpy(), index=mapping["gemeente"].to_numpy())
    gm = records["gemeente"].astype("string")
    out = records.copy()
    out["jeugdregio"] = gm.map(lookup)
    missing = gm.notna() & out["jeugdregio"].isna()
    if missing.any():
        raise VoortgangError(
            f"{source}: column 'gemeente': {int(missing.sum())} records with "
            f"{gm[missing].nunique()} gemeente codes that the gemeente mapping does not contain "
            f"(is the mapping for the same year as the records?)"
        )
    return out


def add_landsdeel(records: pd.DataFrame) -> pd.DataFrame:
    """Add ``landsdeel`` (``LD01``-``LD04``) from the ``jeugdregio`` column.

    Uses :func:`landsdeel_grouping` (an assumption by province; see
    ``data/reference/README.md``). Records without a jeugdregio get ``NA``.
    """
    lookup = landsdeel_grouping().set_index("jeugdregio")["landsdeel"]
    out = records.copy()
    out["landsdeel"] = out["jeugdregio"].astype("string").map(lookup).astype("string")
    return out
