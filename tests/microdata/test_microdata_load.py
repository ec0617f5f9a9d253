"""Loading person-level files in the schema: types, validation and its messages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analysis.errors import VoortgangError
from analysis.inputs.microdata.load import SYNTHETIC_MANIFEST, load_microdata
from analysis.inputs.microdata.schema import TABLES
from analysis.inputs.synthetic.write import arrow_schema

FIXTURE = Path(__file__).parents[1] / "fixtures" / "microdata" / "cohort"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A writable copy of the hand-built population (CSV)."""
    dst = tmp_path / "pop"
    shutil.copytree(FIXTURE, dst)
    return dst


def edit(folder: Path, table: str, old: str, new: str) -> None:
    path = folder / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_csv_loads_into_the_schema_types():
    t = load_microdata(FIXTURE, fmt="csv")
    assert len(t.persons) == 18 and t.coverage == (2015, 2018)
    assert not t.synthetic
    for name, spec in TABLES.items():
        df = getattr(t, name)
        for col in spec.columns:
            assert str(df[col.name].dtype) == str(col.dtype), (name, col.name)
    p = t.persons.set_index("person_id")
    assert p.loc[1, "birth_month"] == pd.Timestamp("2000-03-01")  # "2000-03" -> day 1
    assert pd.isna(t.jeugdhulp.set_index("person_id").loc[5, "end_date"])  # empty end = still running
    assert pd.isna(t.outcomes.set_index(["person_id", "year"]).loc[(6, 2018), "economisch_zelfstandig"])


def test_derived_jeugdhulp_columns():
    jh = load_microdata(FIXTURE, fmt="csv").jeugdhulp.set_index(["person_id", "start_date"])
    # person 1: pleegzorg -> verblijf; ambulant -> not; person 13 (born 1998-04, B18 2016-04-01):
    # trajectory until 2016-09-30 -> verlengd; person 12 ends 2016-03-31, the day before B18 -> not
    assert bool(jh.loc[(1, pd.Timestamp("2017-01-01")), "verblijf"])
    assert not bool(jh.loc[(1, pd.Timestamp("2016-05-01")), "verblijf"])
    assert bool(jh.loc[(13, pd.Timestamp("2015-01-01")), "verlengd"])
    assert not bool(jh.loc[(12, pd.Timestamp("2016-03-31")), "verlengd"])
    assert bool(jh.loc[(16, pd.Timestamp("2015-11-01")), "verlengd"])  # open end


def test_parquet_gives_the_same_tables_as_csv(tmp_path):
    t = load_microdata(FIXTURE, fmt="csv")
    for name in TABLES:
        df = getattr(t, name)[list(TABLES[name].names)]
        pq.write_table(pa.Table.from_pandas(df, schema=arrow_schema(name), preserve_index=False),
                       tmp_path / f"{name}.parquet")
    p = load_microdata(tmp_path)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(p, name), getattr(t, name), check_categorical=True)
    assert not p.synthetic  # no manifest: not marked synthetic


def test_missing_column_names_file_and_column(copy):
    path = copy / "jeugdhulp.csv"
    df = pd.read_csv(path, dtype=str).drop(columns="vorm")
    df.to_csv(path, index=False)
    with pytest.raises(VoortgangError, match=r"jeugdhulp.csv: missing columns \['vorm'\]"):
        load_microdata(copy, fmt="csv")


def test_end_before_start_names_column_and_row_not_the_record(copy):
    edit(copy, "jeugdhulp", "3,2015-01-01,2015-05-31", "3,2015-01-01,2014-05-31")  # data row 4
    with pytest.raises(VoortgangError) as exc:
        load_microdata(copy, fmt="csv")
    msg = str(exc.value)
    assert "jeugdhulp.csv: column 'end_date': 1 rows (data rows 4) end before start_date" in msg
    assert "2014-05-31" not in msg and "2015-01-01" not in msg  # no person record values


