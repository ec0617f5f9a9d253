"""The index page of all regional reports of an edition (standalone HTML, Dutch, escaped)."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.inputs.editions import Edition
from analysis.inputs.groupings import JEUGDREGIO_LEVEL
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


def regional_index_html(entries: Sequence[IndexEntry], edition: Edition, css: str = "") -> str:
    """The index page of all regional reports of an edition (standalone HTML, Dutch).

    Parameters
    ----------
    entries : sequence of IndexEntry
        Shown sorted by level and code.
    edition : Edition
    css : str
        Style sheet to embed (the house style of the HTML report).

    Returns
    -------
    str
        A complete HTML document with one table: regio, niveau, editie, datum, link.
    """
    esc = html.escape
    rows = []
    for e in sorted(entries, key=lambda e: (e.niveau != JEUGDREGIO_LEVEL, e.niveau, e.code)):
        rows.append(
            f"<tr><th scope=\"row\">{esc(e.naam)} ({esc(e.code)})</th><td>{esc(e.niveau)}</td>"
            f"<td>{esc(e.edition)}</td><td>{esc(e.date)}</td>"
            f"<td><a href=\"{esc(_relative_link(e.link), quote=True)}\">rapport</a></td></tr>"
        )
    body = "".join(rows) or '<tr><td colspan="5">Nog geen regiorapportages gebouwd.</td></tr>'
    title = f"Regiorapportages {edition.edition}"
    named = esc(edition.title) + (f", {esc(lower_first(edition.subtitle))}" if edition.subtitle.strip() else "")
    return (
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n" + CSP_META + "\n<meta charset=\"utf-8\">\n"
        f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{esc(title)}</title>\n"
        f"<style>\n{css}\n</style>\n</head>\n<body>\n"
        f"<h1>{esc(title)}</h1>\n"
        f"<p>{named}. Eén rapport per regio, gemaakt met dezelfde "
        "notebooks als het landelijke rapport. De datum is de dag waarop het rapport is gebouwd.</p>\n"
        '<table class="voortgang-tabel"><caption>Regiorapportages</caption>'
        "<thead><tr><th>Regio</th><th>Niveau</th><th>Editie</th><th>Datum</th><th>Link</th></tr></thead>"
        f"<tbody>{body}</tbody></table>\n</body>\n</html>\n"
    )
