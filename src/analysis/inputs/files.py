"""Files as users meet them in messages: paths relative to the project, values shortened,
text read with a size limit and strict UTF-8."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.config import DATA_DIR, PROJECT_ROOT
from analysis.errors import VoortgangError

#: Longest piece of a value that a message quotes (a message never holds a whole value
#: of unbounded size: a 5000-character argument or a huge YAML value).
SHORT_VALUE_CHARS: int = 60
#: Plain text from a file that is shown in a report (titles, names, sources): no character
#: that starts markup in markdown or HTML (``< > [ ] { } ` \ |``). Researchers' markdown
#: texts are sanitised instead (:mod:`analysis.present.safety`).
PLAIN_TEXT: re.Pattern[str] = re.compile(r"^[^<>\[\]{}`\\|\r\n]*$")


def display_path(path: Path) -> str:
    """``path`` relative to the project root when it lies inside it (for messages)."""
    try:
        return str(Path(path).resolve().relative_to(PROJECT_ROOT))
    except (ValueError, OSError, RuntimeError):
        return str(path)


def shorten(value: Any, limit: int = SHORT_VALUE_CHARS, quote: bool = True) -> str:
    """A bounded rendering of ``value`` for a message: ``repr`` (or ``str``) cut to ``limit`` characters.

    Containers are never rendered whole: their ``repr`` could be gigabytes for a
    YAML document of nested aliases, so only their type and length are shown.

    Examples
    --------
    >>> shorten("x" * 100, 10)
    "'xxxxxxxxx… (100 characters)"
    >>> shorten([1, 2, 3])
    'a list of 3 items'
    """
    if isinstance(value, (list, tuple, set, dict)):
        return f"a {type(value).__name__} of {len(value)} items"
    text = repr(value) if quote else str(value)
    if len(text) <= limit:
        return text
    size = len(value) if isinstance(value, str) else len(text)
    return f"{text[: limit - 1]}… ({size} characters)"


def read_text(path: Path, max_bytes: int) -> str:
    """The text of a file of at most ``max_bytes`` bytes, strictly UTF-8.

    Raises
    ------
    VoortgangError
        Missing, unreadable, too large, or not UTF-8 (naming the byte offset).
    """
    where = display_path(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise VoortgangError(f"{where}: file not found") from None
    except OSError as exc:
        raise VoortgangError(f"{where}: cannot read: {exc.strerror or type(exc).__name__}") from None
    if len(data) > max_bytes:
        raise VoortgangError(f"{where}: larger than the limit of {max_bytes:,} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise VoortgangError(f"{where}: not UTF-8 text (byte {exc.start})") from None


def read_csv_table(path: Path, columns: Mapping[str, re.Pattern[str] | None], max_bytes: int) -> pd.DataFrame:
    """A small CSV of strings with its required columns checked, value by value.

    Parameters
    ----------
    path : Path
        The file (UTF-8, comma-separated, a header row).
    columns : mapping
        Required column -> pattern every value must match in full (``None``: any
        non-empty text). Other columns are kept unchecked.
    max_bytes : int
        Size limit of the file.

    Returns
    -------
    pandas.DataFrame
        All columns as strings, surrounding spaces stripped.

    Raises
    ------
    VoortgangError
        Missing, too large, not UTF-8, not CSV, no rows, a required column
        missing, or values that do not fit (naming the column, the count and the
        first bad row, counted as in a spreadsheet: the header is row 1).
    """
    where = display_path(path)
    text = read_text(path, max_bytes)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise VoortgangError(f"{where}: not a readable CSV table ({shorten(first, 100, quote=False)})") from None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        found = ", ".join(shorten(str(c), 30) for c in list(frame.columns)[:10])
        raise VoortgangError(f"{where}: column {missing[0]!r} not found (columns: {found or 'none'})")
    if frame.empty:
        raise VoortgangError(f"{where}: no rows")
    frame = frame.apply(lambda col: col.str.strip())
    for column, pattern in columns.items():
        values = frame[column]
        bad = values.eq("") if pattern is None else ~values.str.fullmatch(pattern)
        if bad.any():
            row = int(bad.to_numpy().nonzero()[0][0]) + 2
            what = "empty" if pattern is None else "not of the expected form"
            raise VoortgangError(f"{where}: row {row}, column {column!r}: {int(bad.sum())} value(s) {what}")
    return frame


def inside_data(path: Path | str, where: str) -> Path:
    """The absolute path of a person-level data folder, which must lie inside ``data/``.

    Person-level data (synthetic or CBS microdata) never leaves ``data/``: a
    relative path is taken from the project root, and the resolved path (links
    followed, ``..`` applied) must be below :data:`analysis.config.DATA_DIR`.

    Parameters
    ----------
    path : Path or str
        The path as the user gave it.
    where : str
        The argument or file and key, for the message.

    Raises
    ------
    VoortgangError
        When the path resolves outside ``data/``.
    """
    raw = Path(path)
    resolved = (raw if raw.is_absolute() else PROJECT_ROOT / raw).resolve()
    try:
        resolved.relative_to(DATA_DIR.resolve())
    except ValueError:
        raise VoortgangError(
            f"{where}: person-level data must stay inside {display_path(DATA_DIR)}/, "
            f"but {shorten(str(path))} resolves outside it"
        ) from None
    return resolved


def check_argument(value: str, argument: str, allowed: str, max_chars: int) -> str:
    """A command-line value within its length and character limits, else one line naming the argument.

    Parameters
    ----------
    value : str
        As typed.
    argument : str
        Its name, e.g. ``"--edition"``.
    allowed : str
        The characters allowed, as the body of a regex character class
        (``"A-Za-z0-9_-"``).
    max_chars : int
        Longest value accepted.

    Raises
    ------
    VoortgangError
        Too long, or a character outside ``allowed`` (the message shows the
        first such character, never the whole value).
    """
    if len(value) > max_chars:
        raise VoortgangError(f"argument {argument!r}: {len(value)} characters, at most {max_chars}")
    bad = re.search(f"[^{allowed}]", value)
    if bad:
        raise VoortgangError(
            f"argument {argument!r}: character {bad.group()!r} at position {bad.start() + 1} is not allowed "
            f"(allowed: {allowed.replace(chr(92), '')})"
        )
    return value


def swap_into_place(staging: Path, target: Path) -> None:
    """Replace the folder ``target`` by ``staging`` with two renames (no half state visible).

    The old folder is first renamed to ``.<name>.old`` beside it, then removed; a
    leftover of an interrupted swap is removed first.
    """
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    if old.exists():
        shutil.rmtree(old)
