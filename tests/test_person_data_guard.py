"""Person-level data never enters git: the guard over tracked files and the pre-commit hook (issue 16).

Expected verdicts are by construction of each file (its bytes are written here),
never by running the guard first.
"""

from __future__ import annotations

import io
import pickle
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from analysis.config import PROJECT_ROOT
from analysis.inputs.microdata.guard import person_level_reason

SCRIPT = PROJECT_ROOT / "scripts" / "check_person_data.py"
PERSONS = pd.DataFrame({"person_id": [1, 2, 3], "birth_month": ["2000-01", "2001-02", "1999-12"],
                        "sex": ["V", "M", "V"]})


def _bytes(kind: str) -> bytes:
    buf = io.BytesIO()
    if kind == "parquet":
        PERSONS.to_parquet(buf)
    elif kind == "feather":
        PERSONS.to_feather(buf)
    elif kind == "pickle":
        pickle.dump(PERSONS, buf)
    elif kind == "csv":
        buf.write(PERSONS.to_csv(index=False).encode())
    elif kind == "json":
        buf.write(PERSONS.to_json(orient="records").encode())
    return buf.getvalue()


def test_every_tracked_file_is_free_of_person_level_records():
    proc = subprocess.run([sys.executable, str(SCRIPT), "--tracked"], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize(
    ("path", "kind", "reason"),
    [
        # by format, whatever the extension says
        ("data/published/export.parquet", "parquet", "format"),
        ("notebooks/scratch/tabel.txt", "parquet", "format: parquet"),
        ("data/published/frame.dat", "feather", "format: Arrow/feather"),
        ("notebooks/scratch/x.bin", "pickle", "format: Python pickle"),
        # by content: the schema's person columns, under an innocent name
        ("data/published/cijfers_2020.csv", "csv", "content: a header with person-level columns"),
        ("notebooks/scratch/resultaat.json", "json", "content: records keyed by a person id"),
        # by name and place
        ("data/synthetic/2020-H1/anything.csv", "csv", "name: inside data/synthetic/"),
        ("data/raw/statline/x/tabel.json", "json", "name"),
        # the unprotected counts of the national pass (a build's data/afgeleid/)
        ("data/afgeleid/2020-H1/synthetic__2020-H1/tellingen.json", "json", "name: inside data/afgeleid/"),
    ],
)
def test_person_level_files_are_recognised(path, kind, reason):
    found = person_level_reason(path, _bytes(kind))
    assert found is not None and found.startswith(reason), found


def test_name_alone_is_enough_for_a_data_file():
    assert person_level_reason("notebooks/scratch/personen_2019.csv", b"a,b\n1,2\n").startswith("name")


@pytest.mark.parametrize(
    ("path", "content"),
    [
        ("data/published/vgr4_2020-05.csv", (PROJECT_ROOT / "data/published/vgr4_2020-05.csv").read_bytes()),
        ("src/analysis/inputs/microdata/schema.py", (PROJECT_ROOT / "src/analysis/inputs/microdata/schema.py").read_bytes()),
        ("data/synthetic/README.md", b"# Synthetic data\n"),
        ("tests/fixtures/microdata/cohort/persons.csv", _bytes("csv")),  # fictitious, three records
    ],
)
def test_aggregates_code_and_small_fixtures_pass(path, content):
    assert person_level_reason(path, content) is None


def test_a_large_fixture_is_refused():
    rows = "\n".join(f"{i},2000-01,V" for i in range(200))
    reason = person_level_reason("tests/fixtures/microdata/x.csv", f"person_id,birth_month,sex\n{rows}\n".encode())
    assert reason is not None and "200 records" in reason


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)


def test_pre_commit_hook_refuses_a_forced_parquet_and_a_csv_export(tmp_path):
    config = yaml.safe_load((PROJECT_ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert hooks["person-level-data"]["entry"].endswith("scripts/check_person_data.py")
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "data" / "published").mkdir(parents=True)
    (repo / "notebooks" / "scratch").mkdir(parents=True)
    (repo / "data" / "published" / "export.parquet").write_bytes(_bytes("parquet"))
    (repo / "notebooks" / "scratch" / "uitvoer.csv").write_bytes(_bytes("csv"))
    (repo / "ok.csv").write_text("jaar,aantal\n2019,4194\n")
    _git(repo, "add", "-f", ".")
    staged = _git(repo, "diff", "--cached", "--name-only").stdout.split()
    proc = subprocess.run([sys.executable, str(SCRIPT), *staged], cwd=repo, capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert lines[-1].startswith("2 file(s) refused")
    assert any("data/published/export.parquet: format" in line for line in lines)
    assert any("notebooks/scratch/uitvoer.csv: content" in line for line in lines)
    assert not any("ok.csv" in line for line in lines)
    assert "2000-01" not in proc.stderr  # never a value of the file
