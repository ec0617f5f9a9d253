"""The git guard: does a file hold person-level records? (``scripts/check_person_data.py``)

``.gitignore`` alone lets person-level data into git (``git add -f``, a CSV
export under an innocent name, a pickle in ``notebooks/scratch/``). The
pre-commit hook and ``tests/test_person_data_guard.py`` run :func:`person_level_reason`
over every staged or tracked file, whatever its extension, and refuse it when:

1. **name**: it lies in ``data/raw/``, ``data/synthetic/`` or ``data/afgeleid/``
   (the unprotected count tables made from person-level data; only their README
   is tracked), or its name says persons or microdata (``persons.csv``,
   ``rinpersoon_export.txt``);
2. **format**: its suffix or its first bytes are those of a data-frame or
   statistics format (parquet, feather/Arrow, pickle, SPSS, Stata, SAS, R, HDF5,
   SQLite): formats we never commit;
3. **content**: its first line is a header of the person-level schema
   (``person_id`` or CBS's ``RINPERSOON`` with another person column of
   :data:`analysis.inputs.microdata.schema.TABLES`), or it holds records keyed by
   such an id (JSON, notebook or HTML output).

The only exception are the hand-built fictitious test populations in
:data:`FIXTURE_DIR`, at most :data:`MAX_FIXTURE_ROWS` records each.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from analysis.inputs.microdata.schema import TABLES

#: Columns of the person-level schema, and CBS's person keys (``params/microdata_mapping.yaml``).
PERSON_KEYS: frozenset[str] = frozenset({"person_id", "rinpersoon"})
PERSON_COLUMNS: frozenset[str] = frozenset(
    {c.name.lower() for t in TABLES.values() for c in t.columns} | PERSON_KEYS | {"rinpersoons"}
)
#: Folders whose files (but their README) are person-level data by definition.
DATA_FOLDERS: tuple[str, ...] = ("data/raw/", "data/synthetic/", "data/afgeleid/")
#: Suffixes of formats that hold data frames (never committed, whatever they hold).
DATA_SUFFIXES: frozenset[str] = frozenset({
    ".parquet", ".feather", ".arrow", ".ipc", ".pkl", ".pickle", ".joblib", ".sav", ".zsav", ".por", ".dta",
    ".sas7bdat", ".xpt", ".rds", ".rdata", ".rda", ".h5", ".hdf5", ".hdf", ".sqlite", ".sqlite3", ".db", ".npy",
    ".npz",
})
#: First bytes of those formats (a file renamed to ``.txt`` is still refused).
MAGIC: dict[bytes, str] = {
    b"PAR1": "parquet", b"ARROW1": "Arrow/feather", b"FEA1": "feather", b"$FL2": "SPSS", b"$FL3": "SPSS",
    b"\x89HDF": "HDF5", b"SQLite format 3\x00": "SQLite", b"\x93NUMPY": "numpy",
}
_PICKLE = re.compile(rb"^\x80[\x02-\x05]")
_NAME = re.compile(r"(?i)(^|[^a-z])(persons?|personen|persoon|rinpersoons?|microdata)([^a-z]|$)")
_NAME_EXEMPT_SUFFIXES = frozenset({".py", ".md", ".ipynb", ".yaml", ".yml", ".lua", ".j2", ".css", ".typst"})
_RECORD = re.compile(r"""(?i)["'<>](person_id|rinpersoon)["']?\s*(:|</t[hd]>)""")
#: Hand-built fictitious populations of the tests (see their README files).
FIXTURE_DIR = "tests/fixtures/microdata/"
MAX_FIXTURE_ROWS = 100
#: Records keyed by a person id that make a file person-level (a JSON list, a table output).
MIN_RECORDS = 3


def _header_fields(text: str) -> set[str]:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return {f.strip().strip("\"'").lower() for f in re.split(r"[,;\t|]", first)}


def person_level_reason(path: str, head: bytes) -> str | None:
    """Why the file at ``path`` (relative, ``/``-separated) looks person-level, or None.

    Parameters
    ----------
    path : str
        Path relative to the repository root.
    head : bytes
        The file's first bytes (the guard reads 1 MiB).

    Returns
    -------
    str or None
        ``"name"``, ``"format <name>"`` or ``"content: ..."``; never a value of the file.
    """
    rel = PurePosixPath(path)
    posix = rel.as_posix()
    suffix = rel.suffix.lower()
    if posix.startswith(DATA_FOLDERS) and rel.name != "README.md":
        return f"name: inside {posix.split('/')[0]}/{posix.split('/')[1]}/, which holds person-level data"
    if suffix in DATA_SUFFIXES:
        return f"format: {suffix} files hold data frames"
    for magic, name in MAGIC.items():
        if head.startswith(magic):
            return f"format: {name} data"
    if _PICKLE.match(head):
        return "format: Python pickle"
    text = head.decode("utf-8", errors="replace")
    fields = _header_fields(text)
    header = bool(fields & PERSON_KEYS) and len(fields & PERSON_COLUMNS) >= 2
    records = suffix != ".py" and len(_RECORD.findall(text)) >= MIN_RECORDS
    if posix.startswith(FIXTURE_DIR):
        rows = sum(1 for line in text.splitlines() if line.strip()) - 1
        if suffix in (".csv", ".tsv", ".txt") and rows > MAX_FIXTURE_ROWS:
            return f"content: {rows} records in a test fixture (at most {MAX_FIXTURE_ROWS} fictitious ones)"
        return None
    if header:
        return "content: a header with person-level columns (" + ", ".join(sorted(fields & PERSON_COLUMNS)) + ")"
    if records:
        return "content: records keyed by a person id"
    if suffix not in _NAME_EXEMPT_SUFFIXES and _NAME.search(rel.name):
        return "name: the file name says persons or microdata"
    return None
