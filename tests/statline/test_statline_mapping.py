"""params/statline.yaml: validation on load, and snapshot -> published-format rows."""

from __future__ import annotations

import math

import pytest
import yaml

from analysis.config import STATLINE_MAPPING
from analysis.errors import VoortgangError
from analysis.inputs.published import COLUMNS
from analysis.inputs.registry import load_registry
from analysis.inputs.statline.mapping import (
    PUBLISHED_COLUMNS,
    check_against_registry,
    load_statline_mapping,
    published_rows_for,
    snapshot_source,
    to_published_rows,
)
from analysis.inputs.statline.snapshot import fetch


@pytest.fixture
def fixture_mapping(fixtures_dir):
    return load_statline_mapping(fixtures_dir / "mapping_99999NED.yaml")


def _series(rows, indicator, breakdown):
    sel = rows[(rows["indicator_id"] == indicator) & (rows["breakdown"] == breakdown)]
    return dict(zip(sel["period"], sel["value"], strict=True))


def test_rows_have_the_published_format(parsed_99999, fixture_mapping):
    rows = to_published_rows(parsed_99999, fixture_mapping)
    assert tuple(rows.columns) == PUBLISHED_COLUMNS == COLUMNS
    # provenance: the snapshot is the source (its record made from the table), the topic the location
    assert set(rows["source"]) == {"statline-99999ned-2020-11-02"}
    assert set(rows["precision"]) == {"exact"}
    assert rows["location"].str.startswith("onderwerp ").all()
    source = snapshot_source(parsed_99999)
    assert (source.id, source.gepubliceerd, source.uitgever) == ("statline-99999ned-2020-11-02", "2020-11-02", "CBS")
    assert source.url.endswith("/99999NED/")


def test_rows_carry_the_published_figures(parsed_99999, fixture_mapping):
    rows = to_published_rows(parsed_99999, fixture_mapping)
    # seed 001: verblijf 0-23 42770 (2018), 42975 (2019), l.1648; 18-23 2185, 2955, l.464;
    # % of all jeugdhulp 10.4, 10.1, l.1649. Default period_kinds keeps years only.
    assert _series(rows, "verblijf_aantal", "0-23") == {"2018": 42770, "2019": 42975}
    assert _series(rows, "verblijf_aantal", "18-23") == {"2018": 2185, "2019": 2955}
    assert _series(rows, "verblijf_pct_totale_jeugdhulp", "0-23") == pytest.approx({"2018": 10.4, "2019": 10.1})
    pct = rows[rows["indicator_id"] == "verblijf_pct_totale_jeugdhulp"]
    assert set(pct["unit"]) == {"percent"}
    assert pct.loc[pct["period"] == "2019", "status"].iloc[0] == "nader voorlopig"


def test_breakdown_from_dimension_and_half_years(parsed_99999, fixture_mapping):
    rows = to_published_rows(parsed_99999, fixture_mapping)
    jz = rows[rows["breakdown"] == "JZ13"].set_index("period")
    assert list(jz.index) == ["2018", "2019", "2020-H1"]
    assert jz.loc["2018", "value"] == 140 and jz.loc["2020-H1", "value"] == 155
    assert "NL01" not in set(rows["breakdown"])  # filtered by the pattern JZ*
    # the suppressed cell stays missing (never 0) and says so
    assert math.isnan(jz.loc["2019", "value"])
    assert "SUPPRESSED: geen waarde gepubliceerd door CBS" in jz.loc["2019", "note"]
    assert jz.loc["2020-H1", "status"] == "voorlopig"
    assert jz.loc["2020-H1", "note"] == "jeugdregio"


def test_records_of_other_tables_are_ignored(parsed_84799, fixture_mapping):
    rows = to_published_rows(parsed_84799, fixture_mapping)
    assert rows[["indicator_id", "breakdown", "period", "value"]].values.tolist() == [
        ["jeugdzorg_gebruik_totaal", "totaal", "2020", 19000.0]
    ]


def test_project_mapping_loads_and_maps_gemeenten(parsed_84799):
    mapping = load_statline_mapping(STATLINE_MAPPING)
    rows = to_published_rows(parsed_84799, mapping)
    # gemeenten only: the fixture's GM0363, GM1680, GM0034 (invented values 19000, 1045, 8650)
    assert dict(zip(rows["breakdown"], rows["value"], strict=True)) == {"GM0034": 8650, "GM0363": 19000, "GM1680": 1045}
    assert set(rows["period"]) == {"2020"} and set(rows["unit"]) == {"count"}


def test_published_rows_for_named_snapshots(tmp_path, feed, fixture_mapping):
    fetch("99999NED", out_dir=tmp_path, date="2020-05-01", opener=feed())
    fetch("99999NED", out_dir=tmp_path, date="2020-11-02", opener=feed())
    rows, sources = published_rows_for({"99999NED": "2020-05-01"}, fixture_mapping, root=tmp_path)
    assert set(rows["source"]) == set(sources) == {"statline-99999ned-2020-05-01"}
    assert len(rows) == 2 + 2 + 2 + 3


