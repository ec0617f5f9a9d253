"""Chapter "Complexe zorgvragen: regionale expertteams en expertisenetwerken" from the case-level monitor.

Notebook ``notebooks/36-monitor.ipynb``. From the monitor records
(:mod:`analysis.inputs.monitor`; case-level, so through the disclosure gate):

- the funnel aangereikt -> opgepakt -> afgerond, nationally;
- per jeugdregio the share opgepakt of the questions aangereikt: a funnel plot
  against the national share, and each region tested against it (corrected,
  with the difference a region of its size could have detected);
- problem type x landsdeel: which problem types are presented more or less
  often in a landsdeel (adjusted residuals of the cells, corrected over the
  cells), with a Monte Carlo p-value for the whole table
  (:func:`analysis.stats.exact.label_table_test`: small expected counts and
  several problem types per question);
- recurring knelpunten: questions not opgepakt, per problem type and half-year,
  and in how many jeugdregio's they recur in consecutive half-years.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.config import PROJECT_ROOT
from analysis.disclosure.suppression import PERCENTAGE, protect_proportions
from analysis.disclosure.tables import extend_protected, funnel_points, relabel, text_table
from analysis.inputs.analysis_settings import load_analysis_settings
from analysis.inputs.disclosure_settings import load_disclosure_settings
from analysis.inputs.editions import load_edition
from analysis.inputs.groupings import find_region, region_catalogue
from analysis.inputs.monitor import load_monitor
from analysis.inputs.regions import landsdeel_grouping
from analysis.measures.deviations import funnel_tests
from analysis.measures.monitor import funnel_steps, groups_of, label_frame, pickup_counts, recurring_knelpunten
from analysis.present.charts.funnel import FunnelPanel, funnel_chart
from analysis.present.display import ChapterOutput
from analysis.present.notices import mark_synthetic, synthetic_chapter_callout, synthetic_footnotes
from analysis.present.numbers import format_number
from analysis.present.outcomes import (
    power_sentence,
    published_share,
    reference_words,
    region_findings,
    unit_table,
)
from analysis.present.patterns import correction_sentence
from analysis.present.regional import membership_note
from analysis.present.safety import own_text
from analysis.present.wording import p_text
from analysis.stats.exact import label_table_test
from analysis.stats.multiple import adjust_pvalues, two_sided_p_from_z

#: Stem of the researchers' text of this chapter.
TEXT_ID = "monitor"
#: Dutch labels of the problem types (codes of analysis.inputs.monitor.PROBLEEMTYPEN).
TYPE_LABELS: dict[str, str] = {
    "ggz": "psychische problemen (ggz)", "lvb": "licht verstandelijke beperking", "gedrag": "gedragsproblemen",
    "autisme": "autisme", "verslaving": "verslaving", "trauma": "trauma", "eetstoornis": "eetstoornis",
    "gezin_veiligheid": "gezin en veiligheid",
}


def build(edition: str, microdata: str, region: str = "") -> ChapterOutput:
    """The monitor chapter of ``edition`` from the monitor folder ``microdata`` (relative to the project root).

    ``region`` empty: Nederland, problem types by landsdeel. A jeugdregio or grouping code (an
    expertisenetwerk): its questions only, its jeugdregio's against the region and Nederland,
    problem types by jeugdregio within it.
    """
    spec = load_edition(edition)
    catalogue = region_catalogue(spec)
    names = catalogue.names
    data = load_monitor(PROJECT_ROOT / microdata)
    settings = load_disclosure_settings()
    flags = load_analysis_settings().patterns
    everyone, synthetic = data.records, data.synthetic
    scope = find_region(region, catalogue) if region else None
    records = everyone if scope is None else everyone[everyone["jeugdregio"].isin(scope.jeugdregios)]
    note = synthetic_footnotes(synthetic)
    out = ChapterOutput()
    out.markdown("# Complexe zorgvragen: regionale expertteams en expertisenetwerken"
                 + (f": {scope.naam}" if scope else ""))
    if synthetic:
        out.markdown(synthetic_chapter_callout(
            "Er zijn geen gepubliceerde cijfers over deze monitor: aantallen, probleemtypen en verschillen zijn "
            "aannames (`params/synth.yaml`, onderdeel monitor)."))
    if scope is not None and membership_note(scope, names):
        out.markdown(membership_note(scope, names))
    if records.empty:
        out.markdown(f"Voor {scope.naam if scope else 'Nederland'} zijn er geen aangereikte vragen in de monitor.")
        return out
    periods = sorted(set(records["period"]))
    out.markdown(
        "Vragen over jeugdigen met een complexe zorgvraag die bij een regionaal expertteam (RET) of een "
        f"bovenregionaal expertisenetwerk (BEN) zijn aangereikt, {periods[0]} tot en met {periods[-1]}: zijn ze "
        "opgepakt en afgerond, en welke problemen keren terug als knelpunt?")

    out.markdown("## Van aangereikt naar afgerond")
    steps = protect_proportions(funnel_steps(records), settings=settings)
    out.table(relabel(steps, {"stap": "Stap", "numerator": "Aantal", "denominator": "Van", PERCENTAGE: "Percentage"}),
              caption="Vragen: van aangereikt naar opgepakt en afgerond", index="Stap", footnotes=note)

    out.markdown("## Opgepakt per jeugdregio")
    findings = _pickup(out, records, everyone, scope, names, settings, flags, synthetic, note)
    if scope is None or len(set(records["jeugdregio"])) >= 2:
        findings += _problem_types(out, records, scope, names, settings, flags, note)

    out.markdown("## Terugkerende knelpunten")
    knel = recurring_knelpunten(records)
    counts = knel.drop(columns="terugkerend").set_index("probleemtype")
    counts.index = [TYPE_LABELS[t] for t in counts.index]
    long = counts.reset_index(names="Probleemtype").melt(id_vars="Probleemtype", var_name="Halfjaar",
                                                         value_name="numerator")
    long["denominator"] = long["Halfjaar"].map(records.groupby("period").size())
    per_period = protect_proportions(long, settings=settings)
    out.table(relabel(per_period, {"numerator": "Knelpunten", "denominator": "Aangereikt",
                                   PERCENTAGE: "% van aangereikt"}),
              caption="Knelpunten (aangereikt, niet opgepakt) per probleemtype en halfjaar", index="Probleemtype",
              footnotes=note)
    recurring = pd.DataFrame({"Probleemtype": [TYPE_LABELS[t] for t in knel["probleemtype"]],
                              "Jeugdregio's met knelpunten in opeenvolgende halfjaren": knel["terugkerend"]
                              .astype(str)})
    out.table(text_table(recurring, settings), caption="Terugkerende knelpunten", index="Probleemtype",
              footnotes=note)
    out.markdown("## Rode draden")
    own = own_text(edition, TEXT_ID if scope is None else f"{TEXT_ID}-{scope.code}")
    if own:
        out.markdown(own)
    for block in mark_synthetic(findings, synthetic):  # every synthetic finding says so
        out.markdown(block)
    return out


def _pickup(out, records, everyone, scope, names, settings, flags, synthetic, note) -> list[str]:
    """Funnel plot and tests of the share opgepakt per jeugdregio; returns the findings."""
    pickup = pickup_counts(records)
    points = protect_proportions(pickup.rename(columns={"jeugdregio": "regio"}), settings=settings)
    own_name = "Nederland" if scope is None else scope.naam
    own_table, own_line = published_share(pickup["numerator"].sum(), pickup["denominator"].sum(), settings, own_name)
    panels, data = [], []
    if own_line is not None:
        panels.append(FunnelPanel(funnel_points(points, "regio"), own_line, f"Opgepakt van aangereikt: {own_name}",
                                  reference_words(scope.naam if scope else None)))
        data += [points, own_table]
    if scope is not None:
        nl_table, nl_line = published_share(everyone["opgepakt"].sum(), len(everyone), settings, "Nederland")
        if nl_line is not None:
            panels.append(FunnelPanel(funnel_points(points, "regio"), nl_line, "Opgepakt van aangereikt: Nederland"))
            data += [points, nl_table]
    if panels and not panels[0].points.empty:
        fig, alt = funnel_chart(panels, xlabel="Aangereikte vragen (logaritmische as)", ylabel="% opgepakt",
                                synthetic=synthetic, levels=flags.funnel_levels)
        out.figure(fig, alt, data=data)
    else:
        out.markdown("Te weinig vragen per jeugdregio om ze in een trechter te tonen.")
    several = len(pickup) >= 2
    reference = everyone if not several else records  # one jeugdregio: against Nederland
    tests = funnel_tests(pickup, "jeugdregio", "numerator", "denominator",
                         proportion=float(reference["opgepakt"].sum() / len(reference)),
                         correction=flags.correction, alpha=flags.family_alpha, power=flags.power)
    table = unit_table(tests, settings, names, "Jeugdregio")
    against = "Nederland" if scope is None or not several else scope.naam
    out.table(table, caption=f"Opgepakt van aangereikt per jeugdregio tegen {against} (in volgorde van code, geen "
                             "rangorde)", index="Jeugdregio", footnotes=note)
    out.markdown(correction_sentence(tests.tests, "regio's") + " " + power_sentence(flags.power))
    return ["**Opgepakt per jeugdregio**\n\n" + "\n".join(region_findings(tests, table, "Jeugdregio"))]


def _problem_types(out, records, scope, names, settings, flags, note) -> list[str]:
    """Problem type x landsdeel (Nederland) or x jeugdregio (within a region); returns the findings."""
    if scope is None:
        grouping = landsdeel_grouping()
        group_of = dict(zip(grouping["jeugdregio"], grouping["landsdeel"], strict=True))
        group_names = dict(zip(grouping["landsdeel"], grouping["landsdeel_naam"], strict=True))
        word, plural = "landsdeel", "landsdelen"
    else:
        group_of = {c: c for c in scope.jeugdregios}
        group_names = {c: f"{names.get(c, c)} ({c})" for c in scope.jeugdregios}
        word, plural = "jeugdregio", "jeugdregio's"
    out.markdown(f"## Probleemtypen per {word}")
    test = label_table_test(groups_of(records, group_of), label_frame(records), resamples=flags.monte_carlo_resamples,
                            seed=flags.monte_carlo_seed)
    cells, flagged = _type_table(test, records, group_of, group_names, settings, flags)
    out.table(cells, caption=f"Vragen met dit probleemtype, per {word}", index="Groep", footnotes=note)
    out.markdown(
        f"Een vraag kan meer probleemtypen hebben. Toets op onafhankelijkheid van probleemtype en {word}: "
        f"χ² = {format_number(test.chi2.statistic, 1)}, Monte Carlo-{p_text(test.p)} ({plural} "
        "verwisseld over de vragen; geldig bij kleine verwachte aantallen en meer probleemtypen per vraag). "
        "Een cel wijkt af als haar gecorrigeerd residu significant is. "
        + correction_sentence(adjust_pvalues(two_sided_p_from_z(test.chi2.adjusted_residuals.to_numpy().ravel()),
                                             flags.correction, flags.family_alpha), "cellen"))
    return [f"**Probleemtypen per {word}**\n\n" + ("\n".join(flagged) if flagged else
            f"- Geen combinatie van probleemtype en {word} wijkt na de correctie duidelijk af.")]


def _type_table(test, records: pd.DataFrame, landsdeel: dict[str, str], ld_names: dict[str, str], settings,
                flags) -> tuple:
    """Per group (landsdeel or jeugdregio) x problem type: questions with the type of all questions, with the
    cell residual."""
    counts = records.assign(ld=records["jeugdregio"].map(landsdeel)).groupby("ld").size()
    rows, residuals = [], []
    res = test.chi2.adjusted_residuals
    for ld in test.table.index:
        for t in test.table.columns:
            rows.append({"Groep": ld_names.get(ld, ld), "Probleemtype": TYPE_LABELS[t],
                         "numerator": int(test.table.loc[ld, t]), "denominator": int(counts[ld])})
            residuals.append(float(res.loc[ld, t]))
    protected = protect_proportions(pd.DataFrame(rows), settings=settings)
    protected = extend_protected(protected, {"Gecorrigeerd residu": residuals})
    tests = adjust_pvalues(two_sided_p_from_z(np.asarray(residuals)), flags.correction, flags.family_alpha)
    shown = ~protected.suppressed[PERCENTAGE].to_numpy(bool)
    flagged = []
    for i in np.flatnonzero(tests.reject & shown):
        r = rows[i]
        word = "vaker" if residuals[i] > 0 else "minder vaak"
        residual = format_number(float(protected.data["Gecorrigeerd residu"].iloc[i]), 1)
        flagged.append(f"- **{r['Groep']}**: {word} {r['Probleemtype']} (gecorrigeerd residu {residual}).")
    table = relabel(protected, {"numerator": "Met dit probleemtype", "denominator": "Aangereikt",
                                PERCENTAGE: "Percentage"})
    return table, flagged
