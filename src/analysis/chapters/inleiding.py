"""The first chapter of every report: inleiding and leeswijzer (generated, Dutch).

It states what the edition covers, which data it uses with the vintage of each,
and says plainly where data are synthetic. The build writes it as the book's
``index.qmd`` (:mod:`analysis.pipeline.render.quarto_project`); it is not a
notebook, so it has no ``build()`` of the notebook kind but returns markdown.
"""

from __future__ import annotations

from analysis.inputs.disclosure_settings import load_disclosure_settings
from analysis.inputs.editions import Edition
from analysis.inputs.groupings import JEUGDREGIO_LEVEL, Region
from analysis.present.methods import settings_sentence
from analysis.present.notices import synthetic_chapter_callout, synthetic_sources_callout
from analysis.present.safety import plain_text
from analysis.present.wording import edition_phrase, join_dutch, month_text

_SOORT = {
    "gepubliceerd": "gepubliceerde cijfers",
    "statline": "CBS StatLine-momentopname",
    "microdata": "microdata (CBS Remote Access)",
    "synthetisch": "synthetische microdata",
}


def inleiding_markdown(edition: Edition, in_het_kort: str = "") -> str:
    """Markdown of the Inleiding en leeswijzer chapter (``index.qmd``).

    Parameters
    ----------
    edition : Edition
        Validated edition parameters.
    in_het_kort : str
        The section "In het kort" (:func:`analysis.chapters.in_het_kort.summary`), placed
        after the first paragraph; empty: none.

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
        (f"Dit is een reproductie van de {plain_text(edition.reproductie)}: dezelfde tabellen, factsheets en "
         "bevindingen, opnieuw gemaakt uit de cijfers zoals die toen gepubliceerd zijn. "
         if edition.reproductie else
         f"Dit is de {plain_text(edition_phrase(edition.subtitle, edition.title))} ({month_text(edition.date)}). ")
        + f"De rapportage volgt één vaste set uitkomstindicatoren over de jaren {period}, "
        "elk halfjaar op dezelfde manier geanalyseerd: meten om te leren.",
        "",
        *([in_het_kort, ""] if in_het_kort else []),
        "## Gebruikte gegevens",
        "",
        "| Bron | Soort | Versie |",
        "|---|---|---|",
    ]
    for src in edition.sources:
        lines.append(f"| {plain_text(src.naam)} | {_SOORT[src.soort]} | {plain_text(src.versie)} |")
    lines.append("")
    synthetic = [plain_text(s.naam) for s in edition.sources if s.soort == "synthetisch"]
    if synthetic:
        lines += synthetic_sources_callout(synthetic, national=True)
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


def gemeente_inleiding(edition: Edition, region: Region) -> str:
    """Markdown of the first chapter (``index.qmd``) of a gemeente report.

    The figures are CBS's published gemeente table (or a synthetic one of its
    shape, which this page then says first); the leeswijzer explains
    percentages, procentpunt and ``.``.
    """
    spec = edition.regions.gemeenten if edition.regions is not None else None
    named = plain_text(edition_phrase(edition.subtitle, edition.title))
    table = f"CBS-tabel {spec.tabel} (versie van {spec.snapshot})" if spec else "de CBS-gemeentetabel"
    lines = [
        f"# Gemeenterapportage {plain_text(region.naam)} {{.unnumbered}}",
        "",
        f"Deze gemeenterapportage hoort bij de {named} ({edition.edition}). Ze toont voor "
        f"{plain_text(region.label)} jeugdhulp, jeugdbescherming en jeugdreclassering uit {table}, naast de "
        "landelijke cijfers.",
        "",
        f"Gemeentelijke indeling: {plain_text(region.bron)}.",
        "",
    ]
    if spec is not None and spec.synthetisch:
        lines += [synthetic_chapter_callout(where="rapport", origin="statline"), ""]
    lines += [
        "Percentages worden geschreven als `10,1%`; een verschil tussen twee percentages heet een verschil "
        "in *procentpunt*. Een punt (`.`) betekent dat het CBS het cijfer niet publiceert; dat gebeurt vaker "
        "bij kleine gemeenten. Een sterretje (`*`) staat bij een voorlopig cijfer.",
        "",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- report pages


def regional_inleiding(edition: Edition, region: Region) -> str:
    """Markdown of the first chapter (``index.qmd``) of a regional report."""
    members = (f" Deze regio bestaat uit de jeugdregio's {join_dutch(list(region.jeugdregios))}."
               if region.niveau != JEUGDREGIO_LEVEL else "")
    named = plain_text(edition_phrase(edition.subtitle, edition.title))
    lines = [
        f"# Regiorapportage {plain_text(region.naam)} {{.unnumbered}}",
        "",
        f"Deze regiorapportage hoort bij de {named} ({edition.edition}). Ze toont "
        f"voor {plain_text(region.label)} de cijfers die op het niveau van de regio te berekenen zijn, naast de "
        f"landelijke cijfers, met dezelfde analyses als het landelijke rapport.{members}",
        "",
        f"Regio-indeling: {plain_text(region.bron)}.",
        "",
    ]
    synthetic = [plain_text(s.naam[:1].lower() + s.naam[1:]) for s in edition.sources if s.soort == "synthetisch"]
    if synthetic:
        lines += synthetic_sources_callout(synthetic, national=False)
    lines += [
        "Percentages worden geschreven als `10,1%`; een verschil tussen twee percentages heet een verschil "
        "in *procentpunt*. Een punt (`.`) betekent dat een cijfer om redenen van geheimhouding niet wordt "
        "getoond: in kleine regio's gebeurt dat vaker. " + settings_sentence(load_disclosure_settings()),
        "",
    ]
    return "\n".join(lines)
