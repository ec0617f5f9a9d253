"""Regions and regional reports (analysis.chapters.regio).

Expected values: the region lists in data/reference (42 jeugdregio's, four landsdelen),
the Newcombe (1998) known answer of /work/shared/reference/known_answers.md, and hand
calculations written out below.
"""

from __future__ import annotations

import dataclasses
import math
import warnings

import pandas as pd
import pytest

from analysis.chapters.regio import region_report
from analysis.errors import VoortgangError
from analysis.inputs.disclosure_settings import DisclosureSettings
from analysis.inputs.editions import RegionGrouping, load_edition
from analysis.inputs.groupings import (
    Catalogue,
    Region,
    find_region,
    jeugdregio_regions,
    load_grouping,
    region_catalogue,
    select_regions,
)
from analysis.inputs.microdata.load import load_microdata
from analysis.inputs.synthetic.params import load_params
from analysis.inputs.synthetic.write import generate
from analysis.measures.cohorts import cohort_a, cohort_b
from analysis.measures.outcomes import outcome_counts
from analysis.measures.prevalence import care_prevalence
from analysis.measures.region_counts import cohort_rows, region_counts, region_prevalence
from analysis.measures.regional import difference_to_country, region_rows, to_units
from analysis.present.index_page import IndexEntry, regional_index_html
from analysis.present.protected import display
from analysis.present.regional import (
    NL_PCT,
    REGION_PCT,
    TOO_FEW,
    comparison_chart_frame,
    comparison_table,
)
from helpers import ANALYSIS

SETTINGS = DisclosureSettings(min_count=10, rounding_base=5, percentage_decimals=1)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return region_catalogue(load_edition("2020-H1"))


# --------------------------------------------------------------------------- selecting regions


def test_all_is_the_42_jeugdregios(catalogue):
    regions = select_regions("all", catalogue)
    codes = [r.code for r in regions]
    assert len(codes) == 42 and codes[0] == "JZ01" and codes[-1] == "JZ43" and "JZ40" not in codes
    assert all(r.jeugdregios == (r.code,) for r in regions)


def test_landsdelen_are_four_groups_of_jeugdregios(catalogue):
    regions = select_regions("landsdelen", catalogue)
    assert [r.code for r in regions] == ["LD01", "LD02", "LD03", "LD04"]
    by_code = {r.code: r for r in regions}
    assert by_code["LD03"].naam == "West-Nederland"
    # data/reference/jeugdregio_landsdeel.csv: 3 + 10 + 20 + 9 jeugdregio's, each once
    assert [len(r.jeugdregios) for r in regions] == [3, 10, 20, 9]
    assert "JZ38" in by_code["LD03"].jeugdregios and "JZ14" in by_code["LD02"].jeugdregios
    assert by_code["LD01"].niveau == "landsdelen" and "aanname" in by_code["LD01"].bron


def test_codes_are_deduplicated_and_case_insensitive(catalogue):
    assert [r.code for r in select_regions("JZ08, jz12,JZ08,LD04", catalogue)] == ["JZ08", "JZ12", "LD04"]


def test_a_half_yearly_build_names_every_level_at_once(catalogue):
    # 42 jeugdregio's + 4 landsdelen + 8 expertisenetwerken (data/reference), each report once
    regions = select_regions("all,landsdelen,expertisenetwerken,JZ14", catalogue)
    assert len(regions) == 42 + 4 + 8
    assert [r.code for r in regions[:2]] == ["JZ01", "JZ02"] and regions[42].code == "LD01"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("JR08", "unknown region code 'JR08' (jeugdregio's JZ01-JZ43, groupings: landsdelen, expertisenetwerken); "
                 "nearest valid codes: JZ08"),
        ("Twente", "nearest valid codes: JZ14"),
        ("landsdeel", "or did you mean 'landsdelen'?"),
        ("JZ40", "unknown region code 'JZ40'"),  # there is no JZ40
        ("GM0363", "'GM0363' is a gemeente code"),
        (" ", "give 'all', 'gemeenten', a grouping name or codes"),
    ],
)
def test_unknown_regions_name_the_argument_and_the_nearest_codes(catalogue, spec, message):
    with pytest.raises(VoortgangError, match="argument '--regions'") as err:
        select_regions(spec, catalogue)
    assert message in str(err.value)


