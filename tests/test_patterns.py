"""Pattern statistics (analysis.measures.patterns): known answers, hand calculations, and the
heterogeneity built into params/synth.yaml found on a generated population.

Known answers are from /work/shared/reference/known_answers.md (R's chisq.test example
of Agresti 2007 and R's mantelhaen.test "Rabbits" example). Small populations are written
out by hand below, person by person, with the expected counts worked out in comments.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from analysis.errors import VoortgangError
from analysis.inputs.disclosure_settings import DisclosureSettings
from analysis.inputs.microdata.load import MicrodataTables, load_microdata
from analysis.inputs.synthetic.write import generate
from analysis.measures.cohorts import cohort_a
from analysis.measures.deviations import funnel_flags
from analysis.measures.patterns import (
    LANDELIJK_PATROON,
    REGIONAAL_VERSCHILLEND,
    gap_homogeneity,
    pool_cohort_years,
    strata_residuals,
)
from analysis.measures.prevalence import care_prevalence, collapse
from analysis.present.charts.funnel import FunnelPanel, funnel_chart
from analysis.present.patterns import pattern_findings, protect_pattern
from analysis.present.protected import display
from helpers import FLAGS

SETTINGS = DisclosureSettings(min_count=10, rounding_base=5, percentage_decimals=1)

#: The homogeneity level and deviation threshold these tests are written for.
GAP_FLAGS = {"alpha": FLAGS.homogeneity_alpha, "correction": FLAGS.correction, "family_alpha": FLAGS.family_alpha}
#: The correction the residual tests are written for.
CORRECTED = {"correction": FLAGS.correction, "alpha": FLAGS.family_alpha}


# --------------------------------------------------------------------------- chi-square


def agresti_party() -> pd.DataFrame:
    """Agresti (2007) gender x party, transposed: one row per party, women of all."""
    return pd.DataFrame({
        "party": ["Dem", "Ind", "Rep"],
        "women": [762, 327, 468],
        "all": [762 + 484, 327 + 239, 468 + 477],
    })


def test_strata_residuals_known_answer():
    test = strata_residuals(agresti_party(), ["party"], "women", "all", **CORRECTED)
    # R chisq.test: X-squared = 30.07, df = 2; adjusted residuals of row F = the "met" column
    assert test.chi2.statistic == pytest.approx(30.07, abs=0.005)
    assert test.chi2.dof == 2
    assert test.table["residual"].tolist() == pytest.approx([4.5020535, 0.6994517, -5.3159455], abs=1e-6)
    # two-sided p of the residuals: 6.7e-6, 0.484, 1.1e-7; Holm over 3: x2, x1, x3 -> Dem and Rep below
    # 0.05, Ind (0.484) not
    assert test.table["p"].tolist() == pytest.approx([6.73e-6, 0.4842, 1.06e-7], rel=0.01)
    assert test.table["afwijking"].tolist() == ["vaker", "", "minder vaak"]
    assert test.tests.m == 3 and test.tests.method == "holm"
    assert test.flagged["party"].tolist() == ["Rep", "Dem"]  # largest |residual| first
    assert test.overall == pytest.approx(1557 / 2757)


def test_pattern_findings_name_the_flagged_strata():
    test = strata_residuals(agresti_party(), ["party"], "women", "all", **CORRECTED)
    protected = protect_pattern(test, SETTINGS, "Vrouwen", "Totaal kiezers")
    lines = pattern_findings(test, protected, "vrouw")
    # percentages of the rounded counts: 468 -> 470 of 945 = 49.7%, 762 -> 760 of 1246 -> 1245 = 61.0%;
    # overall 1557 / 2757 = 56.5%
    assert lines == [
        "- **Rep**: minder vaak vrouw dan gemiddeld, 49,7% tegenover 56,5% (gecorrigeerd residu \u22125,3).",
        "- **Dem**: vaker vrouw dan gemiddeld, 61,0% tegenover 56,5% (gecorrigeerd residu 4,5).",
    ]


def test_protect_pattern_hides_the_residual_of_a_small_stratum():
    frame = pd.DataFrame({"jeugdregio": ["JZ01", "JZ02", "JZ03"], "met": [3, 50, 40], "n": [5, 100, 100]})
    test = strata_residuals(frame, ["jeugdregio"], "met", "n", **CORRECTED)
    shown = display(protect_pattern(test, SETTINGS, "Met jeugdhulp", "Inwoners", {"JZ01": "Groningen"}))
    assert shown.columns.tolist() == ["Groep", "Met jeugdhulp", "Inwoners", "Percentage", "Gecorrigeerd residu"]
    first = shown.iloc[0].tolist()
    # 3 of 5: numerator, denominator and percentage below 10 -> suppressed; so is the residual
    assert first == ["Groningen (JZ01)", ".", ".", ".", "."]
    # 50 of 100 -> 50,0%, counts rounded to 5
    assert shown.iloc[1, :4].tolist() == ["JZ02", "50", "100", "50,0"]
    assert shown.iloc[1, 4] != "."


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pd.DataFrame({"s": ["a", "b"], "x": [1, 2]}), "column(s) 'n' not found"),
        (pd.DataFrame({"s": ["a", "b"], "x": [5, 2], "n": [4, 3]}), "1 row(s) with 'x' missing, negative or above 'n'"),
        (pd.DataFrame({"s": ["a", "a"], "x": [1, 2], "n": [4, 3]}), "1 row(s) repeat a stratum"),  # the second repeats the first
        (pd.DataFrame({"s": ["a", "b"], "x": [0, 0], "n": [4, 0]}), "1 stratum/strata with persons"),
    ],
)
def test_strata_residuals_bad_input(frame, message):
    with pytest.raises(VoortgangError, match="frame: ") as err:
        strata_residuals(frame, ["s"], "x", "n", **CORRECTED)
    assert message in str(err.value)


# --------------------------------------------------------------------------- prevalence by hand


def hand_population() -> MicrodataTables:
    """Six persons; expected counts for 2019 in test_care_prevalence_by_hand."""
    day = lambda s: pd.Timestamp(s)  # noqa: E731
    persons = pd.DataFrame({
        "person_id": [1, 2, 3, 4, 5, 6],
        "birth_month": [day(d) for d in ("2015-03-01", "2016-01-01", "2002-01-01", "2001-12-01",
                                         "2010-06-01", "2008-01-01")],
        "sex": ["M", "V", "V", "M", "M", "V"],
    })
    residence = pd.DataFrame({
        "person_id": [1, 2, 3, 4, 5, 6, 1],
        "year": [2019, 2019, 2019, 2019, 2018, 2019, 2018],
        "jeugdregio": ["JZ01", "JZ01", "JZ02", "JZ02", "JZ02", "JZ02", "JZ01"],
    })
    jeugdhulp = pd.DataFrame({
        "person_id": [1, 2, 3, 4, 6],
        "start_date": [day(d) for d in ("2019-02-01", "2018-06-01", "2019-12-31", "2019-05-01", "2018-03-01")],
        "end_date": [day("2019-03-31"), day("2018-12-31"), pd.NaT, day("2019-06-30"), day("2019-01-01")],
        "verblijf": [False, True, True, False, False],
    })
    empty = pd.DataFrame({"person_id": pd.Series([], dtype="int64")})
    return MicrodataTables(persons=persons, residence=residence, jeugdhulp=jeugdhulp, jeugdbescherming=empty,
                           outcomes=empty, vervolgzorg=empty)


def test_care_prevalence_by_hand():
    prev = care_prevalence(hand_population(), [2019])
    got = {
        (r.age_group, r.sex, r.jeugdregio): (r.inwoners, r.jeugdhulp, r.verblijf) for r in prev.itertuples()
    }
    assert got == {
        # 1: age 4 on 31-12-2019 (born 2015-03), ambulant care Feb-Mar 2019
        ("4-12", "M", "JZ01"): (1, 1, 0),
        # 2: age 3, pleegzorg ended 31-12-2018: no care in 2019
        ("0-4", "V", "JZ01"): (1, 0, 0),
        # 3: age 17, pleegzorg from the last day of 2019 (open-ended): jeugdhulp and verblijf
        ("12-18", "V", "JZ02"): (1, 1, 1),
        # 6: age 11, care ending on 1 January 2019 (one day in the year)
        ("4-12", "V", "JZ02"): (1, 1, 0),
        # 4 is 18 on 31-12-2019 and 5 has no residence record for 2019: not counted
    }
    # AL2 order of the age groups, not string order
    assert prev["age_group"].tolist() == ["0-4", "4-12", "4-12", "12-18"]
    national = prev[["inwoners", "jeugdhulp", "verblijf"]].sum()
    assert national.tolist() == [4, 3, 1]


def test_care_prevalence_rejects_unknown_breakdown_and_years():
    tables = hand_population()
    with pytest.raises(VoortgangError, match=r"by = \['gemeente'\]: \['gemeente'\] not among"):
        care_prevalence(tables, [2019], by=["gemeente"])
    with pytest.raises(VoortgangError, match=r"years = \[2025\]: the data cover 2018-2019"):
        care_prevalence(tables, [2025])


def test_collapse_sums_over_the_other_columns():
    prev = care_prevalence(hand_population(), [2019])
    by_region = collapse(prev, ["jeugdregio"]).set_index("jeugdregio")
    assert by_region.loc["JZ01"].tolist() == [2, 1, 0]
    assert by_region.loc["JZ02"].tolist() == [2, 2, 1]
    with pytest.raises(VoortgangError, match="column\\(s\\) 'regio' not found"):
        collapse(prev, ["regio"])


# --------------------------------------------------------------------------- CMH / Breslow-Day


def as_cohort_frame(strata: dict[str, list[list[int]]], outcome: str = "economisch_zelfstandig") -> pd.DataFrame:
    """2x2 tables (rows wel/geen jeugdhulp, columns event/no event) as cohort A rows."""
    rows = []
    for name, ((a, b), (c, d)) in strata.items():
        rows.append({"jeugdregio": name, "group": "wel_jeugdhulp", "outcome": outcome, "category": "ja",
                     "numerator": a, "denominator": a + b})
        rows.append({"jeugdregio": name, "group": "geen_jeugdhulp", "outcome": outcome, "category": "ja",
                     "numerator": c, "denominator": c + d})
    return pd.DataFrame(rows)


def test_gap_homogeneity_rabbits_known_answer():
    rabbits = {
        "s1": [[0, 6], [0, 5]], "s2": [[3, 3], [0, 6]], "s3": [[6, 0], [2, 4]],
        "s4": [[5, 1], [6, 0]], "s5": [[2, 0], [5, 0]],
    }
    (g,) = gap_homogeneity(as_cohort_frame(rabbits), outcomes=[("economisch_zelfstandig", "ja")], **GAP_FLAGS)
    # R mantelhaen.test: X-squared = 3.9286, p = 0.04747, common OR = 7 (1.026713 - 47.725133)
    assert g.cmh.statistic == pytest.approx(3.9286, abs=5e-5)
    assert g.cmh.p == pytest.approx(0.04747, abs=5e-6)
    assert g.cmh.odds_ratio == pytest.approx(7.0)
    assert (g.cmh.ci_low, g.cmh.ci_high) == pytest.approx((1.026713, 47.725133), abs=5e-6)


def test_gap_homogeneity_identical_strata_is_a_national_pattern():
    # Three identical strata: every odds ratio equals the common one, Breslow-Day = 0, p = 1.
    same = {k: [[20, 80], [40, 60]] for k in ("JZ01", "JZ02", "JZ03")}
    (g,) = gap_homogeneity(as_cohort_frame(same), outcomes=[("economisch_zelfstandig", "ja")], **GAP_FLAGS)
    assert g.cmh.odds_ratio == pytest.approx((20 * 60) / (80 * 40))
    assert g.cmh.breslow_day == pytest.approx(0.0, abs=1e-9)
    assert g.verdict == LANDELIJK_PATROON
    assert g.deviating.empty


def test_gap_homogeneity_opposite_stratum_is_regional():
    # JZ03 reverses the gap (OR 2.25 against 0.375 elsewhere), with 200 persons per group.
    strata = {"JZ01": [[40, 160], [80, 120]], "JZ02": [[40, 160], [80, 120]], "JZ03": [[120, 80], [80, 120]]}
    (g,) = gap_homogeneity(as_cohort_frame(strata), outcomes=[("economisch_zelfstandig", "ja")], **GAP_FLAGS)
    assert g.verdict == REGIONAAL_VERSCHILLEND
    assert g.cmh.breslow_day_p < 0.001
    assert g.strata.set_index("stratum").loc["JZ03", "odds_ratio"] == pytest.approx((120 * 120) / (80 * 80))
    assert g.deviating["stratum"].iloc[0] == "JZ03"


def test_gap_homogeneity_bad_input():
    frame = as_cohort_frame({"JZ01": [[1, 2], [3, 4]]})
    with pytest.raises(VoortgangError, match="column\\(s\\) 'regio' not found"):
        gap_homogeneity(frame, stratum="regio", **GAP_FLAGS)
    with pytest.raises(VoortgangError, match="no rows for outcome 'wanbetaler'"):
        gap_homogeneity(frame, outcomes=[("wanbetaler", "ja")], **GAP_FLAGS)
    two_years = pd.concat([frame.assign(year=2017), frame.assign(year=2019)])
    with pytest.raises(VoortgangError, match="2 cohort years; pool them"):
        gap_homogeneity(two_years, **GAP_FLAGS)


def test_pool_cohort_years_sums_disjoint_cohorts_only():
    frame = pd.concat([
        as_cohort_frame({"JZ01": [[1, 2], [3, 4]]}).assign(year=2017),
        as_cohort_frame({"JZ01": [[10, 20], [30, 40]]}).assign(year=2019),
    ])
    pooled = pool_cohort_years(frame, [2017, 2019]).set_index("group")
    assert pooled.loc["wel_jeugdhulp", ["numerator", "denominator"]].tolist() == [11, 33]
    assert pooled.loc["geen_jeugdhulp", ["numerator", "denominator"]].tolist() == [33, 77]
    with pytest.raises(VoortgangError, match=r"years = \[2018, 2019\]: cohort years 2018 and 2019 share persons"):
        pool_cohort_years(frame, [2018, 2019])
    with pytest.raises(VoortgangError, match=r"\[2015\] not in the cohort frame"):
        pool_cohort_years(frame, [2015, 2017])


# --------------------------------------------------------------------------- funnel chart


def test_funnel_chart_names_the_units_outside_the_limits():
    # Target 10%, n = 1000: the 99.8% limits are about 10 +/- 3.09 * sqrt(0.09 / 1000) = 7.1% .. 12.9%.
    points = pd.DataFrame({"unit": ["A", "B", "C"], "denominator": [1000.0, 1000.0, 1000.0],
                           "percentage": [20.0, 10.0, 3.0]})
    # Target 1%, n = 1000: 1 +/- 3.09 * sqrt(0.0099 / 1000) = 0.7% .. 1.3% (about; exact binomial limits)
    rare = pd.DataFrame({"unit": ["A", "B"], "denominator": [1000.0, 1000.0], "percentage": [1.0, 1.1]})
    fig, alt = funnel_chart(
        [FunnelPanel(points, 0.10, "Jeugdhulp, 2019"), FunnelPanel(rare, 0.01, "Verblijf, 2019")],
        xlabel="Inwoners", highlight="B", synthetic=True, levels=FLAGS.funnel_levels,
    )
    assert alt.startswith("Trechterdiagram met 2 panelen")
    assert ("'Jeugdhulp, 2019': 3 regio's rond het landelijke percentage van 10,0%; boven de 99,8%-grens "
            "A (20,0%) en onder de 99,8%-grens C (3,0%). Gemarkeerd: B met 10,0%.") in alt
    assert ("'Verblijf, 2019': 2 regio's rond het landelijke percentage van 1,0%; geen regio boven de "
            "99,8%-grens en geen regio onder de 99,8%-grens. Gemarkeerd: B met 1,1%.") in alt
    assert alt.endswith("Synthetische data.")
    assert len(fig.axes) == 2 and all(ax.get_xscale() == "log" for ax in fig.axes)
    with pytest.raises(VoortgangError, match="argument 'panels': panel 0 \\('x'\\) has no published units"):
        funnel_chart([FunnelPanel(points.iloc[:0], 0.1, "x")], xlabel="y", levels=FLAGS.funnel_levels)
    with pytest.raises(VoortgangError, match="argument 'panels': give at least one panel"):
        funnel_chart([], xlabel="y", levels=FLAGS.funnel_levels)


def test_funnel_flags_against_a_given_proportion():
    frame = pd.DataFrame({"regio": ["A", "B", "C"], "x": [200, 100, 30], "n": [1000, 1000, 1000]})
    flags = funnel_flags(frame, "regio", "x", "n", FLAGS.funnel_levels, proportion=0.10)
    assert flags["direction"].tolist() == ["boven", "binnen", "onder"]
    assert flags.loc["A", "beyond_level"] == pytest.approx(0.998)


# --------------------------------------------------------------------------- built-in heterogeneity


N_PERSONS = 400_000


@pytest.fixture(scope="module")
def population(tmp_path_factory) -> MicrodataTables:
    """A generated population (params/synth.yaml), larger than the edition's 200,000 so
    that the built-in effects stand well clear of chance (synth.yaml: sized for 1,000,000)."""
    out = tmp_path_factory.mktemp("patterns")
    generate(N_PERSONS, (2013, 2019), 31, out)
    return load_microdata(out)


@pytest.mark.slow
def test_finds_the_sex_pattern_by_age_group(population):
    # synth.yaml jeugdhulp.sex_ratio (boys : girls): 0-4 1.0, 4-12 1.6, 12-18 0.65
    prev = collapse(care_prevalence(population, [2019]), ["age_group", "sex"])
    residual = {}
    for group in ("0-4", "4-12", "12-18"):
        test = strata_residuals(prev[prev["age_group"] == group], ["sex"], "jeugdhulp", "inwoners", **CORRECTED)
        residual[group] = test.table.set_index("sex")["residual"]
    assert residual["4-12"]["M"] > 3          # boys more often at 4-11
    assert residual["12-18"]["V"] > 3         # girls more often at 12-17
    assert abs(residual["0-4"]["M"]) < 3      # no difference at 0-3


@pytest.mark.slow
def test_finds_the_built_in_regions(population):
    prev = collapse(care_prevalence(population, [2019]), ["jeugdregio"])
    jeugdhulp = strata_residuals(prev, ["jeugdregio"], "jeugdhulp", "inwoners", **CORRECTED).flagged
    # heterogeneity.jeugdhulp_rate: JZ09 0.6 (less), JZ42 1.35 (more); no other region
    assert dict(zip(jeugdhulp["jeugdregio"], jeugdhulp["afwijking"], strict=True)) == {
        "JZ09": "minder vaak", "JZ42": "vaker",
    }
    verblijf = strata_residuals(prev, ["jeugdregio"], "verblijf", "inwoners", **CORRECTED).flagged
    # heterogeneity.verblijf_rate: JZ38 1.7 (JZ09 has less verblijf too: less jeugdhulp)
    flagged = dict(zip(verblijf["jeugdregio"], verblijf["afwijking"], strict=True))
    assert flagged["JZ38"] == "vaker"
    assert set(flagged) <= {"JZ38", "JZ09"}
    flags = funnel_flags(prev, "jeugdregio", "jeugdhulp", "inwoners", FLAGS.funnel_levels)
    assert flags.loc["JZ09", "direction"] == "onder" and flags.loc["JZ42", "direction"] == "boven"


@pytest.mark.slow
def test_breslow_day_finds_the_regional_income_gap(population):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = cohort_a(population, [2017, 2019], by=("jeugdregio",))
    gaps = {g.outcome: g for g in gap_homogeneity(pool_cohort_years(frame, [2017, 2019]), **GAP_FLAGS)}
    # heterogeneity.econ_gap_pp: JZ29 -10 pp for young people with jeugdhulp
    econ = gaps["economisch_zelfstandig"]
    assert econ.verdict == REGIONAAL_VERSCHILLEND
    assert econ.deviating["stratum"].iloc[0] == "JZ29"
    assert econ.deviating["z"].iloc[0] < 0  # a larger gap: lower odds ratio
    # no heterogeneity built into the other outcomes: no strong evidence of any
    for outcome in ("woonsituatie", "werk_onderwijs", "wanbetaler"):
        assert gaps[outcome].cmh.breslow_day_p > 0.001, outcome
        assert "JZ29" not in set(gaps[outcome].deviating["stratum"])
    assert np.isfinite(econ.cmh.odds_ratio) and econ.cmh.odds_ratio < 1


def test_age_groups_are_labelled_as_cbs_writes_them():
    """Issue 12: CBS writes "0 tot 4 jaar" (aged 0-3), not "0-4"."""
    from analysis.present.labels import age_label
    from analysis.present.patterns import stratum_label

    assert [age_label(g) for g in ("0-4", "4-12", "12-18", "18-23")] == [
        "0 tot 4 jaar", "4 tot 12 jaar", "12 tot 18 jaar", "18 tot 23 jaar"]
    assert stratum_label({"sex": "M", "age_group": "4-12"}) == "jongens 4 tot 12 jaar"
