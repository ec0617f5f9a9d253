"""The colofon and "Hoe te citeren" of a report, in Dutch markdown.

Publisher, contact and licence come from ``CITATION.cff``
(:mod:`analysis.inputs.citation`); title, date and edition from the edition file;
the version and the commit from the build (:mod:`analysis.pipeline.national`).
The stable identifier of a report is ``voortgang/<edition>/v<N>``: the same
``edition/vN`` that ``voortgang diff`` and the chapters' ``previous`` accept.
"""

from __future__ import annotations

from analysis.inputs.citation import Citation
from analysis.inputs.editions import Edition
from analysis.present.safety import plain_text
from analysis.present.wording import month_text

#: Prefix of the stable identifier of a report version.
IDENTIFIER_PREFIX = "voortgang"
#: Printed for a version or commit the build does not know (yet).
UNKNOWN = "onbekend"


def identifier(edition: str, version: int) -> str:
    """The stable identifier of a report version: ``identifier('2024-H1', 3) -> 'voortgang/2024-H1/v3'``."""
    return f"{IDENTIFIER_PREFIX}/{edition}/v{version}"


def report_title(edition: Edition) -> str:
    """``Title: subtitle`` (the title alone when there is no subtitle), as plain text."""
    return plain_text(f"{edition.title}: {edition.subtitle}" if edition.subtitle else edition.title)


def colofon_markdown(edition: Edition, project: Citation, version: int | None, commit: str | None,
                     dirty: bool | None = False) -> str:
    """The sections "Colofon" and "Hoe te citeren" (level-2 headings) of a report.

    Parameters
    ----------
    edition : Edition
        The edition (title, subtitle, date, name).
    project : Citation
        ``CITATION.cff``: publisher, contact, licence.
    version : int or None
        The version this build publishes; None: not known (e.g. for the render key).
    commit : str or None
        The git commit of the build; None: not known.
    dirty : bool or None
        Whether the work tree had uncommitted changes.

    Returns
    -------
    str
        Markdown, ready to follow the Inleiding en leeswijzer.
    """
    version_text = f"versie {version}" if version is not None else UNKNOWN
    commit_text = UNKNOWN if commit is None else commit[:12] + (" (met niet-vastgelegde wijzigingen)" if dirty else "")
    ident = identifier(edition.edition, version) if version is not None else UNKNOWN
    rows = [
        ("Titel", report_title(edition)),
        ("Uitgever", plain_text(project.publisher)),
        ("Datum", month_text(edition.date)),
        ("Editie", edition.edition),
        ("Versie", version_text),
        ("Commit", commit_text),
        ("Identificatie", ident),
        ("Status", edition.status),
        ("Contact", plain_text(project.contact_text)),
        ("Licentie", plain_text(project.license)),
    ]
    year = edition.date[:4]
    lines = [
        "## Colofon",
        "",
        "| Gegeven | Waarde |",
        "|---|---|",
        *(f"| {name} | {value} |" for name, value in rows),
        "",
        "## Hoe te citeren",
        "",
        f"{plain_text(project.publisher)} ({year}). *{report_title(edition)}* (editie {edition.edition}, "
        f"{version_text}). Identificatie: {ident}. Licentie: {plain_text(project.license)}.",
        "",
        "Citeer altijd de editie én de versie: een nieuwe versie van dezelfde editie kan andere cijfers tonen.",
        "",
    ]
    return "\n".join(lines)
