"""Validate everything first (issue 16): malformed inputs made from the valid files, all refused before anything runs.

At least 100 cases (:mod:`validation_cases`): every YAML registry and the edition
file broken in nine ways (duplicate keys, not UTF-8, a list, empty, an alias
bomb, a recursive alias, too large, invalid, tabs), the reference CSVs, the
published figures, a notebook, a researcher's text, semantic errors (no years,
person-level data outside data/, a notebook path, markup in the subtitle, a
missing source, the disclosure floor) and command-line arguments. Every case:
exit code 2, one line on stderr that names the file or argument, nothing
written, the previous report byte for byte intact.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import copy_project
from validation_cases import write_cases

#: ~25 s (124 malformed inputs, each validated): in the whole suite, not in `make test-fast`.
pytestmark = pytest.mark.slow

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    root = copy_project(tmp_path_factory.mktemp("fuzz") / "project")
    # a previous report that every refused build must leave as it is
    version = root / "releases" / "2020-H1" / "v1"
    version.mkdir(parents=True)
    (version / "index.html").write_text("<p>vorig rapport</p>\n", encoding="utf-8")
    (root / "releases" / "2020-H1" / "latest").symlink_to("v1")
    (root / "reports" / "2020-H1").mkdir(parents=True)
    (root / "reports" / "2020-H1" / "index.html").symlink_to("../../releases/2020-H1/latest/index.html")
    case_file, result_file = root.parent / "cases.json", root.parent / "results.json"
    count = write_cases(root, case_file)
    assert count >= 100
    env = {**os.environ, "VOORTGANG_ROOT": str(root), "COLUMNS": "200"}
    proc = subprocess.run([sys.executable, str(HERE / "validation_cases.py"), str(case_file), str(result_file)],
                          env=env, capture_output=True, text=True, timeout=1800, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert (root / "releases" / "2020-H1" / "v1" / "index.html").read_text() == "<p>vorig rapport</p>\n"
    assert os.readlink(root / "releases" / "2020-H1" / "latest") == "v1"
    assert not (root / ".cache").exists() and not (root / "reports" / ".executed").exists()
    return json.loads(result_file.read_text())


def test_at_least_100_malformed_inputs(results):
    assert len(results) >= 100


def test_every_case_exits_2(results):
    wrong = [(r["id"], r["code"], r["stderr"][:200]) for r in results if r["code"] != 2]
    assert wrong == []


def test_every_case_is_one_line_naming_file_or_argument(results):
    wrong = []
    for r in results:
        lines = r["stderr"].strip().splitlines()
        names = ("argument '--", ".yaml", ".csv", ".ipynb", ".md", "unknown edition")
        if len(lines) != 1 or not lines[0].startswith("fout: ") or not any(n in lines[0] for n in names):
            wrong.append((r["id"], r["stderr"][:300]))
    assert wrong == []


def test_no_message_holds_a_whole_large_value(results):
    assert max(len(r["stderr"]) for r in results) < 600
    assert not any("x" * 100 in r["stderr"] or "JZ01,JZ01,JZ01" in r["stderr"] for r in results)


def test_nothing_is_written(results):
    assert [(r["id"], r["changed"]) for r in results if r["changed"]] == []
    assert all(r["stdout"] == "" for r in results)
