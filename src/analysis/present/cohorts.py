"""The actielijn 4 factsheet from the 18+ cohorts: protected tables, labels, findings.

Everything shown passes the disclosure gate first (:mod:`analysis.disclosure`):
cohort A and B frames go through :func:`~analysis.disclosure.protect_proportions`
(woonsituatie as exhaustive categories of one variable, the other outcomes as
yes/no), and the gaps to the reference group are published only where both
percentages they compare are published. The confidence intervals of the gaps
are computed from the exact counts (Newcombe), which reveals no count beyond
the published percentages at the rounding used.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.disclosure.marking import ProtectedTable
from analysis.disclosure.suppression import PERCENTAGE, protect_proportions
from analysis.disclosure.tables import combine
from analysis.inputs.disclosure_settings import DisclosureSettings
from analysis.measures.cohorts import gap_to_reference
from analysis.present.labels import (
    GROUP_LABELS,
    OUTCOME_LABELS,
    SCHEME_LABELS,
    WINDOW_LABELS,
)
from analysis.present.numbers import format_number, format_percent

#: Column headers of the gap table (procentpunt).
GAP = "Verschil (procentpunt)"
GAP_LOW = "Ondergrens 95%-interval"
GAP_HIGH = "Bovengrens 95%-interval"


def protect_cohort_a(frame: pd.DataFrame, settings: DisclosureSettings) -> ProtectedTable:
    """Cohort A through the gate, with Dutch labels.

    Parameters
    ----------
    frame : DataFrame
        :func:`analysis.measures.cohorts.cohort_a` output (``year, group, outcome,
        category, numerator, denominator``, plus any ``by`` columns).
    settings : DisclosureSettings

    Returns
    -------
    ProtectedTable
        Columns ``year``, ``groep``, ``uitkomst``, (``by`` columns), rounded
        ``numerator``/``denominator`` and ``percentage`` (percent).
    """
    labelled = frame.assign(
        groep=frame["group"].map(GROUP_LABELS),
        uitkomst=[OUTCOME_LABELS[(o, c)] for o, c in zip(frame["outcome"], frame["category"], strict=True)],
    )
    keys = [c for c in labelled.columns if c not in ("group", "category", "numerator", "denominator", "uitkomst")]
    woon = labelled["outcome"] == "woonsituatie"
    parts = []
    if woon.any():
        parts.append(protect_proportions(labelled[woon].drop(columns=["group", "category"]), settings=settings,
                                         partition_by=keys))
    if (~woon).any():
        parts.append(protect_proportions(labelled[~woon].drop(columns=["group", "category"]), settings=settings))
    return combine(parts)


def protect_cohort_b(frame: pd.DataFrame, settings: DisclosureSettings) -> ProtectedTable:
    """Cohort B through the gate, with Dutch labels (``regeling``, ``termijn``)."""
    labelled = frame.assign(
        regeling=frame["scheme"].map(SCHEME_LABELS),
        termijn=frame["window_months"].map(WINDOW_LABELS),
    ).drop(columns=["scheme", "window_months"])
    return protect_proportions(labelled, settings=settings)


def protected_gaps(frame: pd.DataFrame, protected: ProtectedTable, year: int) -> ProtectedTable:
    """Gaps to the reference group (procentpunt, Newcombe 95% CI) for one year.

    A gap is published only when both percentages it compares are published in
    ``protected`` (the output of :func:`protect_cohort_a` for the same frame).

    Returns
    -------
    ProtectedTable
        Columns ``groep``, ``uitkomst``, :data:`GAP`, :data:`GAP_LOW`,
        :data:`GAP_HIGH` (percentage points, one decimal).
    """
    gaps = gap_to_reference(frame[frame["year"] == year])
    data = protected.data
    hidden = {
        (g, u): bool(h)
        for y, g, u, h in zip(data["year"], data["groep"], data["uitkomst"], protected.suppressed[PERCENTAGE],
                              strict=True)
        if y == year
    }
    ref = GROUP_LABELS["geen_jeugdhulp"]
    rows = []
    for _, r in gaps.iterrows():
        groep = GROUP_LABELS[r["group"]]
        uitkomst = OUTCOME_LABELS[(r["outcome"], r["category"])]
        hide = hidden.get((groep, uitkomst), True) or hidden.get((ref, uitkomst), True)
        rows.append({
            "groep": groep,
            "uitkomst": uitkomst,
            GAP: np.nan if hide else round(float(r["diff_pp"]), 1),
            GAP_LOW: np.nan if hide else round(float(r["ci_low_pp"]), 1),
            GAP_HIGH: np.nan if hide else round(float(r["ci_high_pp"]), 1),
        })
    data = pd.DataFrame(rows)
    cols = [GAP, GAP_LOW, GAP_HIGH]
    data[cols] = data[cols].astype("Float64")
    suppressed = pd.DataFrame(False, index=data.index, columns=data.columns)
    for c in cols:
        suppressed[c] = data[c].isna().to_numpy()
    return ProtectedTable(
        data=data,
        suppressed=suppressed,
        settings=protected.settings,
        n_primary=0,
        n_secondary=0,
        count_columns=(),
        percentage_columns=tuple(cols),
    )


def chart_frame(protected: ProtectedTable, keep: dict[str, object], x: str, hue: str) -> pd.DataFrame:
    """Tidy published percentages for a chart: rows matching ``keep``, columns x, hue, waarde.

    Suppressed percentages are missing (the chart shows ``.`` or a gap).
    """
    data = protected.data
    mask = np.ones(len(data), dtype=bool)
    for column, value in keep.items():
        mask &= (data[column] == value).to_numpy()
    rows = data[mask]
    values = [float(v) if v is not pd.NA else math.nan for v in rows[PERCENTAGE]]
    return pd.DataFrame({x: rows[x].astype(str).to_numpy(), hue: rows[hue].to_numpy(), "waarde": values})


def cohort_gap_findings(gaps: ProtectedTable, protected: ProtectedTable, year: int) -> list[str]:
    """Dutch findings (markdown) on the gaps between "wel jeugdhulp" and leeftijdsgenoten.

    One finding per yes/no outcome and for "zelfstandig wonend" (verblijf group,
    as the seed does): a heading that says more or less often, and a sentence
    with both percentages, the gap in procentpunt and its 95%-interval.
    """
    data = protected.data
    pct = {}
    for y, g, u, v, h in zip(data["year"], data["groep"], data["uitkomst"], data[PERCENTAGE],
                             protected.suppressed[PERCENTAGE], strict=True):
        if y == year and not h:
            pct[(g, u)] = float(v)
    ref = GROUP_LABELS["geen_jeugdhulp"]
    # (group, outcome, verb, rest): Dutch puts "vaker" between verb and rest.
    picks = [
        ("Jeugdhulp met verblijf", "Zelfstandig wonend", "wonen", "zelfstandig"),
        ("Wel jeugdhulp", "Economisch zelfstandig", "zijn", "economisch zelfstandig"),
        ("Wel jeugdhulp", "Werk en/of onderwijs", "hebben", "werk en/of onderwijs"),
        ("Wel jeugdhulp", "Betalingsachterstand Zvw-premie", "hebben", "een betalingsachterstand op de Zvw-premie"),
    ]
    subject = {"Jeugdhulp met verblijf": "Jongeren die op 16-17 jaar jeugdhulp met verblijf kregen",
               "Wel jeugdhulp": "Jongeren die op 16-17 jaar jeugdhulp kregen"}
    g = gaps.data
    out = []
    for groep, uitkomst, verb, rest in picks:
        row = g[(g["groep"] == groep) & (g["uitkomst"] == uitkomst)]
        if row.empty or row[GAP].isna().iloc[0] or (groep, uitkomst) not in pct or (ref, uitkomst) not in pct:
            out.append(f"### {uitkomst}\n\nDit cijfer is geheim (te weinig personen) en wordt niet getoond.")
            continue
        d, lo, hi = (float(row[c].iloc[0]) for c in (GAP, GAP_LOW, GAP_HIGH))
        if lo > 0:
            how = "vaker"
        elif hi < 0:
            how = "minder vaak"
        else:
            how = "ongeveer even vaak"
        heading = f"{subject[groep]} {verb} {how} {rest} dan leeftijdsgenoten"
        # When the heading says which way, the difference and its interval are printed
        # without sign; when the interval contains 0, with sign.
        if how == "minder vaak":
            d, lo, hi = -d, -hi, -lo
        text = (
            f"In {year}: {format_percent(pct[(groep, uitkomst)], 1)} tegenover "
            f"{format_percent(pct[(ref, uitkomst)], 1)} "
            f"bij leeftijdsgenoten zonder jeugdhulp, een verschil van {format_number(d, 1)} procentpunt "
            f"(95%-betrouwbaarheidsinterval {format_number(lo, 1)} tot {format_number(hi, 1)} procentpunt)."
        )
        out.append(f"### {heading}\n\n{text}")
    return out
