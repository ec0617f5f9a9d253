"""The index page of all regional reports of an edition (standalone HTML, Dutch, escaped)."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.inputs.editions import Edition
from analysis.inputs.groupings import GEMEENTE_LEVEL, JEUGDREGIO_LEVEL
from analysis.present.safety import CSP_META
from analysis.present.wording import lower_first


@dataclass(frozen=True)
class IndexEntry:
    """One regional report on the index page."""

    code: str
    naam: str
    niveau: str
    edition: str
    date: str
    link: str


#: A link on the index page: a relative path of plain names (``JZ14/index.html``), never a URL.
_RELATIVE_LINK = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$")


def _relative_link(link: str) -> str:
    return link if _RELATIVE_LINK.match(link) else "#"


#: Heading of each level's section on the index page (a grouping: its own name).
LEVEL_HEADINGS: dict[str, str] = {JEUGDREGIO_LEVEL: "Jeugdregio's", GEMEENTE_LEVEL: "Gemeenten"}


def _rows(entries: Sequence[IndexEntry]) -> str:
    esc = html.escape
    return "".join(
        f"<tr><th scope=\"row\">{esc(e.naam)} ({esc(e.code)})</th><td>{esc(e.niveau)}</td>"
        f"<td>{esc(e.edition)}</td><td>{esc(e.date)}</td>"
        f"<td><a href=\"{esc(_relative_link(e.link), quote=True)}\">rapport</a></td></tr>"
        for e in entries)


def _table(entries: Sequence[IndexEntry], caption: str) -> str:
    return (f'<table class="voortgang-tabel"><caption>{html.escape(caption)}</caption>'
            "<thead><tr><th>Regio</th><th>Niveau</th><th>Editie</th><th>Datum</th><th>Link</th></tr></thead>"
            f"<tbody>{_rows(entries)}</tbody></table>")


def _initial(name: str) -> str:
    """The letter a name is listed under: its first letter, ignoring a leading ``'s-`` (``'s-Hertogenbosch``: H)."""
    stripped = name[3:] if name.lower().startswith("'s-") else name
    first = unicodedata.normalize("NFKD", stripped[:1])[:1].upper()
    return first if first.isalpha() else "#"


def _gemeenten_section(entries: Sequence[IndexEntry]) -> str:
    """The gemeenten: a jump list A-Z (plain links, no script) and one table per letter, by name."""
    by_letter: dict[str, list[IndexEntry]] = {}
    for e in sorted(entries, key=lambda e: (_initial(e.naam), e.naam.lower(), e.code)):
        by_letter.setdefault(_initial(e.naam), []).append(e)
    nav = " ".join(f'<a href="#gemeenten-{ord(letter)}">{html.escape(letter)}</a>' for letter in by_letter)
    parts = [f'<nav aria-label="Gemeenten op beginletter"><p>{nav}</p></nav>']
    for letter, group in by_letter.items():
        parts.append(f'<h3 id="gemeenten-{ord(letter)}">{html.escape(letter)}</h3>')
        parts.append(_table(group, f"Gemeenterapportages, {letter}"))
    return "\n".join(parts)


def regional_index_html(entries: Sequence[IndexEntry], edition: Edition, css: str = "") -> str:
    """The index page of all regional reports of an edition (standalone HTML, Dutch).

    Parameters
    ----------
    entries : sequence of IndexEntry
        One section per level: the jeugdregio's, the groupings (by name), then the
        gemeenten, listed by name under a jump list of their first letters (about
        350 reports stay findable without a script); the others by code.
    edition : Edition
    css : str
        Style sheet to embed (the house style of the HTML report).

    Returns
    -------
    str
        A complete HTML document; every table has the columns regio, niveau,
        editie, datum, link.
    """
    esc = html.escape
    levels: dict[str, list[IndexEntry]] = {}
    order = {JEUGDREGIO_LEVEL: 0, GEMEENTE_LEVEL: 2}
    for e in sorted(entries, key=lambda e: (order.get(e.niveau, 1), e.niveau, e.code)):
        levels.setdefault(e.niveau, []).append(e)
    sections = []
    for niveau, group in levels.items():
        heading = LEVEL_HEADINGS.get(niveau, niveau[:1].upper() + niveau[1:])
        body = (_gemeenten_section(group) if niveau == GEMEENTE_LEVEL
                else _table(group, f"Regiorapportages: {lower_first(heading)}"))
        sections.append(f"<h2>{esc(heading)} ({len(group)})</h2>\n{body}")
    content = "\n".join(sections) or "<p>Nog geen regiorapportages gebouwd.</p>"
    title = f"Regiorapportages {edition.edition}"
    named = esc(edition.title) + (f", {esc(lower_first(edition.subtitle))}" if edition.subtitle.strip() else "")
    return (
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n" + CSP_META + "\n<meta charset=\"utf-8\">\n"
        f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{esc(title)}</title>\n"
        f"<style>\n{css}\n</style>\n</head>\n<body>\n"
        f"<h1>{esc(title)}</h1>\n"
        f"<p>{named}. Eén rapport per regio of gemeente, gemaakt met dezelfde "
        "notebooks als het landelijke rapport. De datum is de dag waarop het rapport is gebouwd.</p>\n"
        f"{content}\n</body>\n</html>\n"
    )
