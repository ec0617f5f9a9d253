"""The actielijn 4 factsheet layer on tiny cohort frames with hand-computed answers."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.disclosure.suppression import PERCENTAGE
from analysis.inputs.disclosure_settings import load_disclosure_settings
from analysis.present.cohorts import (
    GAP,
    GAP_HIGH,
    GAP_LOW,
    chart_frame,
    protect_cohort_a,
    protected_gaps,
)
from analysis.present.cohorts import (
    cohort_gap_findings as gap_findings,
)


def _frame(wel=(56, 70), geen=(48, 80), verblijf=(5, 8)):
    """Cohort A aggregate rows: economisch zelfstandig (yes/no) for three groups in 2017."""
    rows = []
    for group, (x, n) in (("verblijf", verblijf), ("wel_jeugdhulp", wel), ("geen_jeugdhulp", geen)):
        rows.append({"year": 2017, "group": group, "outcome": "economisch_zelfstandig", "category": "ja",
                     "numerator": x, "denominator": n})
    return pd.DataFrame(rows)


@pytest.fixture
def settings():
    return load_disclosure_settings()


def test_small_groups_are_suppressed_and_labelled(settings):
    protected = protect_cohort_a(_frame(), settings)
    data = protected.data.set_index("groep")
    # verblijf 5 of 8: numerator and denominator below 10 -> suppressed
    assert protected.suppressed.set_index(protected.data["groep"]).loc["Jeugdhulp met verblijf", PERCENTAGE]
    # wel jeugdhulp 56/70; rounded counts to base 5: 55 and 70, and the percentage of
    # the rounded counts: 55/70 = 78,57% -> 78,6
    assert float(data.loc["Wel jeugdhulp", PERCENTAGE]) == 78.6
    assert int(data.loc["Wel jeugdhulp", "numerator"]) == 55
    assert set(protected.data["uitkomst"]) == {"Economisch zelfstandig"}


def test_gap_uses_newcombe_and_hides_suppressed_groups(settings):
    frame = _frame()
    protected = protect_cohort_a(frame, settings)
    gaps = protected_gaps(frame, protected, 2017).data.set_index("groep")
    # Newcombe (1998) Table II: 56/70 - 48/80 -> 20,00 pp, 95% CI 5,24 to 33,39
    assert float(gaps.loc["Wel jeugdhulp", GAP]) == 20.0
    assert float(gaps.loc["Wel jeugdhulp", GAP_LOW]) == 5.2
    assert float(gaps.loc["Wel jeugdhulp", GAP_HIGH]) == 33.4
    assert pd.isna(gaps.loc["Jeugdhulp met verblijf", GAP])  # its percentage is secret


def test_gap_finding_wording(settings):
    frame = _frame()
    protected = protect_cohort_a(frame, settings)
    findings = gap_findings(protected_gaps(frame, protected, 2017), protected, 2017)
    econ = [f for f in findings if "economisch zelfstandig" in f][0]
    assert econ.startswith(
        "### Jongeren die op 16-17 jaar jeugdhulp kregen zijn vaker economisch zelfstandig dan leeftijdsgenoten"
    )
    # percentages of the rounded counts: 55/70 = 78,6%, 50/80 = 62,5%; the difference
    # with its interval is of the unrounded counts (Newcombe's example)
    assert "78,6% tegenover 62,5%" in econ and "een verschil van 20,0 procentpunt" in econ
    assert "(95%-betrouwbaarheidsinterval 5,2 tot 33,4 procentpunt)" in econ
    # outcomes not in the frame are reported as not shown, never invented
    assert any("wordt niet getoond" in f for f in findings)


def test_less_often_prints_positive_difference(settings):
    frame = _frame(wel=(48, 80), geen=(56, 70))
    protected = protect_cohort_a(frame, settings)
    econ = [f for f in gap_findings(protected_gaps(frame, protected, 2017), protected, 2017) if "economisch" in f][0]
    assert "minder vaak economisch zelfstandig" in econ
    assert "een verschil van 20,0 procentpunt (95%-betrouwbaarheidsinterval 5,2 tot 33,4 procentpunt)" in econ


def test_chart_frame_takes_published_percentages_only(settings):
    protected = protect_cohort_a(_frame(), settings)
    chart = chart_frame(protected, {"uitkomst": "Economisch zelfstandig"}, x="year", hue="groep")
    values = dict(zip(chart["groep"], chart["waarde"]))
    assert values["Wel jeugdhulp"] == 78.6 and values["Geen jeugdhulp"] == 62.5  # 55/70 and 50/80
    assert pd.isna(values["Jeugdhulp met verblijf"])
