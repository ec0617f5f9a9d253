"""The CBS Remote Access column mapping: default file, and loading CBS-style files with it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from analysis.config import MICRODATA_MAPPING
from analysis.errors import VoortgangError
from analysis.inputs.microdata.load import load_microdata
from analysis.inputs.microdata.mapping import load_mapping
from analysis.inputs.regions import load_gemeente_mapping

CBS = Path(__file__).parents[1] / "fixtures" / "microdata" / "cbs"


def test_default_mapping_uses_the_cbs_names_seen_in_public_code():
    # names from /work/shared/reference/microdata.md
    m = load_mapping(MICRODATA_MAPPING)
    jh = m.tables["jeugdhulp"].sources[0]
    assert jh.columns["start_date"].source == "JGDHGELDIGHEIDBEGINDATUM"
    assert jh.columns["end_date"].source == "JGDHGELDIGHEIDEINDDATUM"
    assert jh.columns["start_date"].format == "yyyymmdd"
    # KS-RIVM: JGDHHULPVORM 11-14 = met verblijf; the split over the four forms is inferred
    vorm = jh.columns["vorm"]
    assert vorm.source == "JGDHHULPVORM" and vorm.inferred
    assert set(vorm.codes) == {"11", "12", "13", "14"} and vorm.other == "zonder_verblijf"
    jb = m.tables["jeugdbescherming"].sources[0].columns["maatregel"]
    assert jb.source == "JGDBMAATREGEL" and jb.inferred
    assert set(jb.codes) == {"11", "12", "21", "22", "23"}
    persons = m.tables["persons"].sources[0]
    assert persons.columns["birth_month"].source == ["GBAGEBOORTEJAAR", "GBAGEBOORTEMAAND"]
    assert persons.columns["sex"].inferred
    assert persons.keep == {"RINPERSOONS": ["R"]}


def test_default_mapping_lists_what_a_researcher_must_fill_in():
    with pytest.raises(VoortgangError) as exc:
        load_microdata(CBS, fmt="csv", mapping=MICRODATA_MAPPING)
    msg = str(exc.value)
    assert msg.startswith("params/microdata_mapping.yaml: ")
    assert "tables.outcomes.sources[0].columns.woonsituatie (GBAHUISHOUDENSBUS PLHH" in msg
    assert "tables.vervolgzorg.sources[1].columns.start_date (start-date variable of WMOBUS" in msg
    assert "tables.persons.sources[0].columns.emigration_date" in msg


@pytest.fixture(scope="module")
def loaded():
    return load_microdata(
        CBS, fmt="csv", mapping=CBS / "mapping.yaml", gemeente_mapping=load_gemeente_mapping(CBS / "gebieden.csv")
    )


def test_cbs_style_files_are_renamed_and_recoded(loaded):
    p = loaded.persons.set_index("person_id")
    # 103 has RINPERSOONS 'F' (not linkable) and is dropped; RINPERSOON '000000101' -> 101
    assert list(p.index) == [101, 102, 104]
    assert p.loc[101, "birth_month"] == pd.Timestamp("1999-04-01")
    assert list(p["sex"]) == ["M", "V", "V"]
    # joined files: death (year, month, day parts) and emigration (yyyymmdd)
    assert p.loc[102, "death_date"] == pd.Timestamp("2019-02-14")
    assert p.loc[101, "emigration_date"] == pd.Timestamp("2018-03-05")
    assert pd.isna(p.loc[104, "death_date"]) and pd.isna(p.loc[104, "emigration_date"])


def test_yearly_files_are_stacked_and_codes_mapped(loaded):
    jh = loaded.jeugdhulp.sort_values(["person_id", "start_date"]).reset_index(drop=True)
    assert jh["person_id"].tolist() == [101, 101, 102]
    # 11 -> pleegzorg, 14 -> overig_verblijf, 3 (not listed) -> other: zonder_verblijf
    assert jh["vorm"].astype(str).tolist() == ["pleegzorg", "overig_verblijf", "zonder_verblijf"]
    assert jh["start_date"].iloc[0] == pd.Timestamp("2016-03-01")
    assert pd.isna(jh["end_date"].iloc[1])  # 88888888 listed as missing: open end
    assert loaded.jeugdbescherming["maatregel"].astype(str).tolist() == ["vots", "ots"]


def test_region_from_gemeente_year_from_file_name_and_constants(loaded):
    res = loaded.residence.set_index(["person_id", "year"])
    # GM9001 -> JZ13 and GM9002 -> JZ29 in the (fictitious) gebieden fixture
    assert res.loc[(101, 2017), "jeugdregio"] == "JZ13"
    assert res.loc[(101, 2018), "jeugdregio"] == "JZ29"
    out = loaded.outcomes.set_index("person_id")
    assert set(out["year"]) == {2018}  # from VOORTGANG_UITKOMSTEN2018
    assert out.loc[101, "woonsituatie"] == "zelfstandig" and out.loc[102, "woonsituatie"] == "thuiswonend"
    assert bool(out.loc[101, "economisch_zelfstandig"]) and pd.isna(out.loc[102, "economisch_zelfstandig"])
    vz = loaded.vervolgzorg.set_index("person_id")
    assert vz.loc[101, "regeling"] == "zvw_ggz" and vz.loc[102, "regeling"] == "wmo"
    assert vz.loc[102, "start_date"] == pd.Timestamp("2018-01-02")


@pytest.fixture
def cbs_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "cbs"
    shutil.copytree(CBS, dst)
    return dst


def test_row_numbers_refer_to_the_file_after_a_keep_filter(cbs_copy):
    path = cbs_copy / "GBAPERSOON2023TABV1.csv"
    path.write_text(path.read_text().replace("R,000000104,2001,05,2", "R,000000104,----,----,2"))
    # row 3 (RINPERSOONS F) is filtered out; the empty birth month is data row 4 of the file
    with pytest.raises(VoortgangError, match=r"GBAPERSOON2023TABV1.csv: column 'birth_month': 1 rows \(data rows 4\) "
                                             r"are empty"):
        load_microdata(cbs_copy, fmt="csv", mapping=cbs_copy / "mapping.yaml",
                       gemeente_mapping=load_gemeente_mapping(CBS / "gebieden.csv"))


def test_unlisted_code_without_other_names_the_code(cbs_copy):
    path = cbs_copy / "JGDBESCHERM2017BUSV1.csv"
    path.write_text(path.read_text().replace(",12,2017", ",99,2017"))
    with pytest.raises(VoortgangError, match=r"JGDBESCHERM2017BUSV1.csv: column 'maatregel' \(source JGDBMAATREGEL\): "
                                             r"1 rows \(data rows 1\) with a code .* \(codes '99'\)"):
        load_microdata(cbs_copy, fmt="csv", mapping=cbs_copy / "mapping.yaml",
                       gemeente_mapping=load_gemeente_mapping(CBS / "gebieden.csv"))


def test_region_lookup_needs_the_gemeente_mapping_argument(cbs_copy):
    with pytest.raises(VoortgangError, match=r"pass the argument gemeente_mapping"):
        load_microdata(cbs_copy, fmt="csv", mapping=cbs_copy / "mapping.yaml")


def _mapping_with(tmp_path: Path, change) -> Path:
    raw = yaml.safe_load((CBS / "mapping.yaml").read_text())
    change(raw)
    path = tmp_path / "mapping.yaml"
    path.write_text(yaml.safe_dump(raw))
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m["tables"].pop("outcomes"), r"tables.outcomes: missing"),
        (lambda m: m["tables"]["jeugdhulp"]["sources"][0]["columns"]["vorm"].update(other="dagbehandeling"),
         r"tables.jeugdhulp.sources\[0\].columns.vorm: schema codes \['dagbehandeling'\] are not among"),
        (lambda m: m["tables"]["jeugdhulp"]["sources"][0]["columns"]["start_date"].update(format="yyyymm"),
         r"tables.jeugdhulp.sources\[0\].columns.start_date.format: 'yyyymm' does not apply to a date column"),
        (lambda m: m["tables"]["persons"]["sources"][0]["columns"].pop("sex"),
         r"tables.persons.sources\[0\].columns.sex: missing"),
        (lambda m: m["tables"]["persons"]["sources"][0]["columns"]["sex"].update(sourse="X"),
         r"tables.persons.sources\[0\].columns.sex.sourse: Extra inputs are not permitted"),
    ],
)
def test_bad_mapping_names_file_and_key(tmp_path, change, message):
    path = _mapping_with(tmp_path, change)
    with pytest.raises(VoortgangError, match=r"mapping.yaml: .*" + message):
        load_mapping(path)


def test_mapping_file_not_yaml(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("tables: [unclosed")
    with pytest.raises(VoortgangError, match=r"m.yaml: not valid YAML"):
        load_mapping(path)


def test_key_repeated_across_stacked_files(cbs_copy):
    shutil.copy(cbs_copy / "VOORTGANG_UITKOMSTEN2018.csv", cbs_copy / "VOORTGANG_UITKOMSTEN2018b.csv")
    with pytest.raises(VoortgangError, match=r"table outcomes: 2 rows repeat the key \(person_id, year\) across files"):
        load_microdata(cbs_copy, fmt="csv", mapping=cbs_copy / "mapping.yaml",
                       gemeente_mapping=load_gemeente_mapping(CBS / "gebieden.csv"))
