"""Parsing OData v3 JSON (fixture pages) into the tidy long frame."""

from __future__ import annotations

import copy
import math

import pytest

from analysis.errors import VoortgangError
from analysis.inputs.statline.parse import parse_period_key, parse_table


@pytest.mark.parametrize(
    ("key", "title", "expected"),
    [
        ("2019JJ00", "2019", (2019, "JJ", 0, "2019")),
        ("2019HJ01", "2019 1e halfjaar", (2019, "HJ", 1, "2019-H1")),
        ("2020HJ02", None, (2020, "HJ", 2, "2020-H2")),
        ("2015KW03", "2015 3e kwartaal", (2015, "KW", 3, "2015Q3")),
        ("2020MM05", "2020 mei", (2020, "MM", 5, "2020-05")),
        ("2019JJ00  ", "2019", (2019, "JJ", 0, "2019")),  # padding is stripped
        # unknown key form, but the title reads as a half-year (both word orders)
        ("2025X001", "1e halfjaar 2025*", (2025, "HJ", 1, "2025-H1")),
        ("2024G202", "2024 2e halfjaar**", (2024, "HJ", 2, "2024-H2")),
    ],
)
def test_period_keys(key, title, expected):
    assert tuple(parse_period_key(key, title)) == expected


@pytest.mark.parametrize(
    ("key", "title", "fragment"),
    [
        ("2019XX01", "2019", "'2019XX01'"),
        ("2019KW05", None, "number 05 is impossible for KW"),
        ("2019JJ01", None, "number 01 is impossible for JJ"),
        ("2019MM13", None, "number 13 is impossible for MM"),
        ("19JJ00", "2019", "'19JJ00'"),
        ("2019X000", "2019 t/m 2020", "unknown form"),
    ],
)
def test_bad_period_keys_name_the_key(key, title, fragment):
    with pytest.raises(VoortgangError, match="StatLine period key") as err:
        parse_period_key(key, title)
    assert fragment in str(err.value)


def test_codes_are_stripped_and_labelled(parsed_99999):
    data = parsed_99999.data
    assert sorted(data["RegioS_code"].unique()) == ["JZ13", "NL01"]
    assert sorted(data["Leeftijd_code"].unique()) == ["10000", "53950"]
    jz = data[data["RegioS_code"] == "JZ13"]
    assert set(jz["RegioS_label"]) == {"Amsterdam-Amstelland"}
    assert parsed_99999.time_dimension == "Perioden"


def test_values_units_and_status(parsed_99999):
    d = parsed_99999.data
    cell = d[
        (d["topic"] == "JongerenMetJeugdhulpMetVerblijf_1")
        & (d["RegioS_code"] == "NL01")
        & (d["Leeftijd_code"] == "10000")
    ].set_index("period")
    # the fixture's NL01 2018/2019 cells are the published figures of seed 001, l.1648
    assert cell.loc["2018", "value"] == 42770
    assert cell.loc["2019", "value"] == 42975
    assert cell.loc["2018", "status"] == "definitief"
    assert cell.loc["2019", "status"] == "nader voorlopig"
    assert cell.loc["2020-H1", "status"] == "voorlopig"
    assert cell.loc["2020-H1", ["year", "period_kind", "period_number"]].tolist() == [2020, "HJ", 1]
    assert set(cell["unit"]) == {"aantal"}
    pct = d[(d["topic"] == "JeugdhulpMetVerblijfInProcenten_2") & (d["RegioS_code"] == "NL01")
            & (d["Leeftijd_code"] == "10000")].set_index("period")
    assert pct.loc["2019", "value"] == pytest.approx(10.1)  # seed 001 l.1649, percent in [0, 100]
    assert set(pct["unit"]) == {"%"}


def test_suppressed_cell_is_missing_never_zero(parsed_99999):
    d = parsed_99999.data
    cell = d[(d["topic"] == "JongerenMetJeugdhulpMetVerblijf_1") & (d["RegioS_code"] == "JZ13")
             & (d["Leeftijd_code"] == "53950") & (d["period"] == "2019")]
    assert len(cell) == 1
    assert math.isnan(cell["value"].iloc[0])
    assert bool(cell["suppressed"].iloc[0]) is True
    # 12 cells per topic; the fixture has 1 null count and 6 null percentages (18-23 jaar)
    assert int(d["suppressed"].sum()) == 7
    assert (d["value"].isna() == d["suppressed"]).all()


