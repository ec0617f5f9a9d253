"""Dutch number formatting: ``4.194``, ``10,1%``, procentpunt, ``.`` for a missing value.

Conventions (as in the voortgangsrapportages and CBS publications):

- thousands separator ``.``, decimal comma: ``4.194``, ``10,1%``;
- rounding is half away from zero (``2,5 -> 3``), as a reader rounds by hand;
  Python's :func:`round` rounds half to even and is not used for display;
- a *percentage* (unit ``percent``) is printed with ``%``; a difference between
  two percentages is in *procentpunt* (percentage points, ``pp``); a *relative*
  change is in ``%``. The two are never mixed: the function names say which is
  which (:func:`format_pp` versus :func:`format_change_pct`); the sentences are
  in :mod:`analysis.present.wording`.
- missing values print as ``.`` (the CBS symbol for "gegevens ontbreken");
- a negative number has the minus sign ``−`` (U+2212, :data:`MINUS`), never a hyphen.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from analysis.config import MISSING_SYMBOL
from analysis.inputs.periods import MARKER_OF_STATUS
from analysis.inputs.published import decimals_of
from analysis.inputs.registry import Unit

#: The minus sign of every negative number in a report (U+2212): one sign in HTML, DOCX and PDF
#: (typst would print a hyphen before a digit as a minus sign anyway, and a hyphen can break a line).
MINUS = "\u2212"


def _is_missing(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def round_half_away(x: float, decimals: int = 0) -> Decimal:
    """Round ``x`` half away from zero to ``decimals`` places.

    Parameters
    ----------
    x : float
        Value to round. Converted through ``repr`` so that ``10.15`` rounds as
        written, not as its binary approximation.
    decimals : int
        Number of decimals, >= 0.

    Returns
    -------
    decimal.Decimal
        The rounded value.
    """
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(repr(float(x))).quantize(quantum, rounding=ROUND_HALF_UP)


def format_number(x: float | None, decimals: int = 0) -> str:
    """Format a number the Dutch way: ``4194 -> '4.194'``, ``10.1 -> '10,1'``.

    Parameters
    ----------
    x : float or None
        The number; ``None``/NaN gives ``'.'``.
    decimals : int
        Decimals to show (rounded half away from zero).
    """
    if _is_missing(x):
        return MISSING_SYMBOL
    d = round_half_away(x, decimals)
    if d == 0:
        d = abs(d)  # no "-0"
    text = f"{d:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".").replace("-", MINUS)


def format_percent(x: float | None, decimals: int = 0) -> str:
    """Format a percentage (value in percent, 0-100): ``10.1 -> '10,1%'``."""
    if _is_missing(x):
        return MISSING_SYMBOL
    return f"{format_number(x, decimals)}%"


def format_pp(x: float, decimals: int = 0) -> str:
    """Format a difference of two percentages in procentpunt: ``-7 -> '7 procentpunt'``.

    The sign is not printed: the sentence says *stijging* or *daling*.
    """
    return f"{format_number(abs(x), decimals)} procentpunt"


def format_change_pct(x: float, decimals: int = 0, signed: bool = True) -> str:
    """Format a *relative* change in percent: ``77.48 -> '+77%'``, ``-18.25 -> '-18%'``.

    Parameters
    ----------
    x : float
        Relative change in percent (``(new / old - 1) * 100``).
    decimals : int
        Decimals to show.
    signed : bool
        Print ``+`` for increases (as the seed report does in "groei 2016-2019").
    """
    text = format_number(abs(x) if not signed else x, decimals)
    if signed and round_half_away(x, decimals) > 0:
        text = "+" + text
    return f"{text}%"


def format_value(x: float | None, unit: Unit, decimals: int | None = None) -> str:
    """Format a value in its unit (``percent -> '11,6%'``, ``count -> '4.194'``).

    Parameters
    ----------
    x : float or None
        The value; missing gives ``'.'``.
    unit : str
        One of the registry units.
    decimals : int, optional
        Decimals; by default the published precision of ``x`` (:func:`decimals_of`).
    """
    if _is_missing(x):
        return MISSING_SYMBOL
    d = decimals_of(x) if decimals is None else decimals
    if unit == "percent":
        return format_percent(x, d)
    if unit == "percentage_point":
        return f"{format_number(x, d)} procentpunt"
    if unit == "percent_change":
        return format_change_pct(x, d)
    if unit == "one_in_n":
        return f"1 op de {format_number(x, d)}"  # "1 op de 7,5" keeps its decimal (CBS Jeugdmonitor 2022)
    if unit == "eur":
        return f"€ {format_number(x, d)}"
    if unit == "eur_million":
        return f"€ {format_number(x, d)} miljoen"
    return format_number(x, d)  # count, index (base in the label), rate (per N in the label)


def count_text(n: int, one: str, many: str) -> str:
    """A count with its noun in the right number: ``count_text(1, 'bron', 'bronnen') -> '1 bron'``, ``'4.194 ...'``."""
    return f"{format_number(n)} {one if n == 1 else many}"


def status_marker(status: str) -> str:
    """The CBS marker of a status: ``'*'`` voorlopig, ``'**'`` nader voorlopig, else ``''``."""
    return MARKER_OF_STATUS.get(status, "")


#: Footnote of a table with provisional figures (CBS convention).
STATUS_FOOTNOTE = "* Voorlopig cijfer; ** nader voorlopig cijfer (CBS)."


def with_marker(text: str, status: str) -> str:
    """A formatted value with its status marker: ``'474.000*'``; a missing value keeps no marker."""
    return text if text == MISSING_SYMBOL else text + status_marker(status)
#: Units whose difference is in procentpunt.
_PP_UNITS = frozenset({"percent", "percentage_point", "percent_change"})


# ---------------------------------------------------------------- Dutch tables and text


def format_signed(x: float, decimals: int = 0) -> str:
    """A difference with its sign: ``1.9 -> '+1,9'``, ``-0.4 -> '−0,4'``, ``0 -> '0'`` (the unit goes in the label)."""
    text = format_number(x, decimals)
    return f"+{text}" if round_half_away(x, decimals) > 0 else text


def format_revision(x: float, unit: str, decimals: int) -> str:
    """An absolute revision in its unit, signed: ``+0,3 procentpunt``, ``+250``, ``.`` when missing.

    For ``percent`` (and the other percentage units) the difference is in
    procentpunt; never written with ``%``.
    """
    if pd.isna(x):
        return "."
    text = format_signed(x, decimals)
    if unit in _PP_UNITS:
        return f"{text} procentpunt"
    if unit == "eur":
        return f"{text} euro"
    if unit == "eur_million":
        return f"{text} miljoen euro"
    return text


#: A number as the reports write it: ``4.194``, ``12,5``, ``2019``, ``0,024`` (sign and unit not included).
NUMBER_TOKEN = re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\w]|[.,]\d)")


def numbers_in(text: str) -> list[tuple[str, str, str]]:
    """Every number in a Dutch text with 30 characters of context: ``(before, number, after)``.

    Examples
    --------
    >>> [n for _, n, _ in numbers_in("In 2019 kregen 4.194 jongeren (12,5%) jeugdhulp.")]
    ['2019', '4.194', '12,5']
    """
    return [(text[max(0, m.start() - 30):m.start()], m.group(1), text[m.end():m.end() + 30])
            for m in NUMBER_TOKEN.finditer(text)]
