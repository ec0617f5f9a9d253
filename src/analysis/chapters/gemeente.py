"""Chapter of a gemeente report (gemeenterapportage): one gemeente against Nederland and its jeugdregio.

Notebook ``notebooks/45-gemeente.ipynb``, once per gemeente (``voortgang build
--regions gemeenten`` or ``--regions GM0363``). It reads only the StatLine
gemeente table the edition names (:mod:`analysis.inputs.statline.gemeenten`),
the gemeenten per year (:mod:`analysis.inputs.gemeenten`) and, when the edition
names one, the user's "Gebieden in Nederland" mapping; never person-level data.

Per kind of care (jeugdhulp, jeugdbescherming, jeugdreclassering) and topic, per
year: the gemeente's percentage as CBS publishes it, Nederland's, the difference
in procentpunt and, with a mapping, the median of the gemeenten of its jeugdregio
(:mod:`analysis.measures.gemeente`). A gemeente made by a herindeling shows its
predecessors' own figures for the years before (never summed or averaged: the
table has percentages only; see :mod:`analysis.inputs.gemeenten`).

Disclosure: the figures are CBS's published, already protected aggregates, so
the chapter has no ``microdata`` parameter and no gate of its own; cells CBS
suppressed (``.``) stay missing and are said to be missing. A synthetic table
marks every table, finding and the chapter itself.
"""

from __future__ import annotations

from analysis.errors import VoortgangError
from analysis.inputs.editions import load_edition
from analysis.inputs.gemeenten import indeling
from analysis.inputs.groupings import GEMEENTE_LEVEL, find_region, region_catalogue, text_stem
from analysis.inputs.statline.gemeenten import NATIONAL_CODE, TOPICS, load_gemeente_table
from analysis.measures.gemeente import gemeente_comparison
from analysis.present.display import ChapterOutput
from analysis.present.gemeente import (
    comparison_table,
    difference_sentence,
    herindeling_notes,
    predecessor_table,
)
from analysis.present.labels import GEMEENTE_KIND_LABELS, GEMEENTE_TOPIC_LABELS
from analysis.present.notices import mark_synthetic, synthetic_chapter_callout, synthetic_footnotes
from analysis.present.numbers import STATUS_FOOTNOTE
from analysis.present.safety import own_text, plain_text


def build(edition: str, region: str) -> ChapterOutput:
    """The chapter of gemeente ``region`` (``GM0363``) in ``edition``."""
    spec = load_edition(edition)
    gemeenten = spec.regions.gemeenten if spec.regions is not None else None
    if gemeenten is None:
        raise VoortgangError(f"params/editions/{edition}.yaml: no 'regions.gemeenten' section (gemeente reports)")
    catalogue = region_catalogue(spec)
    place = find_region(region, catalogue)
    if place.niveau != GEMEENTE_LEVEL:
        raise VoortgangError(f"argument 'region': {region!r} is not a gemeente; 45-gemeente is the gemeente chapter")
    table = load_gemeente_table(gemeenten)
    years, year = list(gemeenten.jaren), int(catalogue.gemeente_year or 0)
    ind = indeling()
    peers = None
    if place.jeugdregios:
        members = {r.code for r in catalogue.gemeenten if r.jeugdregios == place.jeugdregios}
        peers = {y: [g for g in ind.gemeenten(y) if ind.successor(g, year) in members] for y in years}
    topics = [t.key for t in TOPICS]
    # the years in which the gemeente existed (a new one has no row before; its predecessors are shown instead)
    own_years = [y for y in years if place.code in ind.gemeenten(y)]
    frame = gemeente_comparison(table.values, place.code, NATIONAL_CODE, topics, own_years, peers)
    naam = plain_text(place.naam)
    synthetic = table.synthetic
    notes = [*synthetic_footnotes(synthetic), STATUS_FOOTNOTE]
    out = ChapterOutput()
    out.markdown(f"# {naam} ({place.code})")
    if synthetic:
        out.markdown(synthetic_chapter_callout(origin="statline"))
    region_words = (
        f"De laatste kolom is de middelste gemeente van jeugdregio "
        f"{plain_text(catalogue.names[place.jeugdregios[0]])} ({place.jeugdregios[0]}; de mediaan van "
        "de gemeenten met een cijfer, met hun aantal): geen percentage van de jeugdregio zelf."
        if peers else
        "Een vergelijking met de jeugdregio ontbreekt: daarvoor is de CBS-tabel 'Gebieden in Nederland' van "
        f"{year} nodig (sleutel `regions.gemeenten.indeling` van de editie); die indeling wordt nooit verzonnen.")
    out.markdown(
        (f"Cijfers uit een synthetische tabel met de vorm van CBS-tabel {table.table_id}: " if synthetic else
         f"Cijfers uit CBS-tabel {table.table_id} (versie van {table.snapshot}), zoals het CBS ze publiceert: ")
        + "percentages met één decimaal. Het verschil met Nederland staat in procentpunt. Een punt (`.`) betekent "
        "dat het CBS het cijfer niet publiceert, meestal omdat de gemeente te klein is. De tabel geeft geen "
        "aantallen, dus er is geen toets of interval: een klein verschil kan door afronding of toeval komen. "
        + region_words)
    before, parts = ind.predecessors(place.code, year), ind.divided_into(place.code, year)
    out.markdowns(herindeling_notes(place.naam, place.code, before, parts))
    latest = frame[frame["year"] == max(own_years)]
    findings = [difference_sentence(row, naam) for _, row in latest.iterrows()]
    out.markdown("## In het kort")
    out.markdowns(mark_synthetic([f"- {f}" for f in findings], synthetic))
    for kind, label in GEMEENTE_KIND_LABELS.items():
        out.markdown(f"## {label}")
        for topic in (t.key for t in TOPICS if t.kind == kind):
            out.table(comparison_table(frame[frame["topic"] == topic], place.naam, peers is not None),
                      caption=f"{GEMEENTE_TOPIC_LABELS[topic][0]}: {place.naam} en Nederland", footnotes=notes)
    if before:
        codes = [c.oude_code for c in before]
        old = table.values[table.values["code"].isin(codes)]
        if not old.empty:
            out.markdown("## Voorgangers")
            out.table(predecessor_table(old, table.names, topics),
                      caption=f"Gemeenten die in {place.naam} zijn opgegaan: hun eigen cijfers", footnotes=notes)
    own_words = own_text(edition, text_stem(place))
    if own_words:
        out.markdown("## Wat zegt deze gemeenterapportage ons?")
        out.markdown(own_words)
    return out