def test_text_topics_are_not_melted(parsed_99999, parsed_84799):
    assert set(parsed_99999.data["topic"]) == {"JongerenMetJeugdhulpMetVerblijf_1", "JeugdhulpMetVerblijfInProcenten_2"}
    assert len(parsed_99999.data) == 2 * 12
    assert "SoortRegio_2" not in set(parsed_84799.data["topic"])
    assert "SoortRegio_2" in set(parsed_84799.properties["Key"])


def test_geo_detail_table_without_time_dimension(parsed_84799):
    d = parsed_84799.data
    assert parsed_84799.time_dimension is None
    assert "GM1680" in set(d["WijkenEnBuurten_code"])  # 'GM1680    ' in the feed
    assert d["period"].isna().all()
    wk = d[d["WijkenEnBuurten_code"] == "WK036300"]
    assert wk["suppressed"].all() and wk["value"].isna().all()
    assert parsed_84799.info["Identifier"] == "84799NED"
    assert parsed_84799.snapshot == "2021-03-26"


@pytest.fixture
def pages(fixture_values):
    v = fixture_values
    return {
        "info": v("99999NED", "TableInfos.json"),
        "props": v("99999NED", "DataProperties.json"),
        "dims": {d: v("99999NED", f"{d}.json") for d in ("Leeftijd", "RegioS", "Perioden")},
        "data": v("99999NED", "TypedDataSet.page1.json") + v("99999NED", "TypedDataSet.page2.json"),
    }


def _parse(p):
    return parse_table("99999NED", p["info"], p["props"], p["dims"], p["data"])


def test_untyped_symbols_are_suppressed(pages):
    p = copy.deepcopy(pages)
    p["data"][0]["JongerenMetJeugdhulpMetVerblijf_1"] = "       ."
    p["data"][1]["JongerenMetJeugdhulpMetVerblijf_1"] = "x"
    p["data"][2]["JongerenMetJeugdhulpMetVerblijf_1"] = "  36001"
    d = _parse(p).data
    nl = d[(d["topic"] == "JongerenMetJeugdhulpMetVerblijf_1") & (d["RegioS_code"] == "NL01")
           & (d["Leeftijd_code"] == "10000")].set_index("period")
    assert nl.loc["2018", "suppressed"] and nl.loc["2019", "suppressed"]
    assert nl.loc["2020-H1", "value"] == 36001


def test_cell_that_is_not_a_number(pages):
    p = copy.deepcopy(pages)
    p["data"][3]["JongerenMetJeugdhulpMetVerblijf_1"] = "n.v.t."
    with pytest.raises(VoortgangError, match=r"StatLine 99999NED TypedDataSet, topic JongerenMetJeugdhulpMetVerblijf_1: 1 cell\(s\) are neither a number"):
        _parse(p)


def test_missing_dimension_table(pages):
    p = copy.deepcopy(pages)
    del p["dims"]["RegioS"]
    with pytest.raises(VoortgangError, match=r"StatLine 99999NED: dimension table 'RegioS' \(Type GeoDimension\) is missing"):
        _parse(p)


def test_code_absent_from_dimension_table(pages):
    p = copy.deepcopy(pages)
    p["data"][5]["RegioS"] = "GM9999    "
    with pytest.raises(VoortgangError, match=r"1 row\(s\) with a RegioS code absent from the RegioS dimension table, e.g. 'GM9999'"):
        _parse(p)


def test_unknown_status_names_the_period(pages):
    p = copy.deepcopy(pages)
    p["dims"]["Perioden"][1]["Status"] = "Herzien"
    with pytest.raises(VoortgangError, match=r"StatLine period '2019JJ00': unknown Status 'Herzien'"):
        _parse(p)


def test_unknown_period_key_in_a_table(pages):
    p = copy.deepcopy(pages)
    p["dims"]["Perioden"][2]["Key"] = "2020X001"
    p["dims"]["Perioden"][2]["Title"] = "2020 (jan-jun)"
    with pytest.raises(VoortgangError, match=r"StatLine period key '2020X001'"):
        _parse(p)


def test_missing_data_column(pages):
    p = copy.deepcopy(pages)
    for row in p["data"]:
        del row["JeugdhulpMetVerblijfInProcenten_2"]
    with pytest.raises(VoortgangError, match=r"TypedDataSet: missing field\(s\) JeugdhulpMetVerblijfInProcenten_2"):
        _parse(p)


def test_empty_data_set(pages):
    p = copy.deepcopy(pages)
    p["data"] = []
    with pytest.raises(VoortgangError, match=r"StatLine 99999NED TypedDataSet: no rows"):
        _parse(p)
