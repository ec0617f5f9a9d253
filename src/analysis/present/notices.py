"""The one place for the words that mark synthetic data and hidden figures.

Every chapter, table, chart and alt text made from the synthetic population says
so; the sentences and marks are defined here once and reused by the chapters
(:mod:`analysis.chapters`), the charts (:mod:`analysis.present.charts`) and the
introduction chapters (:mod:`analysis.chapters.inleiding`).
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.present.wording import join_dutch, lower_first

#: Text on every chart made from synthetic data (and, capitalised, in its alt text).
SYNTHETIC_MARK: str = "synthetische data"
#: Footnote of every table made from synthetic data.
SYNTHETIC_FOOTNOTE: str = "Synthetische data."
#: The disclaimer of synthetic figures: what they are for.
NOT_REAL_OUTCOMES: str = "Ze laten zien hoe de analyse werkt; het zijn geen feitelijke uitkomsten."


def synthetic_footnotes(synthetic: bool) -> list[str]:
    """``[SYNTHETIC_FOOTNOTE]`` for a table from synthetic data, else no footnote."""
    return [SYNTHETIC_FOOTNOTE] if synthetic else []


#: What synthetic figures come from: the simulated population, or a made-up StatLine table (gemeente reports).
SYNTHETIC_ORIGINS: dict[str, str] = {
    "populatie": "een gesimuleerde populatie met de opbouw van de CBS-microdata, niet uit echte persoonsgegevens",
    "statline": "een synthetische tabel met de vorm van de CBS-tabel (dezelfde gebieden, jaren en onderwerpen), "
                "met verzonnen percentages: het zijn geen CBS-cijfers",
}


def synthetic_chapter_callout(detail: str = "", where: str = "hoofdstuk", origin: str = "populatie") -> str:
    """The warning at the top of a chapter (or a section) whose figures all come from synthetic data.

    Parameters
    ----------
    detail : str
        One or more sentences that follow the standard one (what else the reader
        should know in this chapter), or empty.
    where : {"hoofdstuk", "deel", "rapport"}
        The whole chapter, the section the warning opens, or the whole report.
    origin : {"populatie", "statline"}
        What the figures come from (:data:`SYNTHETIC_ORIGINS`).
    """
    text = f"**Synthetische data.** Alle cijfers in dit {where} komen uit {SYNTHETIC_ORIGINS[origin]}."
    return "::: {.callout-warning}\n" + text + (f" {detail}" if detail else "") + "\n:::"


def synthetic_sources_callout(sources: list[str], national: bool) -> list[str]:
    """The warning lines of an introduction chapter that names the synthetic sources.

    Parameters
    ----------
    sources : list of str
        Names of the synthetic data sources of the edition.
    national : bool
        The national report (which also says that every chapter marks its
        synthetic figures) or a regional report.
    """
    if national:
        body = (
            f"**Let op: synthetische data.** De cijfers uit {join_dutch(sources)} zijn gemaakt met een "
            f"gesimuleerde populatie, niet met echte persoonsgegevens. {NOT_REAL_OUTCOMES} Elk hoofdstuk en "
            "elke figuur op basis van deze gegevens vermeldt dat."
        )
    else:
        body = (
            f"**Let op: synthetische data.** De cijfers komen uit {join_dutch(sources)}: een gesimuleerde "
            f"populatie, geen echte persoonsgegevens. {NOT_REAL_OUTCOMES}"
        )
    return ["::: {.callout-warning}", body, ":::", ""]


#: What a finding (a bullet of "Rode draden" or "Wat zegt ... ons?") from synthetic data ends with:
#: a bullet can be quoted on its own, so it carries the mark itself.
SYNTHETIC_SENTENCE_MARK: str = "*(synthetische data)*"


def mark_synthetic(items: list[str], synthetic: bool) -> list[str]:
    """``items`` (findings: markdown blocks of sentences or bullets) with the synthetic mark after each line.

    Headings (``#``, a line that is all ``**bold**``) and empty lines are left as they are; a
    line that already ends with the mark is not marked twice.
    """
    if not synthetic:
        return list(items)

    def marked(line: str) -> str:
        bare = line.strip()
        heading = bare.startswith("#") or (bare.startswith("**") and bare.endswith("**"))
        if not bare or heading or bare.endswith(SYNTHETIC_SENTENCE_MARK):
            return line
        return f"{line.rstrip()} {SYNTHETIC_SENTENCE_MARK}"

    return ["\n".join(marked(line) for line in item.split("\n")) for item in items]


@dataclass(frozen=True)
class Cover:
    """What the cover, the document metadata and the running header of a report say.

    Attributes
    ----------
    title : str
        Cover title and the title in the HTML, DOCX and PDF metadata.
    subtitle : str
        Cover subtitle.
    subject : str
        One sentence on what the reader must know before quoting a figure
        (reproduction, synthetic chapters), or empty; shown on the cover and
        written as the document subject.
    keywords : tuple of str
        Document keywords (``"synthetische data"`` when any chapter has them).
    """

    title: str
    subtitle: str
    subject: str
    keywords: tuple[str, ...]


def cover(title: str, subtitle: str, reproductie: str | None, synthetic_chapters: list[str]) -> Cover:
    """The cover of a report (pure).

    Parameters
    ----------
    title, subtitle : str
        The edition's (or regional report's) title and subtitle.
    reproductie : str or None
        The published report the edition reproduces (``"Vierde voortgangsrapportage (mei 2020)"``):
        then the title is ``"Reproductie van de <reproductie>"`` and the edition's title and
        subtitle move to the subtitle.
    synthetic_chapters : list of str
        Titles of the chapters with figures from synthetic data, in report order.

    Examples
    --------
    >>> c = cover("Voortgangsrapportage Zorg voor de Jeugd", "Vierde voortgangsrapportage",
    ...           "Vierde voortgangsrapportage (mei 2020)", ["Patronen"])
    >>> c.title
    'Reproductie van de Vierde voortgangsrapportage (mei 2020)'
    >>> c.subject
    'Bevat synthetische data (geen echte uitkomsten) in het hoofdstuk Patronen.'
    """
    keywords: list[str] = ["jeugdhulp", "voortgangsrapportage"]
    if reproductie:
        subtitle = f"{title}, {lower_first(subtitle)}" if subtitle.strip() else title
        title = f"Reproductie van de {reproductie}"
        keywords.append("reproductie")
    subject = ""
    if synthetic_chapters:
        where = "het hoofdstuk" if len(synthetic_chapters) == 1 else "de hoofdstukken"
        subject = f"Bevat synthetische data (geen echte uitkomsten) in {where} {join_dutch(synthetic_chapters)}."
        keywords.append(SYNTHETIC_MARK)
    return Cover(title=title, subtitle=subtitle, subject=subject, keywords=tuple(keywords))
#: The mark of a concept report: behind every PDF page, in the DOCX header, on the HTML page.
CONCEPT_MARK = "CONCEPT"
#: The sentence that goes with it (HTML banner, DOCX header).
CONCEPT_NOTE = "CONCEPT: deze versie is nog niet definitief en niet bedoeld voor verspreiding."
