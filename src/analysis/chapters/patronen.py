"""Chapter "Patronen: leeftijd, geslacht en regio": the rode draden on person-level data.

Notebook ``notebooks/30-patronen.ipynb``. Which groups (age group x sex,
jeugdregio) receive jeugdhulp or verblijf more or less often than average
(chi-square with adjusted residuals), funnel plots of the jeugdregio's, and per
18+ outcome whether the gap between young people with and without jeugdhulp is
a landelijk patroon or regionaal verschillend (CMH with Breslow-Day across the
``strata``). Reads the count tables the build made once from the ``microdata``
(:mod:`analysis.inputs.region_counts`), the disclosure settings, the region
catalogue of the edition (jeugdregio's and groupings), ``params/analysis.yaml``
and the researchers' text ``params/tekst/<edition>/patronen.md``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.disclosure.suppression import protect_proportions
from analysis.disclosure.tables import combine, funnel_points, subset, text_table
from analysis.inputs.analysis_settings import load_analysis_settings
from analysis.inputs.disclosure_settings import load_disclosure_settings
from analysis.inputs.editions import load_edition
from analysis.inputs.groupings import find_region, region_catalogue
from analysis.inputs.region_counts import read_region_counts
from analysis.measures.patterns import (
    gap_homogeneity,
    pool_cohort_years,
    strata_residuals,
)
from analysis.measures.prevalence import RESIDENTS, collapse
from analysis.measures.region_counts import cohort_rows
from analysis.measures.regional import to_units
from analysis.present.charts.funnel import FunnelPanel, funnel_chart
from analysis.present.display import ChapterOutput
from analysis.present.labels import KIND_LABELS, OUTCOME_LABELS
from analysis.present.notices import mark_synthetic, synthetic_chapter_callout, synthetic_footnotes
from analysis.present.outcomes import published_share, reference_words
from analysis.present.patterns import (
    chi2_sentence,
    gap_table,
    homogeneity_findings,
    pattern_findings,
    protect_pattern,
    protect_total,
)
from analysis.present.regional import membership_note
from analysis.present.safety import own_text

#: Stem of the researchers' text of this chapter.
TEXT_ID = "patronen"
#: The two breakdowns tested: view name, stratum columns.
VIEWS: tuple[tuple[str, tuple[str, ...]], ...] = (("leeftijd", ("age_group", "sex")), ("regio", ("jeugdregio",)))


def build(edition: str, microdata: str, cmh_years: Sequence[int], strata: str, region: str = "") -> ChapterOutput:
    """The pattern chapter of ``edition``: national, or within one region (its rode draden).

    Parameters
    ----------
    edition : str
    microdata : str
        Person-level data folder, relative to the project root.
    cmh_years : sequence of int
        Cohort years pooled for the CMH test, at least 2 apart (cohorts 1 year apart share persons).
    strata : str
        ``"jeugdregio"``, or the name of a grouping of the edition (e.g. ``"landsdelen"``).
    region : str
        Empty for Nederland; a grouping code (an expertisenetwerk, a landsdeel) for the
        statistics within that region: residuals by age group x sex x jeugdregio,
        funnel plots of its jeugdregio's against the region and Nederland, and
        CMH/Breslow-Day across its jeugdregio's (``strata`` is then ignored). A
        region of one jeugdregio gets the age x sex residuals only.
    """
    spec = load_edition(edition)
    catalogue = region_catalogue(spec)
    names = catalogue.names
    settings = load_disclosure_settings()
    flags = load_analysis_settings().patterns
    year = max(spec.years)
    prevalence, cohorts, synthetic = _counts(edition, microdata, year, cmh_years)
    note = synthetic_footnotes(synthetic)
    national = collapse(prevalence, ["year"])
    scope = find_region(region, catalogue) if region else None
    views = VIEWS
    if scope is not None:
        prevalence = prevalence[prevalence["jeugdregio"].isin(scope.jeugdregios)]
        several = prevalence["jeugdregio"].nunique() >= 2
        views = (*VIEWS[:1], *((("binnen", ("age_group", "sex", "jeugdregio")), VIEWS[1]) if several else ()))
        strata = "jeugdregio"
    frames = {view: collapse(prevalence, list(keys)) for view, keys in views}
    tests = {
        (view, kind): strata_residuals(frames[view], list(keys), kind, RESIDENTS, correction=flags.correction,
                                          alpha=flags.family_alpha)
        for view, keys in views
        for kind in KIND_LABELS
    }
    protected = {
        key: protect_pattern(test, settings, f"Met {KIND_LABELS[key[1]].lower()}", "Inwoners 0 tot 18 jaar", names)
        for key, test in tests.items()
    }
    totals = {
        kind: protect_total(tests[("leeftijd", kind)], settings, f"Met {KIND_LABELS[kind].lower()}",
                            "Inwoners 0 tot 18 jaar")
        for kind in KIND_LABELS
    }
    pooled = pool_cohort_years(cohorts, cmh_years)
    if scope is not None:
        pooled = pooled[pooled["jeugdregio"].isin(scope.jeugdregios)]
    if strata == "jeugdregio":
        stratum_column = "jeugdregio"
    else:
        pooled = to_units(pooled, catalogue.grouping(strata, argument="strata"), ["numerator", "denominator"])
        stratum_column = "regio"
    regional = "regio" in frames
    gaps = gap_homogeneity(pooled, stratum=stratum_column, alpha=flags.homogeneity_alpha,
                           correction=flags.correction, family_alpha=flags.family_alpha) if regional else []

    out = ChapterOutput()
    out.markdown("# Patronen: leeftijd, geslacht en regio" + (f" in {scope.naam}" if scope else ""))
    if synthetic:
        out.markdown(synthetic_chapter_callout(
            "De regionale verschillen zijn er met opzet in gebouwd, om te laten zien hoe de analyse ze "
            "vindt; ze zeggen niets over de echte jeugdregio's."))
    if scope is not None and membership_note(scope, names):
        out.markdown(membership_note(scope, names))
    out.markdown(
        f"Welke groepen jongeren krijgen vaker of minder vaak jeugdhulp dan gemiddeld, en is het verschil "
        f"tussen jongeren met en zonder jeugdhulp overal even groot? Jongeren van 0 tot 18 jaar in {year}."
    )
    out.markdown("## Jeugdhulp en verblijf naar leeftijd en geslacht")
    for kind, label in KIND_LABELS.items():
        out.table(combine([protected[("leeftijd", kind)], totals[kind]]),
                  caption=f"{label} naar leeftijd en geslacht, {year}",
                  index="Groep", footnotes=note)
        out.markdown(chi2_sentence(tests[("leeftijd", kind)], "groepen"))
    if "binnen" in frames:
        out.markdown(f"## Jeugdhulp en verblijf naar leeftijd, geslacht en jeugdregio binnen {scope.naam}")
        for kind, label in KIND_LABELS.items():
            out.table(protected[("binnen", kind)], caption=f"{label} naar leeftijd, geslacht en jeugdregio, {year}",
                      index="Groep", footnotes=note)
            out.markdown(chi2_sentence(tests[("binnen", kind)], "groepen"))
    if not regional:
        return _closing(out, edition, scope, tests, protected, totals, gaps, names, synthetic)
    out.markdown("## Jeugdhulp en verblijf naar jeugdregio")
    panels, funnel_tables = [], []
    by_region = frames["regio"]
    for kind, label in KIND_LABELS.items():
        test, table = tests[("regio", kind)], protected[("regio", kind)]
        flagged = (test.table["afwijking"] != "").to_numpy() & ~table.suppressed["Percentage"].to_numpy()
        if flagged.any():
            out.table(subset(table, flagged), caption=f"{label}: jeugdregio's die duidelijk afwijken, {year}",
                      index="Groep", footnotes=note)
        else:
            out.markdown(f"Geen jeugdregio wijkt duidelijk af bij {label.lower()}.")
        out.markdown(chi2_sentence(test, "regio's"))
        points = protect_proportions(
            by_region[["jeugdregio", kind, RESIDENTS]].rename(
                columns={"jeugdregio": "regio", kind: "numerator", RESIDENTS: "denominator"}),
            settings=settings,
        )
        where = "" if scope is None else f" tegen {scope.naam}"
        # reference lines at published shares (protected one-row tables that go with the figure)
        own_table, own_line = published_share(by_region[kind].sum(), by_region[RESIDENTS].sum(), settings,
                                              "Nederland" if scope is None else scope.naam)
        if own_line is not None:
            funnel_tables += [points, own_table]
            panels.append(FunnelPanel(funnel_points(points, "regio"), own_line, f"{label}{where}, {year}",
                                      reference_words(scope.naam if scope else None)))
        if scope is not None:  # the same jeugdregio's against the country
            nl_table, nl_line = published_share(national[kind].sum(), national[RESIDENTS].sum(), settings,
                                                "Nederland")
            if nl_line is not None:
                funnel_tables += [points, nl_table]
                panels.append(FunnelPanel(funnel_points(points, "regio"), nl_line,
                                          f"{label} tegen Nederland, {year}"))
    panels = [p for p in panels if not p.points.empty]
    if panels:
        fig, alt = funnel_chart(panels, xlabel="Inwoners van 0 tot 18 jaar (logaritmische as)",
                                ylabel="% van de jongeren van 0 tot 18 jaar", synthetic=synthetic,
                                levels=flags.funnel_levels)
        out.figure(fig, alt, data=funnel_tables)  # each panel is drawn from its protected table
    else:
        out.markdown("Te weinig jongeren per jeugdregio om ze in een trechter te tonen.")
    level = "jeugdregio's" if strata == "jeugdregio" else strata
    out.markdown("## Uitkomsten op 18+: landelijk patroon of regionaal verschillend?")
    out.markdown(
        f"Jongeren van 18-19 jaar (cohort {' en '.join(map(str, cmh_years))}) die op 16-17-jarige leeftijd wel "
        "en geen jeugdhulp kregen. De Cochran-Mantel-Haenszel-toets vat het verschil samen als odds ratio over "
        f"de {level}; de Breslow-Day-toets zegt of die odds ratio in alle regio's gelijk is (landelijk patroon) "
        "of niet (regionaal verschillend)."
    )
    out.table(text_table(gap_table(gaps, OUTCOME_LABELS, names), settings),
              caption=f"Verschil wel/geen jeugdhulp per uitkomst, over de {level}", index="Uitkomst", footnotes=note)
    return _closing(out, edition, scope, tests, protected, totals, gaps, names, synthetic)


def _counts(edition: str, microdata: str, year: int, cmh_years: Sequence[int]
            ) -> tuple[pd.DataFrame, pd.DataFrame, bool]:
    """Prevalence of ``year`` by age group x sex x jeugdregio, cohort A of ``cmh_years`` by jeugdregio, synthetic.

    From the count tables the build made once from ``microdata``
    (:mod:`analysis.inputs.region_counts`), for the national chapter and every region's.
    """
    counts = read_region_counts(edition, microdata)
    prevalence = counts.prevalence[counts.prevalence["year"] == year].reset_index(drop=True)
    return prevalence, cohort_rows(counts.cohort_a, cmh_years), counts.synthetic


#: Words of each view in the rode draden.
VIEW_WORDS: dict[str, str] = {"leeftijd": "naar leeftijd en geslacht", "regio": "naar jeugdregio",
                              "binnen": "naar leeftijd, geslacht en jeugdregio"}


def _closing(out: ChapterOutput, edition: str, scope, tests, protected, totals, gaps, names,
             synthetic: bool) -> ChapterOutput:
    """The rode draden: the researchers' text, then the flagged strata of every view and the 18+ gaps."""
    out.markdown("## Rode draden")
    own_words = own_text(edition, TEXT_ID if scope is None else f"{TEXT_ID}-{scope.code}")
    if own_words:
        out.markdown(own_words)
    for (view, kind), test in tests.items():
        total = totals[kind]
        if bool(total.suppressed["Percentage"].iloc[0]):  # a small region: no average to compare with
            continue
        lines = mark_synthetic(pattern_findings(test, protected[(view, kind)], KIND_LABELS[kind].lower(), names,
                                                total), synthetic)
        if lines:
            out.markdown(f"**{KIND_LABELS[kind]} {VIEW_WORDS[view]}**\n\n" + "\n".join(lines))
    if gaps:
        out.markdown("**Uitkomsten op 18+**\n\n"
                     + "\n".join(mark_synthetic(homogeneity_findings(gaps, OUTCOME_LABELS, names), synthetic)))
    return out