def _write(tmp_path, record: dict, **top):
    base = {
        "id": "r1", "table": "99999NED", "topic": "JongerenMetJeugdhulpMetVerblijf_1",
        "indicator_id": "verblijf_aantal", "unit": "count", "breakdown": "0-23",
        "filters": {"RegioS": "NL01", "Leeftijd": "10000"},
    }
    base.update(record)
    base = {k: v for k, v in base.items() if v is not None}
    doc = {"cbs_units": {"aantal": "count", "%": "percent"}, "mappings": [base], **top}
    path = tmp_path / "statline.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"colour": "rood"}, r"mapping 'r1' \(#1\), field colour: Extra inputs are not permitted"),
        ({"table": "jeugd"}, r"mapping 'r1' \(#1\), field table: .*'jeugd' is not a StatLine table id"),
        ({"breakdown_from": "RegioS"}, r"mapping 'r1' \(#1\), field \(record\): .*exactly one of 'breakdown' and 'breakdown_from'"),
        ({"breakdown": None}, r"exactly one of 'breakdown' and 'breakdown_from'"),
        ({"indicator_id": "Verblijf Aantal"}, r"mapping 'r1' \(#1\), field indicator_id"),
        ({"period_kinds": ["YY"]}, r"mapping 'r1' \(#1\), field period_kinds.0"),
        ({"unit": "eur"}, r"mapping 'r1', field unit: 'eur' is none of the units in cbs_units"),
    ],
)
def test_bad_records_name_file_record_and_field(tmp_path, record, message):
    path = _write(tmp_path, record)
    with pytest.raises(VoortgangError, match=message) as err:
        load_statline_mapping(path)
    assert str(err.value).startswith(f"{path}: ")


def test_duplicate_ids(tmp_path):
    path = tmp_path / "statline.yaml"
    rec = {"id": "r1", "table": "99999NED", "topic": "T", "indicator_id": "x", "unit": "count", "breakdown": "b"}
    path.write_text(yaml.safe_dump({"cbs_units": {"aantal": "count"}, "mappings": [rec, rec]}))
    with pytest.raises(VoortgangError, match=r"statline.yaml: mapping 'r1': duplicate id"):
        load_statline_mapping(path)


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"topic": "Onbekend_9"}, r"mapping 'r1' \(table 99999NED\), field topic: 'Onbekend_9' is not a topic"),
        ({"unit": "percent"}, r"field unit: 'percent' but CBS gives JongerenMetJeugdhulpMetVerblijf_1 in 'aantal' \(= 'count'\)"),
        ({"filters": {"Regio": "NL01"}}, r"field filters.Regio: 'Regio' is not a dimension \(has Leeftijd, RegioS, Perioden\)"),
        ({"breakdown": None, "breakdown_from": "Geslacht"}, r"field breakdown_from: 'Geslacht' is not a dimension"),
        ({"period": "2019"}, r"field period: the table has time dimension Perioden"),
        ({"filters": {"RegioS": "NL01"}}, r"4 cells share indicator/breakdown/period, e.g. \(0-23, 2018\)"),
    ],
)
def test_records_that_do_not_fit_the_table(tmp_path, parsed_99999, record, message):
    mapping = load_statline_mapping(_write(tmp_path, record))
    with pytest.raises(VoortgangError, match=message):
        to_published_rows(parsed_99999, mapping)


def test_table_without_time_dimension_needs_a_period(tmp_path, parsed_84799):
    path = _write(tmp_path, {"table": "84799NED", "topic": "JongerenMetJeugdzorgInNatura_87",
                             "filters": {"WijkenEnBuurten": "GM0363"}})
    with pytest.raises(VoortgangError, match=r"mapping 'r1' \(table 84799NED\), field period: the table has no time dimension"):
        to_published_rows(parsed_84799, load_statline_mapping(path))


def test_unknown_cbs_unit(tmp_path, parsed_84799):
    path = _write(tmp_path, {"table": "84799NED", "topic": "JongerenMetJeugdzorgInNatura_87",
                             "filters": {"WijkenEnBuurten": "GM0363"}, "period": "2020"})
    doc = yaml.safe_load(path.read_text())
    doc["cbs_units"] = {"%": "percent", "stuks": "count"}
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(VoortgangError, match=r"field unit: CBS unit 'aantal' of JongerenMetJeugdzorgInNatura_87 is not in cbs_units"):
        to_published_rows(parsed_84799, load_statline_mapping(path))


def test_mappings_agree_with_the_indicator_registry(fixture_mapping):
    registry = load_registry()
    check_against_registry(load_statline_mapping(STATLINE_MAPPING), registry)
    check_against_registry(fixture_mapping, registry)


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"indicator_id": "verblijf_aantallen"}, r"here: mapping 'r1', field indicator_id: indicator_id 'verblijf_aantallen' is not in the indicator registry; nearest: verblijf_aantal"),
        ({"indicator_id": "verblijf_pct_totale_jeugdhulp"}, r"here: mapping 'r1', field unit: 'count' but the registry gives verblijf_pct_totale_jeugdhulp in 'percent'"),
    ],
)
def test_mapping_against_registry_errors(tmp_path, record, message):
    mapping = load_statline_mapping(_write(tmp_path, record))
    with pytest.raises(VoortgangError, match=message):
        check_against_registry(mapping, load_registry(), where="here")