def test_unknown_grouping_names_the_argument(catalogue):
    assert len(catalogue.grouping("landsdelen")) == 4
    with pytest.raises(VoortgangError, match="argument 'strata': unknown grouping 'provincies'; groupings: landsdelen"):
        catalogue.grouping("provincies")


def test_find_region_for_a_notebook_parameter(catalogue):
    assert find_region("JZ29", catalogue).naam == "Rijnmond"
    with pytest.raises(VoortgangError, match="argument 'region': unknown region code 'JZ99'"):
        find_region("JZ99", catalogue)


# --------------------------------------------------------------------------- grouping files


def write_grouping(tmp_path, rows: str) -> RegionGrouping:
    (tmp_path / "netwerken.csv").write_text("jeugdregio,netwerk,netwerk_naam\n" + rows, encoding="utf-8")
    return RegionGrouping(pad="netwerken.csv", code="netwerk", naam="netwerk_naam", bron="test")


def test_grouping_file_is_read(tmp_path):
    spec = write_grouping(tmp_path, "JZ01,EN1,Noord\nJZ02,EN1,Noord\nJZ14,EN2,Oost\n")
    regions = load_grouping("netwerken", spec, tmp_path)
    assert regions == (
        Region("EN1", "Noord", "netwerken", ("JZ01", "JZ02"), "test"),
        Region("EN2", "Oost", "netwerken", ("JZ14",), "test"),
    )


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("JZ01,EN1,Noord\nJZ40,EN1,Noord\n", "column 'jeugdregio': 1 row(s) without one of the 42 jeugdregio codes"),
        ("JZ01,EN1,Noord\nJZ01,EN2,Oost\n", "column 'jeugdregio': 1 jeugdregio('s) listed twice"),
        ("JZ01,EN 1,Noord\n", "column 'netwerk': 1 code(s) not of letters, digits"),
        ("JZ01,JZ02,Noord\n", "column 'netwerk': 1 group code(s) equal to a jeugdregio code"),
        ("JZ01,EN1,Noord\nJZ02,EN1,Zuid\n", "column 'netwerk_naam': 1 group code(s) with more than one name"),
    ],
)
def test_bad_grouping_files_name_file_column_and_count(tmp_path, rows, message):
    spec = write_grouping(tmp_path, rows)
    with pytest.raises(VoortgangError, match=r"netwerken.csv \(grouping 'netwerken'\): ") as err:
        load_grouping("netwerken", spec, tmp_path)
    assert message in str(err.value)


def test_grouping_with_missing_column_or_file(tmp_path):
    spec = write_grouping(tmp_path, "JZ01,EN1,Noord\n")
    wrong = spec.model_copy(update={"naam": "naam"})
    with pytest.raises(VoortgangError, match="column 'naam' not found .*grouping 'netwerken'"):
        load_grouping("netwerken", wrong, tmp_path)
    with pytest.raises(VoortgangError, match="file of grouping 'netwerken' not found"):
        load_grouping("netwerken", spec.model_copy(update={"pad": "weg.csv"}), tmp_path)


# --------------------------------------------------------------------------- region figures by hand


def test_difference_to_country_known_answer():
    # Region 56/70 against the rest of the country 48/80 (Newcombe 1998, Table II:
    # diff 0.2000, 95% CI 0.0524 to 0.3339). Nederland = 104/150, w = 70/150:
    # p_regio - p_NL = 0.8 - 0.69333 = 10.667 pp; interval (1 - w) x (5.24, 33.39) pp.
    diff, low, high = difference_to_country(56, 70, 104, 150)
    assert diff == pytest.approx(100 * (56 / 70 - 104 / 150))
    assert low == pytest.approx((80 / 150) * 5.24, abs=0.01)
    assert high == pytest.approx((80 / 150) * 33.39, abs=0.01)
    # a region that is the whole country has no rest to compare with
    assert all(math.isnan(v) for v in difference_to_country(5, 10, 5, 10))


