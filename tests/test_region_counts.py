"""The national pass (issue 15): person-level data loaded once per build, counted for every region.

Expected values: hand-made populations of a few persons (counts written out below),
the edition file (which chapters name which data), and what the pass must not do
(reload unchanged data, leave half a folder, print records).
"""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
import yaml

from analysis.errors import VoortgangError
from analysis.inputs.editions import load_edition
from analysis.inputs.region_counts import (
    META_FILE,
    TABLES,
    RegionCounts,
    counts_dir,
    read_region_counts,
    stored_key,
    write_region_counts,
)
from analysis.measures.region_counts import cohort_rows, region_prevalence
from analysis.pipeline.region_counts import counts_key, sources_to_count
from helpers import run_cli


def test_the_chapters_that_count_from_the_synthetic_population_share_one_pass():
    # 2020-H1 names data/synthetic/2020-H1 in patronen, uitkomsten and the regional chapters; the
    # monitor chapter reads case records of its own (data/synthetic/monitor/2020-H1), and the
    # cohort chapter computes its own breakdowns: neither reads the count tables.
    assert sources_to_count(load_edition("2020-H1")) == ["data/synthetic/2020-H1"]


def test_a_source_inside_data_gets_a_folder_under_data_afgeleid(tmp_path):
    folder = counts_dir("2020-H1", "data/synthetic/2020-H1")
    assert folder.parts[-4:] == ("data", "afgeleid", "2020-H1", "synthetic__2020-H1")
    # a population in a temporary folder (a chapter called from Python) keeps its counts beside it
    assert counts_dir("2020-H1", str(tmp_path / "pop")) == tmp_path / "pop.afgeleid" / "2020-H1"


def _tiny_counts(value: int) -> RegionCounts:
    """Two jeugdregio's, one year, one stratum: counts written out by hand."""
    prevalence = pd.DataFrame({"year": [2019, 2019], "age_group": ["0-3", "0-3"], "sex": ["M", "M"],
                               "jeugdregio": ["JZ01", "JZ02"], "inwoners": [value, 30],
                               "jeugdhulp": [4, 3], "verblijf": [1, 0]})
    cohort = {"year": [2019], "jeugdregio": ["JZ01"], "numerator": [2], "denominator": [5]}
    cohort_a = pd.DataFrame({**cohort, "group": ["verblijf"], "outcome": ["werk"], "category": ["ja"]})
    cohort_b = pd.DataFrame({**cohort, "outcome": ["vervolgzorg"], "scheme": ["wmo"], "window_months": [6]})
    outcomes = pd.DataFrame({"jeugdregio": ["JZ01"], "period": ["2019-H1"], "age_group": ["4-11"], "sex": ["M"],
                             "vorm": ["met_verblijf"], "outcome": ["volgens_plan"], "numerator": [3],
                             "denominator": [4]})
    return RegionCounts(prevalence, cohort_a, cohort_b, outcomes, synthetic=True, source="x", incomplete_a=(2016,))


def test_the_tables_are_read_back_and_summed_per_year_and_jeugdregio(tmp_path):
    folder = counts_dir("2020-H1", str(tmp_path / "pop"))
    write_region_counts(folder, _tiny_counts(20), key="k1")
    back = read_region_counts("2020-H1", str(tmp_path / "pop"))
    assert back.synthetic and back.incomplete_a == (2016,) and stored_key(folder) == "k1"
    summed = region_prevalence(back)
    assert summed[["jeugdregio", "inwoners", "jeugdhulp"]].values.tolist() == [["JZ01", 20, 4], ["JZ02", 30, 3]]
    with pytest.raises(VoortgangError, match=r"cohort years \[2018\] are not in the regional count tables"):
        cohort_rows(back.cohort_a, [2018, 2019])


def test_a_new_folder_replaces_the_old_one_whole(tmp_path, monkeypatch):
    folder = counts_dir("2020-H1", str(tmp_path / "pop"))
    write_region_counts(folder, _tiny_counts(20), key="k1")

    def broken(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", broken)
    with pytest.raises(OSError):
        write_region_counts(folder, _tiny_counts(99), key="k2")
    monkeypatch.undo()
    # the previous tables are untouched, and no staging folder is left
    assert stored_key(folder) == "k1"
    assert read_region_counts("2020-H1", str(tmp_path / "pop")).prevalence["inwoners"].tolist() == [20, 30]
    assert sorted(p.name for p in folder.parent.iterdir()) == [folder.name]


def test_missing_tables_or_columns_are_named(tmp_path):
    with pytest.raises(VoortgangError, match=r"no regional count tables .*voortgang data prepare --edition 2020-H1"):
        read_region_counts("2020-H1", str(tmp_path / "nothing"))
    folder = counts_dir("2020-H1", str(tmp_path / "pop"))
    write_region_counts(folder, _tiny_counts(20), key="k1")
    pd.DataFrame({"year": [2019]}).to_parquet(folder / TABLES["prevalence"][0])
    with pytest.raises(VoortgangError, match=r"prevalentie\.parquet: column\(s\) 'age_group', .* missing"):
        read_region_counts("2020-H1", str(tmp_path / "pop"))


def test_a_folder_of_another_format_counts_as_absent(tmp_path):
    folder = counts_dir("2020-H1", str(tmp_path / "pop"))
    write_region_counts(folder, _tiny_counts(20), key="k1")
    meta = json.loads((folder / META_FILE).read_text())
    (folder / META_FILE).write_text(json.dumps({**meta, "format": 0}))
    assert stored_key(folder) is None


def test_the_key_follows_the_data_bytes_and_years_not_the_place(tmp_path):
    data = tmp_path / "a" / "pop"
    data.mkdir(parents=True)
    (data / "persons.parquet").write_bytes(b"one")
    key = counts_key(data, [2019])
    moved = tmp_path / "b" / "pop"
    shutil.copytree(data, moved)
    assert counts_key(moved, [2019]) == key  # a moved checkout counts nothing again
    assert counts_key(moved, [2018, 2019]) != key
    (moved / "persons.parquet").write_bytes(b"two")
    assert counts_key(moved, [2019]) != key


@pytest.mark.slow
def test_data_prepare_counts_once_and_again_only_after_the_data_change(project_copy):
    edition_file = project_copy / "params" / "editions" / "2020-H1.yaml"
    spec = yaml.safe_load(edition_file.read_text(encoding="utf-8"))
    spec["synthetic"]["persons"] = 20_000  # small: this test is about when the pass runs
    edition_file.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    first = run_cli(project_copy, "data", "prepare")
    assert first.returncode == 0, first.stderr
    assert "tellingen per regio gemaakt uit data/synthetic/2020-H1 (20.000 personen)" in first.stdout + first.stderr
    folder = project_copy / "data" / "afgeleid" / "2020-H1" / "synthetic__2020-H1"
    made = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    assert set(made) == {META_FILE, *(name for name, _ in TABLES.values())}
    second = run_cli(project_copy, "data", "prepare")
    assert "tellingen per regio actueel" in second.stdout + second.stderr
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == made  # nothing loaded or written
    # person-level data that fail validation: one line naming the file, exit 2, the old tables kept
    persons = project_copy / "data" / "synthetic" / "2020-H1" / "persons.parquet"
    persons.write_bytes(b"not parquet")
    bad = run_cli(project_copy, "data", "prepare")
    assert bad.returncode == 2
    assert "persons.parquet" in bad.stderr and "Traceback" not in bad.stderr
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == made
