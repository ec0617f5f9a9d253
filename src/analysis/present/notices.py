"""The one place for the words that mark synthetic data and hidden figures.

Every chapter, table, chart and alt text made from the synthetic population says
so; the sentences and marks are defined here once and reused by the chapters
(:mod:`analysis.chapters`), the charts (:mod:`analysis.present.charts`) and the
introduction chapters (:mod:`analysis.chapters.inleiding`).
"""

from __future__ import annotations

from analysis.present.wording import join_dutch

#: Text on every chart made from synthetic data (and, capitalised, in its alt text).
SYNTHETIC_MARK: str = "synthetische data"
#: Footnote of every table made from synthetic data.
SYNTHETIC_FOOTNOTE: str = "Synthetische data."
#: The disclaimer of synthetic figures: what they are for.
NOT_REAL_OUTCOMES: str = "Ze laten zien hoe de analyse werkt; het zijn geen feitelijke uitkomsten."


def synthetic_footnotes(synthetic: bool) -> list[str]:
    """``[SYNTHETIC_FOOTNOTE]`` for a table from synthetic data, else no footnote."""
    return [SYNTHETIC_FOOTNOTE] if synthetic else []


def synthetic_chapter_callout(detail: str = "") -> str:
    """The warning at the top of a chapter whose figures all come from synthetic data.

    Parameters
    ----------
    detail : str
        One or more sentences that follow the standard one (what else the reader
        should know in this chapter), or empty.
    """
    text = (
        "**Synthetische data.** Alle cijfers in dit hoofdstuk komen uit een gesimuleerde populatie met de "
        "opbouw van de CBS-microdata, niet uit echte persoonsgegevens."
    )
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


#: The mark of a concept report: behind every PDF page, in the DOCX header, on the HTML page.
CONCEPT_MARK = "CONCEPT"
#: The sentence that goes with it (HTML banner, DOCX header).
CONCEPT_NOTE = "CONCEPT: deze versie is nog niet definitief en niet bedoeld voor verspreiding."