def test_region_rows_and_units_sum_member_jeugdregios():
    frame = pd.DataFrame({
        "year": [2019, 2019, 2019, 2018],
        "jeugdregio": ["JZ01", "JZ02", "JZ03", "JZ01"],
        "x": [1, 2, 4, 8],
        "n": [10, 20, 40, 80],
    })
    north = Region("N", "Noord", "test", ("JZ01", "JZ02"), "test")
    rows = region_rows(frame, north, ["x", "n"]).set_index("year")
    assert rows.loc[2019].tolist() == [3, 30] and rows.loc[2018].tolist() == [8, 80]
    units = to_units(frame, [north, Region("W", "West", "test", ("JZ03",), "test")], ["x", "n"])
    got = {(r.year, r.regio): (r.x, r.n) for r in units.itertuples()}
    assert got == {(2018, "N"): (8, 80), (2019, "N"): (3, 30), (2019, "W"): (4, 40)}


def test_comparison_table_hides_small_regions_but_not_the_country():
    region = pd.DataFrame({"year": [2018, 2019], "inwoners": [200, 150], "jeugdhulp": [30, 6], "verblijf": [3, 1]})
    country = pd.DataFrame({"year": [2018, 2019], "inwoners": [2000, 2100], "jeugdhulp": [250, 260],
                            "verblijf": [20, 21]})
    table = comparison_table(region, country, "jeugdhulp", SETTINGS)
    shown = display(table).set_index("Jaar")
    # 2018: 30/200 = 15,0% against 250/2000 = 12,5%: +2,5 pp
    assert shown.loc["2018", REGION_PCT] == "15,0" and shown.loc["2018", NL_PCT] == "12,5"
    assert shown.loc["2018", "Verschil (procentpunt)"] == "2,5"
    # 2019: 6 persons -> the region's figures are hidden, the national one is not
    assert shown.loc["2019", [REGION_PCT, "Verschil (procentpunt)", "Ondergrens 95%-interval"]].tolist() == [".", ".", "."]
    assert shown.loc["2019", NL_PCT] == "12,4"  # 260 / 2100 = 12.38%
    chart = comparison_chart_frame(table, "Noord")
    assert chart["reeks"].tolist() == ["Noord", "Noord", "Nederland", "Nederland"]
    assert chart["waarde"].iloc[0] == 15.0 and math.isnan(chart["waarde"].iloc[1])


# --------------------------------------------------------------------------- a generated population


@pytest.fixture(scope="module")
def small_population(tmp_path_factory):
    """20,000 persons; JZ43 (Noord-Limburg) gets a weight so small it has no one."""
    params = load_params()
    weights = {**params.population.region_weights, "JZ43": 1e-12}
    params = params.model_copy(update={"population": params.population.model_copy(update={"region_weights": weights})})
    out = tmp_path_factory.mktemp("regional")
    generate(20_000, (2013, 2019), 5, out, params)
    return load_microdata(out)


YEARS = [2015, 2016, 2017, 2018, 2019]


@pytest.fixture(scope="module")
def small_counts(small_population):
    """The build's national pass on the small population."""
    return region_counts(small_population, YEARS)


def test_region_without_persons_gives_a_short_report(small_population, small_counts, catalogue):
    empty = find_region("JZ43", catalogue)
    assert not small_population.residence["jeugdregio"].astype(str).eq("JZ43").any()
    report = region_report(small_counts, empty, catalogue, YEARS, [2018, 2019], [2017, 2018], SETTINGS, ANALYSIS)
    assert report.has_persons is False
    assert report.comparison == {} and report.cohort_a is None and report.findings == []


def test_small_region_is_suppressed_gracefully(small_counts, catalogue):
    # JZ42 has weight 115 of about 16,900: some 130 persons at N = 20,000, so verblijf
    # (about 1% of residents 0-17) and the 18+ cohorts are far below 10 persons.
    small = find_region("JZ42", catalogue)
    report = region_report(small_counts, small, catalogue, YEARS, [2018, 2019], [2017, 2018], SETTINGS, ANALYSIS)
    assert report.has_persons
    verblijf = report.comparison["verblijf"]
    assert verblijf.suppressed[REGION_PCT].all() and not verblijf.suppressed[NL_PCT].any()
    assert any(TOO_FEW in f for f in report.findings)
    assert report.cohort_a.suppressed["percentage"].all()
    assert report.funnels["verblijf"].position is None


def _own_persons(tables, region):
    """The records of every person who lived in the region in any year (the region counted on its own)."""
    res = tables.residence
    ids = res.loc[res["jeugdregio"].astype(str).isin(region.jeugdregios), "person_id"].unique()
    keep = {name: getattr(tables, name)[getattr(tables, name)["person_id"].isin(ids)]
            for name in ("persons", "residence", "jeugdhulp", "jeugdbescherming", "outcomes", "vervolgzorg")}
    return dataclasses.replace(tables, **keep)


