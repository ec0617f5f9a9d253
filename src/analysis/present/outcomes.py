"""The outcome indicators in Dutch: protected tables, trend sentences, funnel tests with the detectable difference.

Used by :mod:`analysis.chapters.uitkomsten`. Everything shown goes through the
disclosure gate (:func:`analysis.disclosure.suppression.protect_proportions`);
the difference a region could have detected is computed from the *rounded*
number of trajectories that the table shows (so it reveals no unrounded count)
and hidden wherever the region's percentage is hidden.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from analysis.disclosure.marking import ProtectedTable
from analysis.disclosure.suppression import PERCENTAGE, protect_proportions
from analysis.disclosure.tables import extend_protected, relabel, text_table
from analysis.inputs.disclosure_settings import DisclosureSettings
from analysis.measures.deviations import UnitTests
from analysis.present.labels import CORRECTION_NAMES
from analysis.present.numbers import format_number
from analysis.present.wording import join_dutch, p_text
from analysis.stats.multiple import detectable_differences
from analysis.stats.trend import DALEND, GEEN_TREND, STIJGEND

#: Dutch labels of the two forms of a trajectory (codes of analysis.inputs.aggregates.VORM_GROUPS).
VORM_LABELS: dict[str, str] = {"zonder_verblijf": "zonder verblijf", "met_verblijf": "met verblijf"}
#: Column header of the detectable difference.
DETECTABLE = "Aantoonbaar verschil (procentpunt)"
#: What a trend word says about a share.
TREND_WORDS: dict[str, str] = {STIJGEND: "stijgt", DALEND: "daalt", GEEN_TREND: "geen duidelijke trend"}


def period_table(frame: pd.DataFrame, labels: Mapping[str, str], settings: DisclosureSettings) -> ProtectedTable:
    """Outcomes per half-year through the gate.

    Parameters
    ----------
    frame : DataFrame
        ``period``, ``outcome``, ``numerator``, ``denominator`` (counts of trajectories).
    labels : mapping
        Outcome code -> Dutch label (the registry's).
    """
    data = pd.DataFrame({
        "Halfjaar": frame["period"].astype(str).to_numpy(),
        "Uitkomst": [labels[o] for o in frame["outcome"]],
        "numerator": frame["numerator"].to_numpy(),
        "denominator": frame["denominator"].to_numpy(),
    })
    protected = protect_proportions(data, settings=settings)
    return relabel(protected, {"numerator": "Met deze uitkomst", "denominator": "Beëindigde trajecten",
                               PERCENTAGE: "Percentage"})


def trend_lines(trends: pd.DataFrame, labels: Mapping[str, str], correction: str) -> list[str]:
    """Dutch bullets: per outcome (and vorm), whether the share rises or falls over the half-years.

    Parameters
    ----------
    trends : DataFrame
        :func:`analysis.measures.deviations.stratum_trends` output with an
        ``outcome`` column (and optionally ``vorm``).
    labels : mapping
        Outcome code -> Dutch label.
    correction : str
        The correction of the family (``correction`` of ``params/analysis.yaml``).
    """
    out = []
    for row in trends.to_dict("records"):
        what = labels[row["outcome"]] + (f" ({VORM_LABELS[row['vorm']]})" if "vorm" in row else "")
        word = TREND_WORDS.get(row["trend"], row["trend"])
        if row["trend"] in TREND_WORDS:
            test = (f"Cochran-Armitage over {row['periods']} halfjaren, {p_text(row['p'])}, "
                    f"na {CORRECTION_NAMES.get(correction, 'correctie')}")
            out.append(f"- {what}: {word} ({test}).")
        else:
            out.append(f"- {what}: {word}.")
    return out


def unit_table(tests: UnitTests, settings: DisclosureSettings, names: Mapping[str, str],
               unit_label: str = "Regio") -> ProtectedTable:
    """Regions tested against a target: count, percentage, verdict and the detectable difference.

    The rows stay in the order given (region code order): this is not a
    ranking; the funnel plot is the primary view.

    Parameters
    ----------
    tests : UnitTests
        :func:`analysis.measures.deviations.funnel_tests` output.
    settings : DisclosureSettings
    names : mapping
        Region code -> name.
    unit_label : str
        Header of the first column.

    Returns
    -------
    ProtectedTable
        ``unit_label``, ``Beëindigde trajecten`` (rounded), ``Percentage``,
        ``Verschil`` (``hoger``/``lager``/``geen verschil`` after the
        correction) and :data:`DETECTABLE`: the difference from the target
        that a region of this (rounded) size finds with the stated power at the
        level of one test in the family, in procentpunt.
    """
    t = tests.table
    data = pd.DataFrame({
        unit_label: [f"{names.get(u, u)} ({u})" for u in t["unit"]],
        "numerator": t["numerator"].to_numpy(),
        "denominator": t["denominator"].to_numpy(),
    })
    protected = protect_proportions(data, settings=settings)
    rounded = protected.data["denominator"].astype("Float64").fillna(0).to_numpy(float)
    rounded[protected.suppressed["denominator"].to_numpy(bool)] = 0
    detectable = 100 * detectable_differences(tests.target, rounded, tests.tests.per_test_alpha, tests.power)
    protected = extend_protected(protected, {DETECTABLE: detectable})
    verdict = np.where(t["afwijking"].to_numpy() == "", "geen verschil", t["afwijking"].to_numpy())
    shown = ~protected.suppressed[PERCENTAGE].to_numpy(bool)
    data = protected.data.copy()
    data["Verschil"] = np.where(shown, verdict, ".")  # a verdict is hidden with its percentage
    data.attrs = dict(protected.data.attrs)
    suppressed = protected.suppressed.copy()
    suppressed["Verschil"] = ~shown
    protected = replace(protected, data=data, suppressed=suppressed)
    return relabel(protected, {"numerator": "Met deze uitkomst", "denominator": "Beëindigde trajecten",
                               PERCENTAGE: "Percentage"})


def power_sentence(power: float) -> str:
    """Dutch: what the column with the detectable difference means (no figure of persons)."""
    return (f"Bij *geen verschil* staat in de kolom ‘{DETECTABLE}’ welk verschil met het gemiddelde een regio van "
            f"die omvang met een onderscheidend vermogen {format_number(100 * power)}% had kunnen aantonen, na "
            "dezelfde correctie: een kleine regio zonder verschil is dus geen bewijs dat er geen verschil is.")


def region_findings(tests: UnitTests, table: ProtectedTable, unit_label: str = "Regio") -> list[str]:
    """Dutch bullets on the regions that differ after the correction and whose figures are shown."""
    data = table.data
    shown = ~table.suppressed["Percentage"].to_numpy(bool)
    up = [data[unit_label].iloc[i] for i in np.flatnonzero(shown & (tests.table["afwijking"] == "hoger").to_numpy())]
    down = [data[unit_label].iloc[i] for i in np.flatnonzero(shown & (tests.table["afwijking"] == "lager").to_numpy())]
    out = []
    if up:
        out.append(f"- Hoger dan gemiddeld: {join_dutch(up)}.")
    if down:
        out.append(f"- Lager dan gemiddeld: {join_dutch(down)}.")
    if not out:
        out.append("- Geen regio wijkt na de correctie duidelijk af; zie de kolom met het aantoonbare verschil.")
    return out


def trend_table(trends: pd.DataFrame, labels: Mapping[str, str], settings: DisclosureSettings,
                strata: Sequence[str]) -> ProtectedTable:
    """Trends per stratum as a text table (no counts): stratum, half-years, trend, corrected p."""
    rows = []
    for row in trends.to_dict("records"):
        rows.append({
            "Uitkomst": labels[row["outcome"]],
            **{("Vorm" if s == "vorm" else s): VORM_LABELS.get(str(row[s]), str(row[s])) for s in strata
               if s != "outcome"},
            "Halfjaren": str(row["periods"]),
            "Trend": TREND_WORDS.get(row["trend"], row["trend"]),
            # the whole "p = 0,12": a cell that starts with "=" would be a heading in Typst
            "Gecorrigeerde p": p_text(row["p_adjusted"]) if row["p_adjusted"] == row["p_adjusted"] else "geen toets",
        })
    return text_table(pd.DataFrame(rows), settings)


def published_share(numerator: int, denominator: int, settings: DisclosureSettings,
                    label: str) -> tuple[ProtectedTable, float | None]:
    """A total as one protected row, and its published share (proportion) or None when hidden.

    The reference line of a funnel plot (a region's or the country's share) is
    drawn at this published value, and the table goes with the figure's data, so
    the number its alt text names is one the gate knows.
    """
    table = protect_proportions(pd.DataFrame({"regio": [label], "numerator": [int(numerator)],
                                              "denominator": [int(denominator)]}), settings=settings)
    if bool(table.suppressed[PERCENTAGE].iloc[0]):
        return table, None
    share = float(table.data[PERCENTAGE].iloc[0]) / 100
    return table, share if 0 < share < 1 else None


def reference_words(region_name: str | None) -> str:
    """What a funnel's reference line is, for its alt text: the national percentage or a region's."""
    return "het landelijke percentage" if region_name is None else f"het percentage van {region_name}"
