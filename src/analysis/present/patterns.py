"""The pattern statistics in Dutch: protected tables, sentences and findings.

Stratum labels ("jongens 4 tot 12 jaar", "Zeeland (JZ38)"), the strata of a
:class:`~analysis.measures.patterns.PatternTest` through the disclosure gate
(a residual is hidden with its percentage), the chi-square sentence, the table
and findings of the gap homogeneity ("landelijk patroon" or "regionaal
verschillend") and the words for a funnel position.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from analysis.disclosure.marking import ProtectedTable
from analysis.disclosure.suppression import PERCENTAGE, TOTAL_LABEL, protect_proportions
from analysis.disclosure.tables import extend_protected, relabel
from analysis.inputs.disclosure_settings import DisclosureSettings
from analysis.measures.patterns import (
    GEEN_OORDEEL,
    LANDELIJK_PATROON,
    REGIONAAL_VERSCHILLEND,
    GapPattern,
    PatternTest,
)
from analysis.present.labels import CORRECTION_NAMES, SEX_LABELS, age_label
from analysis.present.numbers import format_number, format_percent
from analysis.present.wording import coverage_text, join_dutch, p_text
from analysis.stats.funnel import BOVEN, ONDER
from analysis.stats.multiple import AdjustedTests


def stratum_label(row: Mapping[str, object], names: Mapping[str, str] | None = None) -> str:
    """Dutch label of a stratum: ``"jongens 4 tot 12 jaar"`` (CBS age labels), ``"Zeeland (JZ38)"``.

    Parameters
    ----------
    row : mapping
        Values of the stratum columns: ``age_group``, ``sex``, ``jeugdregio``
        or a region code column named ``regio`` get Dutch words; any other
        column is shown as its value.
    names : mapping, optional
        Region code -> name, for ``jeugdregio``/``regio`` values.
    """
    parts = []
    if "sex" in row:
        parts.append(SEX_LABELS.get(str(row["sex"]), str(row["sex"])))
    if "age_group" in row:
        parts.append(age_label(str(row["age_group"])))
    for col in ("jeugdregio", "regio"):
        if col in row:
            code = str(row[col])
            parts.append(f"{names[code]} ({code})" if names and code in names else code)
    parts += [str(v) for k, v in row.items() if k not in ("sex", "age_group", "jeugdregio", "regio")]
    return " ".join(parts)


def protect_pattern(
    test: PatternTest,
    settings: DisclosureSettings,
    numerator_label: str,
    denominator_label: str,
    names: Mapping[str, str] | None = None,
) -> ProtectedTable:
    """The strata of a :class:`PatternTest` through the gate, with Dutch headers.

    Returns
    -------
    ProtectedTable
        Columns ``Groep`` (stratum label), ``numerator_label``,
        ``denominator_label`` (rounded counts), ``Percentage`` (percent) and
        ``Gecorrigeerd residu``; a residual is hidden with its percentage.
    """
    frame = pd.DataFrame(
        {
            "Groep": [stratum_label(r, names) for r in test.table[list(test.strata)].to_dict("records")],
            "numerator": test.table["numerator"].to_numpy(),
            "denominator": test.table["denominator"].to_numpy(),
        }
    )
    protected = protect_proportions(frame, settings=settings)
    protected = extend_protected(protected, {"Gecorrigeerd residu": test.table["residual"].to_numpy()})
    return relabel(
        protected, {"numerator": numerator_label, "denominator": denominator_label, PERCENTAGE: "Percentage"}
    )


def protect_total(test: PatternTest, settings: DisclosureSettings, numerator_label: str,
                  denominator_label: str) -> ProtectedTable:
    """The total of a :class:`PatternTest` (all strata) through the gate: one row ``Totaal``.

    Shown under the strata (:func:`analysis.disclosure.tables.combine`), so that
    "gemiddeld" in :func:`pattern_findings` is a published percentage (of the
    rounded counts), not one of the unrounded totals.
    """
    frame = pd.DataFrame({"Groep": [TOTAL_LABEL], "numerator": [int(test.table["numerator"].sum())],
                          "denominator": [int(test.table["denominator"].sum())]})
    protected = extend_protected(protect_proportions(frame, settings=settings), {"Gecorrigeerd residu": [math.nan]})
    return relabel(
        protected, {"numerator": numerator_label, "denominator": denominator_label, PERCENTAGE: "Percentage"}
    )


def pattern_findings(
    test: PatternTest, protected: ProtectedTable, what: str, names: Mapping[str, str] | None = None,
    total: ProtectedTable | None = None,
) -> list[str]:
    """Dutch sentences (markdown bullets) on the flagged strata whose figures are published.

    Parameters
    ----------
    test : PatternTest
    protected : ProtectedTable
        :func:`protect_pattern` of the same test (same row order).
    what : str
        What is counted, as it reads after "krijgen vaker": e.g. ``"jeugdhulp"``.
    names : mapping, optional
        Region code -> name.
    total : ProtectedTable, optional
        :func:`protect_total` of the same test: "gemiddeld" is its published
        percentage (default: the unrounded overall proportion of ``test``).

    Returns
    -------
    list of str
        One bullet per flagged stratum with a published percentage, e.g.
        ``"- **jongens 4 tot 12 jaar** krijgen vaker jeugdhulp dan gemiddeld: 16,0%
        tegenover 12,5% (gecorrigeerd residu 9,1)."``; flagged strata with a
        hidden percentage are counted in one closing sentence.
    """
    hidden = protected.suppressed["Percentage"].to_numpy(bool)
    pct = protected.data["Percentage"]
    overall = 100 * test.overall if total is None else float(total.data["Percentage"].iloc[0])
    out = []
    n_hidden = 0
    for i in test.flagged.index:
        if hidden[i]:
            n_hidden += 1
            continue
        row = test.table.loc[i]
        label = stratum_label(row[list(test.strata)].to_dict(), names)
        out.append(
            f"- **{label}**: {row['afwijking']} {what} dan gemiddeld, {format_percent(float(pct.iloc[i]), 1)} "
            f"tegenover {format_percent(overall, 1)} (gecorrigeerd residu "
            f"{format_number(float(row['residual']), 1)})."
        )
    if n_hidden == 1:
        out.append("- Nog 1 groep wijkt af, maar is te klein om het cijfer te tonen.")
    elif n_hidden:
        out.append(f"- Nog {n_hidden} groepen wijken af, maar zijn te klein om de cijfers te tonen.")
    return out


def correction_sentence(tests: AdjustedTests, units: str) -> str:
    """Dutch: how many units were tested, how many deviations chance alone would give, and the correction.

    Parameters
    ----------
    tests : AdjustedTests
        The family of tests (:func:`analysis.stats.multiple.adjust_pvalues`).
    units : str
        What was tested, plural, as it reads after the number: ``"groepen"``,
        ``"regio's"``, ``"cellen"``.

    Examples
    --------
    42 regions, Holm, 0.05: "We toetsen 42 regio's tegelijk. Zonder correctie verwacht je
    bij een toets op α = 0,05 door toeval al ongeveer 2,1 afwijkingen; daarom ..."
    """
    alpha = format_number(tests.alpha, 2)
    chance = (f"We toetsen {tests.m} {units} tegelijk. Zonder correctie verwacht je bij een toets op α = {alpha} "
              f"door toeval al ongeveer {format_number(tests.expected_by_chance, 1)} afwijkingen")
    if tests.method == "holm":
        return (chance + f"; daarom wijkt een groep pas duidelijk af na {CORRECTION_NAMES['holm']}: de kans op "
                f"één of meer onterechte afwijkingen is dan hoogstens α = {alpha}.")
    if tests.method == "fdr_bh":
        return (chance + f"; daarom wijkt een groep pas duidelijk af na {CORRECTION_NAMES['fdr_bh']}: gemiddeld "
                f"is dan hoogstens een fractie α = {alpha} van de afwijkingen onterecht.")
    return chance + ". Er is geen correctie voor het aantal toetsen toegepast (params/analysis.yaml)."


def chi2_sentence(test: PatternTest, units: str = "groepen") -> str:
    """Dutch sentences with the chi-square result (or why it is undefined) and the correction of the flags."""
    r = test.chi2
    if r.statistic is None or r.p is None:
        return "De chi-kwadraattoets is hier niet te berekenen (een groep zonder personen)."
    return (
        f"Chi-kwadraattoets op onafhankelijkheid: χ² = {format_number(r.statistic, 1)} met {r.dof} vrijheidsgraden, "
        f"{p_text(r.p)}; Cramérs V = {format_number(r.cramers_v, 3)}. Een groep wijkt af als haar gecorrigeerd "
        f"residu significant is. {correction_sentence(test.tests, units)}"
    )


def gap_table(patterns: Sequence[GapPattern], outcome_labels: Mapping[tuple[str, str], str],
              names: Mapping[str, str] | None = None, groups: str = "wel/geen jeugdhulp") -> pd.DataFrame:
    """Dutch text table of :func:`gap_homogeneity` results (for :func:`text_table`).

    Columns: Uitkomst, Odds ratio <groups> (95%-interval) (exposed vs
    reference, default wel vs geen jeugdhulp), CMH-toets, Breslow-Day, Oordeel,
    Afwijkende regio's.
    """
    rows = []
    for g in patterns:
        r = g.cmh
        if r.odds_ratio is None or r.ci_low is None or r.ci_high is None:
            ratio = f"niet te berekenen ({r.reason})"
        else:
            ratio = (f"{format_number(r.odds_ratio, 2)} ({format_number(r.ci_low, 2)} tot "
                     f"{format_number(r.ci_high, 2)})")
        bd = (f"χ² = {format_number(r.breslow_day, 1)}, df = {r.breslow_day_df}, {p_text(r.breslow_day_p)}"
              if r.breslow_day_p is not None else str(r.breslow_day_reason))
        regional = g.verdict == REGIONAAL_VERSCHILLEND
        deviating = [_region_name(s, names) for s in g.deviating["stratum"]] if regional else []
        rows.append({
            "Uitkomst": outcome_labels.get((g.outcome, g.category), f"{g.outcome}: {g.category}"),
            f"Odds ratio {groups} (95%-interval)": ratio,
            "CMH-toets": p_text(r.p) if r.p is not None else str(r.reason),
            "Breslow-Day": bd,
            "Oordeel": g.verdict,
            "Afwijkende regio's": join_dutch(deviating) if deviating else "-",
        })
    return pd.DataFrame(rows)


def _region_name(code: str, names: Mapping[str, str] | None) -> str:
    return f"{names[code]} ({code})" if names and code in names else code


def homogeneity_findings(patterns: Sequence[GapPattern], outcome_labels: Mapping[tuple[str, str], str],
                 names: Mapping[str, str] | None = None,
                 groups: str = "jongeren met en zonder jeugdhulp") -> list[str]:
    """Dutch sentences: per outcome, landelijk patroon or regionaal verschillend, and where.

    ``groups`` says who is compared (default: young people with and without jeugdhulp).
    """
    out = []
    for g in patterns:
        label = outcome_labels.get((g.outcome, g.category), g.outcome)
        r = g.cmh
        if g.verdict == GEEN_OORDEEL:
            out.append(f"- **{label}**: geen oordeel mogelijk ({r.breslow_day_reason}).")
            continue
        if g.verdict == LANDELIJK_PATROON:
            text = (f"- **{label}**: {LANDELIJK_PATROON}. Het verschil tussen {groups} "
                    f"is in alle regio's ongeveer even groot (Breslow-Day, {p_text(r.breslow_day_p)}).")
        else:
            where = [_region_name(s, names) for s in g.deviating["stratum"]]
            extra = (f" Het duidelijkst wijkt {join_dutch(where)} af." if len(where) == 1
                     else f" Het duidelijkst wijken {join_dutch(where)} af." if where else "")
            text = (f"- **{label}**: {REGIONAAL_VERSCHILLEND}. Het verschil tussen {groups} "
                    f"verschilt tussen de regio's (Breslow-Day, {p_text(r.breslow_day_p)}).{extra}")
        out.append(text)
    return out


def position_words(direction: str | None, beyond_level: float) -> str:
    """Dutch words for a funnel position: ``"boven de 99,8%-grens"``, ``"binnen de grenzen"``."""
    if direction in (BOVEN, ONDER) and not math.isnan(beyond_level):
        return f"{direction} de {coverage_text(beyond_level)}%-grens"
    return "binnen de grenzen"