@pytest.mark.parametrize("code", ["JZ29", "LD01"])
def test_the_national_pass_gives_each_region_what_its_own_persons_give(small_population, small_counts,
                                                                      catalogue, code):
    # Prevalence and cohort rules are per person, so counting once for all regions and taking a
    # region's rows equals counting on the region's own persons (the build computes once, slices per region).
    region = find_region(code, catalogue)
    own = _own_persons(small_population, region)
    assert len(own.persons) < len(small_population.persons)
    num_den = ["numerator", "denominator"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # early cohort years (documented in analysis.measures.cohorts)
        direct_a = region_rows(cohort_a(own, [2016, 2019], by=("jeugdregio",)), region, num_den)
        direct_b = region_rows(cohort_b(own, [2016, 2018], by=("jeugdregio",)), region, num_den)
    sliced_a = region_rows(cohort_rows(small_counts.cohort_a, [2016, 2019]), region, num_den)
    sliced_b = region_rows(cohort_rows(small_counts.cohort_b, [2016, 2018]), region, num_den)
    pd.testing.assert_frame_equal(sliced_a, direct_a, check_dtype=False)
    pd.testing.assert_frame_equal(sliced_b, direct_b, check_dtype=False)
    assert direct_a["denominator"].sum() > 0 and direct_b["denominator"].sum() > 0
    counted = ["inwoners", "jeugdhulp", "verblijf"]
    direct = region_rows(care_prevalence(own, YEARS, by=("jeugdregio",)), region, counted)
    sliced = region_rows(region_prevalence(small_counts, YEARS), region, counted)
    pd.testing.assert_frame_equal(sliced.sort_values("year", ignore_index=True),
                                  direct.sort_values("year", ignore_index=True), check_dtype=False)
    keys = ["jeugdregio", "period", "age_group", "sex", "vorm", "outcome"]
    inside = small_counts.outcomes[small_counts.outcomes["jeugdregio"].isin(region.jeugdregios)]
    mine = outcome_counts(own)
    mine = mine[mine["jeugdregio"].isin(region.jeugdregios)]
    pd.testing.assert_frame_equal(inside.sort_values(keys, ignore_index=True), mine.sort_values(keys, ignore_index=True),
                                  check_dtype=False)


def test_landsdeel_report_compares_with_the_other_landsdelen(small_counts, catalogue):
    west = find_region("LD03", catalogue)
    report = region_report(small_counts, west, catalogue, YEARS, [2018, 2019], [2017, 2018], SETTINGS, ANALYSIS)
    units = set(report.funnels["jeugdhulp"].points.data["regio"])
    assert units == {"LD01", "LD02", "LD03", "LD04"}
    shown = display(report.comparison["jeugdhulp"])
    assert (shown[REGION_PCT] != ".").all()  # West-Nederland is large


# --------------------------------------------------------------------------- index page


def test_index_page_lists_every_report(catalogue):
    edition = load_edition("2020-H1")
    html_text = regional_index_html(
        [
            IndexEntry("LD03", "West-Nederland", "landsdelen", "2020-H1", "2026-11-20", "LD03/index.html"),
            IndexEntry("JZ02", "Friesland (Fryslân)", "jeugdregio", "2020-H1", "2026-11-21", "JZ02/index.html"),
        ],
        edition,
        css="body { color: black; }",
    )
    assert html_text.startswith("<!DOCTYPE html>") and '<html lang="nl">' in html_text
    assert "<title>Regiorapportages 2020-H1</title>" in html_text
    # jeugdregio's first, then groupings; name, level, edition, date and link per row
    assert html_text.index("Friesland (Fryslân) (JZ02)") < html_text.index("West-Nederland (LD03)")
    assert ('<td>jeugdregio</td><td>2020-H1</td><td>2026-11-21</td><td><a href="JZ02/index.html">rapport</a>'
            in html_text)
    assert "body { color: black; }" in html_text
    assert "Nog geen regiorapportages" in regional_index_html([], edition)


def test_jeugdregio_regions_match_the_reference_list():
    regions = jeugdregio_regions()
    assert len(regions) == 42
    assert {r.code: r.naam for r in regions}["JZ28"] == "Centraal Gelderland"
