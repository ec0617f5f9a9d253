"""A regional report in Dutch: the region against Nederland, protected and in words.

The comparison table (per year the region's count, residents and percentage,
the national percentage and the difference in procentpunt with its 95%
interval, all through the disclosure gate), the frames the charts need, and the
sentences of the findings. The difference itself is computed by
:func:`analysis.measures.regional.difference_to_country`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from analysis.disclosure.marking import ProtectedTable
from analysis.disclosure.suppression import PERCENTAGE, protect_proportions
from analysis.disclosure.tables import extend_protected, relabel
from analysis.inputs.disclosure_settings import DisclosureSettings
from analysis.inputs.groupings import Region
from analysis.measures.prevalence import RESIDENTS
from analysis.measures.regional import difference_to_country
from analysis.measures.trends import trend_statement
from analysis.present.findings import trend_caveat
from analysis.present.labels import KIND_LABELS
from analysis.present.numbers import format_number, format_percent, round_half_away

#: What the report says where the gate hides a figure of a small region.
TOO_FEW = "Voor deze regio zijn te weinig jongeren om dit cijfer te tonen."

#: Dutch labels of the comparison table.
YEAR_LABEL = "Jaar"
WITH_CARE = "Jongeren met zorg (regio)"
RESIDENTS_LABEL = "Inwoners 0 tot 18 jaar (regio)"
REGION_PCT = "Regio (%)"
NL_PCT = "Nederland (%)"
DIFF = "Verschil (procentpunt)"
DIFF_LOW = "Ondergrens 95%-interval"
DIFF_HIGH = "Bovengrens 95%-interval"


def comparison_table(region_frame: pd.DataFrame, nl_frame: pd.DataFrame, kind: str,
                     settings: DisclosureSettings) -> ProtectedTable:
    """Per year: region count, residents, percentage; Nederland; difference (protected).

    Parameters
    ----------
    region_frame, nl_frame : DataFrame
        ``year``, :data:`RESIDENTS`, ``jeugdhulp``, ``verblijf`` of the region
        and of the country, one row per year (same years).
    kind : {"jeugdhulp", "verblijf"}
    settings : DisclosureSettings
    """
    merged = region_frame.merge(nl_frame, on="year", suffixes=("", "_nl")).sort_values("year")
    frame = pd.DataFrame({
        YEAR_LABEL: merged["year"].astype(str).to_numpy(),
        "numerator": merged[kind].to_numpy(),
        "denominator": merged[RESIDENTS].to_numpy(),
    })
    protected = protect_proportions(frame, settings=settings)
    stats = [difference_to_country(int(x), int(n), int(xn), int(nn)) for x, n, xn, nn in
             merged[[kind, RESIDENTS, f"{kind}_nl", f"{RESIDENTS}_nl"]].itertuples(index=False)]
    nl_pct = [100 * xn / nn if nn else math.nan
              for xn, nn in merged[[f"{kind}_nl", f"{RESIDENTS}_nl"]].itertuples(index=False)]
    # Shown with the percentage decimals (rounded half away from zero by analysis.present.numbers).
    protected = extend_protected(protected, {NL_PCT: nl_pct}, follow_suppression=False)
    protected = extend_protected(protected, {
        DIFF: [s[0] for s in stats], DIFF_LOW: [s[1] for s in stats], DIFF_HIGH: [s[2] for s in stats],
    })
    return relabel(protected, {"numerator": WITH_CARE, "denominator": RESIDENTS_LABEL, PERCENTAGE: REGION_PCT})


def comparison_chart_frame(table: ProtectedTable, naam: str) -> pd.DataFrame:
    """Long frame for a line chart of the region against Nederland (published values only).

    Returns
    -------
    DataFrame
        ``Jaar``, ``reeks`` (``naam`` or ``"Nederland"``) and ``waarde`` (percent;
        NaN where the region's percentage is suppressed).
    """
    data = table.data
    region = [math.nan if h else float(v) for v, h in zip(data[REGION_PCT], table.suppressed[REGION_PCT], strict=True)]
    # at the published precision, like the table: the alt text and labels never show more decimals
    places = table.settings.percentage_decimals
    nl = [float(round_half_away(float(v), places)) for v in data[NL_PCT]]
    years = list(data[YEAR_LABEL].astype(str))
    return pd.DataFrame({
        YEAR_LABEL: years + years,
        "reeks": [naam] * len(years) + ["Nederland"] * len(years),
        "waarde": region + nl,
    })


#: Cohort A outcomes in the regional chart (the panels of the actielijn 4 factsheet).
COHORT_CHART_OUTCOMES: tuple[str, ...] = ("Zelfstandig wonend", "Economisch zelfstandig", "Werk en/of onderwijs")


def cohort_chart_frame(protected: ProtectedTable, year: int) -> pd.DataFrame:
    """Published cohort A percentages of one year for one chart: ``uitkomst`` x ``groep``.

    A region's cohorts are small, so the regional report shows one year with the
    three factsheet outcomes side by side instead of one chart per outcome.

    Returns
    -------
    DataFrame
        ``uitkomst``, ``groep`` and ``waarde`` (percent; NaN where suppressed).
    """
    data = protected.data
    keep = (data["year"] == year).to_numpy() & data["uitkomst"].isin(COHORT_CHART_OUTCOMES).to_numpy()
    values = [math.nan if h else float(v) for v, h in
              zip(data.loc[keep, PERCENTAGE], protected.suppressed.loc[keep, PERCENTAGE], strict=True)]
    return pd.DataFrame({"uitkomst": data.loc[keep, "uitkomst"].to_numpy(), "groep": data.loc[keep, "groep"].to_numpy(),
                         "waarde": values})


def trend_sentence(
    region_frame: pd.DataFrame, kind: str, protected: ProtectedTable, region: Region, significance: float
) -> str:
    """The region's trend (two-sided at ``significance``), only when every yearly percentage is published.

    The percentage has a known denominator (the region's young residents), so the
    test is quasi-binomial on the persons (:mod:`analysis.measures.trends`).
    """
    if protected.suppressed[REGION_PCT].any():
        return f"Voor {region.naam} zijn niet alle jaren te tonen; daarom is er geen trendtoets."
    pct = 100 * region_frame[kind] / region_frame[RESIDENTS]
    periods = [str(int(y)) for y in region_frame["year"]]
    statement = trend_statement("percent", (), periods, list(pct.to_numpy(float)), significance,
                                list(region_frame[RESIDENTS].to_numpy(float)))
    return trend_caveat(statement)


def difference_finding(table: ProtectedTable, kind: str, region: Region) -> str:
    """The finding on the region against Nederland in the last year (heading and sentence)."""
    data, hidden = table.data, table.suppressed
    last = len(data) - 1
    year = data[YEAR_LABEL].iloc[last]
    what = KIND_LABELS[kind].lower()
    if hidden[REGION_PCT].iloc[last] or hidden[DIFF].iloc[last]:
        return f"### {KIND_LABELS[kind]} in {year}\n\n{TOO_FEW}"
    p_r, p_nl = float(data[REGION_PCT].iloc[last]), float(data[NL_PCT].iloc[last])
    d, lo, hi = (float(data[c].iloc[last]) for c in (DIFF, DIFF_LOW, DIFF_HIGH))
    if lo > 0:
        how, heading = "meer", f"In {region.naam} krijgen meer jongeren {what} dan in heel Nederland"
    elif hi < 0:
        how, heading = "minder", f"In {region.naam} krijgen minder jongeren {what} dan in heel Nederland"
    else:
        how, heading = None, f"In {region.naam} krijgen ongeveer evenveel jongeren {what} als in heel Nederland"
    interval = (f"95%-betrouwbaarheidsinterval {format_number(lo, 1)} tot {format_number(hi, 1)} procentpunt")
    if how is None:
        gap = f"een verschil van {format_number(d, 1)} procentpunt ({interval}; het verschil kan op toeval berusten)"
    else:
        gap = f"{format_number(abs(d), 1)} procentpunt {how} ({interval})"
    return (f"### {heading}\n\nIn {year} kreeg {format_percent(p_r, 1)} van de jongeren van 0 tot 18 jaar in "
            f"{region.naam} {what}, tegenover {format_percent(p_nl, 1)} in heel Nederland: {gap}.")


def no_persons_text(region: Region, years: Sequence[int]) -> str:
    """The short report of a region without persons in the data."""
    span = f"{min(years)}-{max(years)}" if len(years) > 1 else str(years[0])
    return (
        f"In de gegevens van deze editie woont in {span} niemand in {region.label}. Deze regiorapportage "
        "bevat daarom geen cijfers. Controleer of de regiocode klopt en of de gegevens deze regio bevatten."
    )


def membership_note(scope: Region, names: Mapping[str, str]) -> str:
    """Dutch: which jeugdregio's belong to the region by assumption (no source confirms it); empty if unknown.

    Only for a grouping whose file says, per jeugdregio, its source and whether
    the membership is an assumption (``bron_kolom``, ``aanname_kolom``).
    """
    if not (scope.aannames or scope.bronnen):
        return ""
    if not scope.aannames:
        return (f"**Indeling.** Dat deze jeugdregio's bij {scope.naam} horen, bevestigt een bron voor elk van hen "
                f"(bron van de indeling: {scope.bron}).")
    listed = ", ".join(f"{names.get(c, c)} ({c})" for c in scope.aannames)
    return (f"**Let op: indeling deels aangenomen.** Dat deze jeugdregio's bij {scope.naam} horen, is een aanname "
            f"van het project die geen bron bevestigt: {listed}. Bron van de indeling: {scope.bron}.")
