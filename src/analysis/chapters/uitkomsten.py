"""Chapter "Uitkomsten van jeugdhulp": outcome indicators per ended trajectory, nationally or for one region.

Notebook ``notebooks/35-uitkomsten.ipynb`` (national report; ``region`` empty)
and once per region in the regional reports. From person-level data
(``microdata``) or from a stratified count table a region shared instead
(``aggregaten``, :mod:`analysis.inputs.aggregates`): both become the same count
table (:func:`analysis.measures.outcomes.outcome_counts`), so every statistic
below gives the same result from either. All through the disclosure gate:

- the outcomes per half-year, with the trend per outcome and per vorm
  (Cochran-Armitage, corrected over the strata);
- by age group x vorm in the last year: chi-square with adjusted residuals;
- by jeugdregio (within the region when it groups several): residuals, funnel
  plots against the region's own share and against Nederland, and each
  jeugdregio tested against the average with the difference a jeugdregio of
  its size could have detected (power from ``params/analysis.yaml``);
- whether the gap between trajectories met and zonder verblijf is a landelijk
  patroon or regionaal verschillend (CMH with Breslow-Day across jeugdregio's).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.config import PROJECT_ROOT
from analysis.disclosure.suppression import protect_proportions
from analysis.disclosure.tables import combine, funnel_points, text_table
from analysis.errors import VoortgangError
from analysis.inputs.aggregates import OUTCOME_INDICATORS, counts_are_synthetic, load_counts
from analysis.inputs.analysis_settings import load_analysis_settings
from analysis.inputs.disclosure_settings import load_disclosure_settings
from analysis.inputs.editions import load_edition
from analysis.inputs.groupings import Region, find_region, region_catalogue
from analysis.inputs.region_counts import read_region_counts
from analysis.inputs.registry import load_registry
from analysis.measures.cohorts import EXPOSED_GROUP, REFERENCE_GROUP
from analysis.measures.deviations import funnel_tests, stratum_trends
from analysis.measures.outcomes import select_counts
from analysis.measures.patterns import gap_homogeneity, strata_residuals
from analysis.present.charts.funnel import FunnelPanel, funnel_chart
from analysis.present.display import ChapterOutput
from analysis.present.notices import mark_synthetic, synthetic_chapter_callout, synthetic_footnotes
from analysis.present.outcomes import (
    VORM_LABELS,
    period_table,
    power_sentence,
    published_share,
    reference_words,
    region_findings,
    trend_lines,
    trend_table,
    unit_table,
)
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

#: Stem of the researchers' text of this chapter (``uitkomsten-<code>`` for a region).
TEXT_ID = "uitkomsten"
#: The outcomes broken down by age, vorm and region (the other two are in the half-year table).
MAIN_OUTCOMES: tuple[str, ...] = ("volgens_plan", "heraanmelding_6m")


def outcome_input(microdata: str, aggregaten: str, edition: str = "") -> tuple[pd.DataFrame, bool, str]:
    """The count table from person-level data or from a shared count table (exactly one of the two).

    From person-level data it is the table the build made from them once
    (:mod:`analysis.inputs.region_counts`), for the national chapter and every region's.

    Returns
    -------
    (DataFrame, bool, str)
        Counts (:data:`analysis.inputs.aggregates.COUNT_COLUMNS`), whether they
        are synthetic, and a Dutch source sentence.
    """
    if bool(microdata) == bool(aggregaten):
        raise VoortgangError("parameters 'microdata' and 'aggregaten': give exactly one of the two")
    if microdata:
        counts = read_region_counts(edition, microdata)
        return counts.outcomes, counts.synthetic, "Bron: persoonsgegevens (beëindigde jeugdhulptrajecten)."
    path = PROJECT_ROOT / aggregaten
    return (load_counts(path), counts_are_synthetic(path),
            "Bron: tellingen die de regio aanleverde in plaats van persoonsgegevens (geen persoonsgegevens).")


def build(edition: str, microdata: str = "", aggregaten: str = "", region: str = "") -> ChapterOutput:
    """The chapter for ``edition``: national (``region`` empty) or for one region.

    Parameters
    ----------
    edition : str
    microdata : str
        Person-level data folder under ``data/`` (or empty when ``aggregaten`` is given).
    aggregaten : str
        Count table (CSV) relative to the project root (or empty).
    region : str
        A jeugdregio or grouping code of the edition; empty for Nederland.
    """
    spec = load_edition(edition)
    catalogue = region_catalogue(spec)
    counts, synthetic, source = outcome_input(microdata, aggregaten, edition)
    scope = find_region(region, catalogue) if region else None
    registry = {i.id: i for i in load_registry().indicators}
    labels = {o: registry[i].label for o, i in OUTCOME_INDICATORS.items()}
    own = own_text(edition, f"{TEXT_ID}-{scope.code}" if scope else TEXT_ID)
    return outcome_chapter(counts, scope, catalogue.names, labels, synthetic, source, own)


def _members(counts: pd.DataFrame, scope: Region | None) -> list[str]:
    present = sorted(set(counts["jeugdregio"]))
    return present if scope is None else [c for c in scope.jeugdregios if c in present]


def _last_periods(counts: pd.DataFrame, outcome: str, members: Sequence[str]) -> list[str]:
    """The last two half-years with trajectories for ``outcome`` (the last year with follow-up)."""
    sel = counts[(counts["outcome"] == outcome) & counts["jeugdregio"].isin(members)]
    periods = sorted(set(sel["period"]))
    return periods[-2:]


def outcome_chapter(counts: pd.DataFrame, scope: Region | None, names: dict[str, str], labels: dict[str, str],
                    synthetic: bool, source: str, own: str = "") -> ChapterOutput:
    """The chapter's blocks from a count table (pure apart from loading the settings).

    Parameters
    ----------
    counts : DataFrame
        Count table of all jeugdregio's available.
    scope : Region or None
        The region of the report, None for Nederland.
    names : dict
        Region code -> name.
    labels : dict
        Outcome code -> Dutch label (the registry's).
    synthetic : bool
        Mark every table, chart and the chapter as synthetic data.
    source, own : str
        Source sentence; researchers' text (markdown) or empty.
    """
    settings = load_disclosure_settings()
    flags = load_analysis_settings().patterns
    note = synthetic_footnotes(synthetic)
    members = _members(counts, scope)
    where = "Nederland" if scope is None else scope.naam
    out = ChapterOutput()
    out.markdown("# Uitkomsten van jeugdhulp" + (f": {scope.naam}" if scope else ""))
    if synthetic:
        out.markdown(synthetic_chapter_callout(
            "De reden van beëindiging volgt de landelijke aandelen uit de voortgangsrapportage; de verschillen "
            "tussen regio's zijn er met opzet in gebouwd (`params/synth.yaml`)."))
    if not members:
        out.markdown(f"Voor {where} zijn er geen beëindigde jeugdhulptrajecten in de gegevens.")
        return out
    out.markdown(
        f"Hoe eindigt jeugdhulp in {where}, en komen jongeren daarna terug? Per beëindigd jeugdhulptraject: is het "
        f"volgens plan of samen beëindigd, en start dezelfde jongere binnen 6 of 12 maanden opnieuw jeugdhulp? "
        f"Definities en bronnen staan in het indicatorenregister (`params/indicators.yaml`). {source}"
    )
    if scope is not None and membership_note(scope, names):
        out.markdown(membership_note(scope, names))

    # per half-year, with trends
    out.markdown("## Per halfjaar")
    frames = [select_counts(counts, o, ["period"], regions=members).assign(outcome=o) for o in labels]
    per_period = pd.concat(frames, ignore_index=True)
    out.table(period_table(per_period, labels, settings), caption=f"Uitkomsten van beëindigde trajecten, {where}",
              index="Halfjaar", footnotes=note)
    trends, _ = stratum_trends(per_period, ["outcome"], "numerator", "denominator", period="position",
                               correction=flags.correction, alpha=flags.family_alpha)
    out.markdown("Trend per uitkomst over de halfjaren:\n\n" + "\n".join(trend_lines(trends, labels,
                                                                                     flags.correction)))
    by_vorm = pd.concat([select_counts(counts, o, ["period", "vorm"], regions=members).assign(outcome=o)
                         for o in MAIN_OUTCOMES], ignore_index=True)
    vorm_trends, vorm_tests = stratum_trends(by_vorm, ["outcome", "vorm"], "numerator", "denominator",
                                             period="position", correction=flags.correction,
                                             alpha=flags.family_alpha)
    out.table(trend_table(vorm_trends, labels, settings, ["outcome", "vorm"]),
              caption=f"Trend per uitkomst en vorm, {where}", index="Uitkomst", footnotes=note)

    findings: list[str] = []
    for outcome in MAIN_OUTCOMES:
        last = _last_periods(counts, outcome, members)
        if not last:
            continue
        span = " en ".join(last)
        label = labels[outcome]
        out.markdown(f"## {label}")
        # age group x vorm
        frame = select_counts(counts, outcome, ["age_group", "vorm"], periods=last, regions=members)
        frame["vorm"] = frame["vorm"].map(VORM_LABELS)
        if len(frame) >= 2:
            test = strata_residuals(frame, ["age_group", "vorm"], "numerator", "denominator",
                                    correction=flags.correction, alpha=flags.family_alpha)
            table = protect_pattern(test, settings, label, "Beëindigde trajecten", names)
            total = protect_total(test, settings, label, "Beëindigde trajecten")
            out.table(combine([table, total]), caption=f"{label} naar leeftijd en vorm, {where}, {span}",
                      index="Groep", footnotes=note)
            out.markdown(chi2_sentence(test, "groepen"))
            hidden = bool(total.suppressed["Percentage"].iloc[0])  # a small region: no average to compare with
            lines = [] if hidden else pattern_findings(test, table, label.lower(), names, total)
            if lines:
                findings.append(f"**{label} naar leeftijd en vorm**\n\n" + "\n".join(lines))
        findings += _regions(out, counts, outcome, label, last, members, scope, names, settings, flags,
                             synthetic, note)

    # landelijk patroon or regionaal verschillend: met vs zonder verblijf across jeugdregio's
    if len(members) >= 2:
        periods = _last_periods(counts, "volgens_plan", members)
        gap_frame = _gap_frame(counts, members, periods)
        gaps = gap_homogeneity(gap_frame, stratum="jeugdregio", outcomes=[(o, "ja") for o in MAIN_OUTCOMES],
                               alpha=flags.homogeneity_alpha, correction=flags.correction,
                               family_alpha=flags.family_alpha)
        gap_labels = {(o, "ja"): labels[o] for o in MAIN_OUTCOMES}
        out.markdown("## Met en zonder verblijf: landelijk patroon of regionaal verschillend?")
        out.markdown(
            "De Cochran-Mantel-Haenszel-toets vat het verschil tussen trajecten met en zonder verblijf samen als "
            "odds ratio over de jeugdregio's; de Breslow-Day-toets zegt of die odds ratio overal gelijk is.")
        out.table(text_table(gap_table(gaps, gap_labels, names, groups="met/zonder verblijf"), settings),
                  caption=f"Verschil met/zonder verblijf over de jeugdregio's, {where}", index="Uitkomst",
                  footnotes=note)
        findings.append("**Met en zonder verblijf**\n\n" + "\n".join(
            homogeneity_findings(gaps, gap_labels, names, groups="trajecten met en zonder verblijf")))
    out.markdown("## Rode draden")
    if own:
        out.markdown(own)
    for block in mark_synthetic(findings, synthetic):  # every synthetic finding says so
        out.markdown(block)
    return out


def _gap_frame(counts: pd.DataFrame, members: Sequence[str], periods: Sequence[str]) -> pd.DataFrame:
    """Counts in the layout of :func:`gap_homogeneity`: met verblijf = exposed, zonder = reference."""
    parts = []
    for outcome in MAIN_OUTCOMES:
        f = select_counts(counts, outcome, ["jeugdregio", "vorm"], periods=periods, regions=members)
        group = f["vorm"].map({"met_verblijf": EXPOSED_GROUP, "zonder_verblijf": REFERENCE_GROUP})
        parts.append(f.assign(group=group, outcome=outcome, category="ja").drop(columns="vorm"))
    return pd.concat(parts, ignore_index=True)


def _regions(out, counts, outcome, label, last, members, scope, names, settings, flags, synthetic,
             note) -> list[str]:
    """Residuals, funnel plots and per-region tests of one outcome; returns the findings."""
    findings: list[str] = []
    span = " en ".join(last)
    everyone = sorted(set(counts["jeugdregio"]))
    national = select_counts(counts, outcome, [], periods=last)
    nl_share = float(national["numerator"][0] / national["denominator"][0]) if national["denominator"][0] else None
    frame = select_counts(counts, outcome, ["jeugdregio"], periods=last, regions=members)
    frame = frame[frame["denominator"] > 0]
    if len(frame) >= 2:
        test = strata_residuals(frame, ["jeugdregio"], "numerator", "denominator",
                                correction=flags.correction, alpha=flags.family_alpha)
        own_share = test.overall
        panels, data = [], []
        points = protect_proportions(frame.rename(columns={"jeugdregio": "regio"})[["regio", "numerator",
                                                                                    "denominator"]],
                                     settings=settings)
        scope_name = "Nederland" if scope is None else scope.naam
        # reference lines at published shares (protected one-row tables that go with the figure)
        own_table, own_line = published_share(frame["numerator"].sum(), frame["denominator"].sum(), settings,
                                              scope_name)
        if own_line is not None:
            data += [points, own_table]
            panels.append(FunnelPanel(funnel_points(points, "regio"), own_line, f"{label}: tegen {scope_name}",
                                      reference_words(scope.naam if scope else None)))
        if scope is not None and nl_share is not None and len(everyone) > len(members):
            nl_table, nl_line = published_share(national["numerator"][0], national["denominator"][0], settings,
                                                "Nederland")
            if nl_line is not None:
                data += [points, nl_table]
                panels.append(FunnelPanel(funnel_points(points, "regio"), nl_line, f"{label}: tegen Nederland"))
        if not panels or panels[0].points.empty:
            out.markdown("Te weinig trajecten per jeugdregio om ze in een trechter te tonen.")
        else:
            fig, alt = funnel_chart(panels, xlabel="Beëindigde trajecten (logaritmische as)",
                                    ylabel="% van de beëindigde trajecten", synthetic=synthetic,
                                    levels=flags.funnel_levels)
            out.figure(fig, alt, data=data)
        out.markdown(f"De trechter is het eerste beeld: een jeugdregio buiten de grenzen wijkt meer af dan toeval "
                     f"bij haar omvang verklaart ({span}). " + chi2_sentence(test, "regio's"))
        tests = funnel_tests(frame, "jeugdregio", "numerator", "denominator", proportion=own_share,
                             correction=flags.correction, alpha=flags.family_alpha, power=flags.power)
        table = unit_table(tests, settings, names, "Jeugdregio")
        out.table(table, caption=f"{label} per jeugdregio tegen het gemiddelde van {scope_name}, {span} "
                                 "(in volgorde van code, geen rangorde)", index="Jeugdregio", footnotes=note)
        out.markdown(power_sentence(flags.power))
        findings.append(f"**{label} per jeugdregio ({scope_name})**\n\n"
                        + "\n".join(region_findings(tests, table, "Jeugdregio")))
    elif len(frame) == 1 and nl_share is not None and 0 < nl_share < 1 and len(everyone) > 1:
        tests = funnel_tests(frame, "jeugdregio", "numerator", "denominator", proportion=nl_share,
                             correction=flags.correction, alpha=flags.family_alpha, power=flags.power)
        table = unit_table(tests, settings, names, "Jeugdregio")
        out.table(table, caption=f"{label}: {scope.naam if scope else ''} tegen Nederland, {span}",
                  index="Jeugdregio", footnotes=note)
        out.markdown(power_sentence(flags.power))
        findings.append(f"**{label} tegen Nederland**\n\n" + "\n".join(region_findings(tests, table, "Jeugdregio")))
    return findings
