"""Region reference data and the user-supplied gemeente -> jeugdregio mapping."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.errors import VoortgangError
from analysis.inputs.regions import (
    add_landsdeel,
    attach_jeugdregio,
    gemeenten,
    jeugdregio_codes,
    jeugdregios,
    landsdeel_grouping,
    load_gemeente_mapping,
)

GEBIEDEN = Path(__file__).parent / "fixtures" / "microdata" / "cbs" / "gebieden.csv"


def test_42_jeugdregios_without_jz40():
    # facts from data/reference/README.md (CBS/PDOK region sets)
    df = jeugdregios()
    assert len(df) == 42 and df["code"].is_unique
    assert "JZ40" not in set(df["code"]) and {"JZ39", "JZ41", "JZ43"} <= set(df["code"])
    assert df.set_index("code").loc["JZ28", "naam"] == "Centraal Gelderland"
    assert df.set_index("code").loc["JZ32", "naam"] == "Rijk van Nijmegen"
    assert jeugdregio_codes() == tuple(df["code"])


def test_355_gemeenten_in_2020():
    df = gemeenten()
    assert len(df) == 355 and df["code"].is_unique
    assert df["code"].str.fullmatch(r"GM\d{4}").all()


def test_landsdeel_grouping_covers_every_region_once():
    g = landsdeel_grouping()
    assert sorted(g["jeugdregio"]) == sorted(jeugdregio_codes())
    assert set(g["landsdeel"]) == {"LD01", "LD02", "LD03", "LD04"}
    # CBS landsdelen by province (README): Zeeland is West, Flevoland Oost, Limburg Zuid
    by_prov = g.groupby("provincie")["landsdeel"].unique()
    assert list(by_prov["Zeeland"]) == ["LD03"]
    assert list(by_prov["Flevoland"]) == ["LD02"]
    assert list(by_prov["Limburg"]) == ["LD04"]
    assert list(by_prov["Groningen"]) == ["LD01"]


def test_add_landsdeel():
    out = add_landsdeel(pd.DataFrame({"jeugdregio": ["JZ38", "JZ01", None]}))
    assert out["landsdeel"].tolist()[:2] == ["LD03", "LD01"]
    assert pd.isna(out["landsdeel"].iloc[2])


def test_gebieden_in_nederland_columns_found_by_their_codes():
    # semicolon-separated, StatLine-style padded codes, extra columns, a landsdeel column
    m = load_gemeente_mapping(GEBIEDEN)
    assert list(m.columns) == ["gemeente", "jeugdregio"]
    assert m.to_dict("records") == [
        {"gemeente": "GM9001", "jeugdregio": "JZ13"},
        {"gemeente": "GM9002", "jeugdregio": "JZ29"},
        {"gemeente": "GM9003", "jeugdregio": "JZ01"},
    ]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "gebieden.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_jeugdregio_code_names_file_column_and_row(tmp_path):
    path = _write(tmp_path, "gem;regio\nGM9001;JZ13\nGM9002;JZ40\n")
    with pytest.raises(VoortgangError, match=r"gebieden.csv: column 'regio': 1 rows with a code that is not one of "
                                             r"the 42 jeugdregio's \(data rows 2\)"):
        load_gemeente_mapping(path)


def test_gemeente_in_two_regions_is_refused(tmp_path):
    path = _write(tmp_path, "gem,regio\nGM9001,JZ13\nGM9001,JZ29\nGM9002,JZ29\n")
    with pytest.raises(VoortgangError, match=r"column 'gem': 1 gemeenten mapped to more than one jeugdregio"):
        load_gemeente_mapping(path)


def test_missing_jeugdregio_column_names_the_argument(tmp_path):
    path = _write(tmp_path, "gem,naam\nGM9001,Fictiefdorp\n")
    with pytest.raises(VoortgangError, match=r"found none; name it with the argument jeugdregio_column="):
        load_gemeente_mapping(path)


def test_explicit_column_names_and_a_wrong_one(tmp_path):
    path = _write(tmp_path, "a,b,c\nGM9001,JZ13,JZ01\n")
    with pytest.raises(VoortgangError, match=r"found 'b', 'c'"):
        load_gemeente_mapping(path)
    assert load_gemeente_mapping(path, jeugdregio_column="c")["jeugdregio"].tolist() == ["JZ01"]
    with pytest.raises(VoortgangError, match=r"jeugdregio_column='x' is not a column"):
        load_gemeente_mapping(path, jeugdregio_column="x")


def test_missing_mapping_file(tmp_path):
    with pytest.raises(VoortgangError, match=r"nope.csv: gemeente mapping file not found"):
        load_gemeente_mapping(tmp_path / "nope.csv")


def test_attach_jeugdregio_and_unknown_gemeenten_as_counts():
    mapping = load_gemeente_mapping(GEBIEDEN)
    records = pd.DataFrame({"person_id": [1, 2, 3], "gemeente": ["GM9002", "GM9001", None]})
    out = attach_jeugdregio(records, mapping)
    assert out["jeugdregio"].tolist()[:2] == ["JZ29", "JZ13"] and pd.isna(out["jeugdregio"].iloc[2])
    bad = pd.DataFrame({"person_id": [1, 2, 3], "gemeente": ["GM9999", "GM9999", "GM9001"]})
    with pytest.raises(VoortgangError, match=r"residence: column 'gemeente': 2 records with 1 gemeente codes") as exc:
        attach_jeugdregio(bad, mapping, source="residence")
    assert "GM9999" not in str(exc.value)