def test_unknown_code_is_listed_with_rows(copy):
    edit(copy, "jeugdhulp", "2015-06-01,zonder_verblijf", "2015-06-01,dagbehandeling")  # data row 3
    with pytest.raises(VoortgangError, match=r"jeugdhulp.csv: column 'vorm' \(source vorm\): 1 rows \(data rows 3\) "
                                             r"with a code that is not in the schema or the mapping "
                                             r"\(codes 'dagbehandeling'\)"):
        load_microdata(copy, fmt="csv")


def test_wrong_types_and_several_problems_at_once(copy):
    edit(copy, "persons", "2,1999-06,M", "two,1999-06,M")  # data row 2
    edit(copy, "persons", "3,1999-06,V", "3,1999-13,V")  # data row 3
    edit(copy, "vervolgzorg", "12,2016-04-01", "12,01-04-2016")  # data row 1
    with pytest.raises(VoortgangError) as exc:
        load_microdata(copy, fmt="csv")
    msg = str(exc.value)
    assert "persons.csv: column 'person_id' (source person_id): 1 rows (data rows 2) not an integer" in msg
    assert "persons.csv: column 'birth_month' (source birth_month): 1 rows (data rows 3) not a year-month" in msg
    assert "vervolgzorg.csv: column 'start_date' (source start_date): 1 rows (data rows 1) not a date" in msg


def test_empty_required_value(copy):
    edit(copy, "residence", "1,2016,JZ13", "1,2016,")
    with pytest.raises(VoortgangError, match=r"residence.csv: column 'jeugdregio': 1 rows \(data rows 2\) are empty"):
        load_microdata(copy, fmt="csv")


def test_repeated_key(copy):
    edit(copy, "outcomes", "2,2018,thuiswonend", "1,2018,thuiswonend")  # repeats (1, 2018) of data row 2
    with pytest.raises(VoortgangError, match=r"outcomes.csv: rows: 2 rows \(data rows 2, 3\) repeat the key "
                                             r"\(person_id, year\)"):
        load_microdata(copy, fmt="csv")


def test_records_of_unknown_persons_are_counted(copy):
    edit(copy, "outcomes", "9,2018,overig", "99,2018,overig")
    with pytest.raises(VoortgangError, match=r"table outcomes: 1 rows of 1 persons that are not in the persons table"):
        load_microdata(copy, fmt="csv")


def test_missing_file(copy):
    (copy / "vervolgzorg.csv").unlink()
    with pytest.raises(VoortgangError, match=r"no csv file for table 'vervolgzorg' matching 'vervolgzorg.csv'"):
        load_microdata(copy, fmt="csv")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"fmt": "sav"}, r"fmt = 'sav': expected 'parquet' or 'csv'"),
        ({"path": "does/not/exist"}, r"does/not/exist: does not exist \(argument path\)\. Synthetische data maak je "
                                     r"met `make data` \(of `voortgang data prepare --edition <editie>`\)"),
        ({"path": FIXTURE / "persons.csv"}, r"persons.csv: not a directory \(argument path\)"),
    ],
)
def test_bad_arguments(kwargs, message):
    args = {"path": FIXTURE, "fmt": "csv", **kwargs}
    with pytest.raises(VoortgangError, match=message):
        load_microdata(**args)


def test_synthetic_manifest_marks_the_data_and_guards_completeness(tmp_path):
    t = load_microdata(FIXTURE, fmt="csv")
    files = {}
    for name in TABLES:
        df = getattr(t, name)[list(TABLES[name].names)]
        pq.write_table(pa.Table.from_pandas(df, schema=arrow_schema(name), preserve_index=False),
                       tmp_path / f"{name}.parquet")
        files[f"{name}.parquet"] = {"rows": len(df), "bytes": (tmp_path / f"{name}.parquet").stat().st_size}
    (tmp_path / SYNTHETIC_MANIFEST).write_text(json.dumps({"synthetic": True, "files": files}))
    assert load_microdata(tmp_path).synthetic
    files["outcomes.parquet"]["bytes"] += 1  # e.g. a run that stopped between two renames
    (tmp_path / SYNTHETIC_MANIFEST).write_text(json.dumps({"synthetic": True, "files": files}))
    with pytest.raises(VoortgangError, match=r"outcomes.parquet: does not match synthetic.json"):
        load_microdata(tmp_path)
