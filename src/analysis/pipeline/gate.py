"""The disclosure gate at build time: refuse an executed chapter that shows unprotected person-level figures.

A chapter reads person-level data when it gets a ``microdata`` parameter. Then:

- every table (``text/html``) and figure (``image/png``) output must carry the
  marker ``{"voortgang": {"protected": true}}`` that :mod:`analysis.present.display`
  sets only for a :class:`~analysis.disclosure.marking.ProtectedTable`;
- every number in its text (markdown, printed output) and in the alt texts and
  captions of its figures must be one that its protected tables show or its protected
  figures draw (as the gate formats them: the same rounding, the same decimals),
  a year, a chapter parameter, a label number
  (:data:`analysis.present.labels.LABEL_NUMBERS`: ages, interval levels) or a
  test statistic named as such (``p = 0,03``, ``χ² = 12,4 met 5
  vrijheidsgraden``). So ``show_markdown("precies 6883 personen")`` or an alt
  text with ``10,949%`` is refused at render time, naming chapter and cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from analysis.config import MARKER
from analysis.errors import BuildError
from analysis.inputs.editions import ChapterRun
from analysis.inputs.notebooks import joined_text as _joined
from analysis.inputs.notebooks import read_notebook
from analysis.present.labels import LABEL_NUMBERS
from analysis.present.numbers import numbers_in

#: A test statistic, recognised by what stands before it (``p = ``, ``χ² = ``, ``Cramérs V = ``,
#: ``gecorrigeerd residu ``, ``z = ``, ``α = ``, ``onderscheidend vermogen `` 80%), or a number of
#: things that are not persons, by what
#: stands after it (``met 5 vrijheidsgraden``, ``over 5 meetpunten``, ``42 regio's``, ``2 panelen``,
#: ``≤ 6 maanden``, ``6 groepen`` or ``120 cellen`` tested, ``2,1 afwijkingen`` expected by chance).
_STATISTIC_BEFORE = re.compile(
    r"(\bp\s*[=<>≤≥]\s*|χ²\s*=\s*|\bV\s*=\s*|\bresidu\s*[-−]?|\bz\s*=\s*[-−]?|α\s*=\s*|\bvermogen\s*)$")
_STATISTIC_AFTER = re.compile(
    r"^(\s*(vrijheidsgraden|meetpunten|regio's|jeugdregio's|panelen|reeksen|maand|maanden|groep|groepen|cellen"
    r"|toetsen|afwijkingen|netwerken|halfjaren)\b|\.\s+[A-Z])"
)  # the last: the number of a numbered heading ("2. Inkomen")
_CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def _protected_numbers(nb: Any) -> set[str]:
    """The numbers the chapter's protected tables show and its protected figures draw."""
    found: set[str] = set()
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            marker = output.get("metadata", {}).get(MARKER, {})
            if marker.get("protected") is not True:
                continue
            found.update(str(n) for n in marker.get("numbers", []))
            table = _joined(output.get("data", {}).get("text/html", ""))
            for text in _CELL.findall(table):
                found.update(n for _, n, _ in numbers_in(_TAG.sub("", text)))
    return found


def _texts(output: Any) -> Iterator[tuple[str, str]]:
    """``(what, text)`` of an output that a reader sees as text: markdown, printed text, alt text."""
    data = output.get("data", {})
    if output.get("output_type") == "stream":
        yield "printed text", _joined(output.get("text", ""))
    if "text/markdown" in data:
        yield "text", _joined(data["text/markdown"])
    elif "text/plain" in data and not ({"text/html", "image/png"} & set(data)):
        yield "printed text", _joined(data["text/plain"])
    if "image/png" in data:
        meta = output.get("metadata", {}).get("image/png", {})
        yield "alt text", str(meta.get("alt", "")) if isinstance(meta, dict) else ""
        yield "caption", str(meta.get("caption", "")) if isinstance(meta, dict) else ""


def _parameter_numbers(run: ChapterRun) -> set[str]:
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, bool):
            return
        if isinstance(value, int):
            found.add(str(value))
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)

    for value in run.parameters.values():
        walk(value)
    return found


def _value(number: str) -> Decimal:
    """``"4.194"`` -> 4194, ``"40,0"`` -> 40: the same value whatever its decimals."""
    return Decimal(number.replace(".", "").replace(",", ".")).normalize()


def _allowed(before: str, number: str, after: str, protected: set[Decimal]) -> bool:
    if _value(number) in protected or number in LABEL_NUMBERS:
        return True
    if re.fullmatch(r"(19|20)\d\d", number):  # a year
        return True
    return bool(_STATISTIC_BEFORE.search(before) or _STATISTIC_AFTER.search(after))


def check_disclosure(notebook: Path, run: ChapterRun) -> None:
    """Refuse a chapter that reads person-level data and shows anything that did not pass the gate.

    See the module docstring for the rules.

    Raises
    ------
    BuildError
        Naming the chapter and the cell (and how many numbers, never their values).
    """
    if "microdata" not in run.parameters:
        return
    nb = read_notebook(notebook)
    for number, cell in enumerate(nb["cells"], start=1):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if not ({"text/html", "image/png"} & set(data)):
                continue
            marker = output.get("metadata", {}).get(MARKER, {})
            if marker.get("protected") is not True:
                raise BuildError(
                    f"chapter {run.output_id!r} reads person-level data, but cell {number} shows a table or "
                    "figure that did not pass the disclosure gate (use analysis.disclosure.protect_* and "
                    "show_table/show_figure with the ProtectedTable); the report is not rendered"
                )
    protected = {_value(n) for n in _protected_numbers(nb) | _parameter_numbers(run)}
    for number, cell in enumerate(nb["cells"], start=1):
        for output in cell.get("outputs", []):
            for what, text in _texts(output):
                bad = [n for before, n, after in numbers_in(text) if not _allowed(before, n, after, protected)]
                if bad:
                    raise BuildError(
                        f"chapter {run.output_id!r} reads person-level data, but the {what} of cell {number} "
                        f"holds {len(bad)} number(s) that no protected table or figure of the chapter shows "
                        "(write numbers from person-level data only as the gate shows them: a ProtectedTable "
                        "through show_table/show_figure); the report is not rendered"
                    )
