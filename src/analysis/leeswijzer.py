"""The first chapter of every edition: inleiding and leeswijzer (generated, Dutch).

It states what the edition covers, which data it uses with the vintage of each,
and says plainly where data are synthetic.
"""

from __future__ import annotations

from analysis.dutch import join_dutch
from analysis.editions import Edition

_SOORT = {
    "gepubliceerd": "gepubliceerde cijfers",
    "statline": "CBS StatLine-momentopname",
    "microdata": "microdata (CBS Remote Access)",
    "synthetisch": "synthetische microdata",
}

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli",
          "augustus", "september", "oktober", "november", "december")


def month_text(yyyy_mm: str) -> str:
    """``'2020-05' -> 'mei 2020'``."""
    year, month = yyyy_mm.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"


def inleiding_markdown(edition: Edition) -> str:
    """Markdown of the Inleiding en leeswijzer chapter (``index.qmd``).

    Parameters
    ----------
    edition : Edition
        Validated edition parameters.

    Returns
    -------
    str
        Markdown with a level-1 heading, ready for pandoc or Quarto.
    """
    years = edition.years
    period = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
    lines = [
        "# Inleiding en leeswijzer {.unnumbered}",
        "",
        f"Dit is de {edition.subtitle.lower()} ({month_text(edition.date)}). "
        f"De rapportage volgt één vaste set uitkomstindicatoren over de jaren {period}, "
        "elk halfjaar op dezelfde manier geanalyseerd: meten om te leren.",
        "",
        "## Gebruikte gegevens",
        "",
        "| Bron | Soort | Versie |",
        "|---|---|---|",
    ]
    for src in edition.sources:
        lines.append(f"| {src.naam} | {_SOORT[src.soort]} | {src.versie} |")
    lines.append("")
    synthetic = [s.naam for s in edition.sources if s.soort == "synthetisch"]
    if synthetic:
        lines += [
            "::: {.callout-warning}",
            f"**Let op: synthetische data.** De cijfers uit {join_dutch(synthetic)} zijn "
            "gemaakt met een gesimuleerde populatie, niet met echte persoonsgegevens. Ze laten "
            "zien hoe de analyse werkt; het zijn geen feitelijke uitkomsten. Elk hoofdstuk en elke "
            "figuur op basis van deze gegevens vermeldt dat.",
            ":::",
            "",
        ]
    lines += [
        "## Leeswijzer",
        "",
        "Percentages worden geschreven als `10,1%`; een verschil tussen twee percentages "
        "heet een verschil in *procentpunt*, een relatieve verandering wordt in *%* "
        "uitgedrukt. Een punt (`.`) in een tabel betekent dat het cijfer ontbreekt of om "
        "redenen van geheimhouding niet wordt getoond.",
        "",
    ]
    return "\n".join(lines)
