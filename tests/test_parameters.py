"""Parameters are validated before any notebook runs (foundation issue, point 6).

Each bad case: one clear message naming file, chapter and key, exit code 2, and
nothing written under reports/.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
import yaml

from analysis.errors import VoortgangError
from analysis.inputs.notebooks import check_parameters, declared_parameters
from helpers import files_under, run_cli

EDITION = "params/editions/2020-H1.yaml"


def _edit_edition(root: Path, change) -> None:
    path = root / EDITION
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _assert_refused(proc, *fragments: str, root: Path) -> None:
    assert proc.returncode == 2, proc.stderr
    message = " ".join(proc.stderr.split())
    for fragment in fragments:
        assert fragment in message, message
    assert files_under(root / "reports") == []


def test_unknown_parameter_is_an_error(project_copy):
    _edit_edition(project_copy, lambda d: d["chapters"][0].update({"parameters": {"jaren": [2019]}}))
    proc = run_cli(project_copy, "build", "--edition", "2020-H1")
    _assert_refused(
        proc,
        "params/editions/2020-H1.yaml: chapter '01-kernindicatoren'",
        "parameter 'jaren' is not declared",
        "notebooks/01-kernindicatoren.ipynb",
        "declared: edition)",
        root=project_copy,
    )


def test_wrong_type_is_an_error(project_copy):
    _edit_edition(project_copy, lambda d: d["chapters"][1].update({"parameters": {"factsheet": 1}}))
    proc = run_cli(project_copy, "build", "--edition", "2020-H1")
    _assert_refused(
        proc,
        "chapter 'factsheet-al1'",
        "parameter 'factsheet' has type int",
        "declares it as str",
        root=project_copy,
    )


def test_wrong_element_type_is_an_error(project_copy):
    def edit(d):
        next(c for c in d["chapters"] if c.get("id") == "cohort-18plus")["parameters"]["cohort_a_years"] = ["2016", "2017"]
    _edit_edition(project_copy, edit)
    proc = run_cli(project_copy, "build", "--edition", "2020-H1")
    _assert_refused(proc, "chapter 'cohort-18plus'", "parameter 'cohort_a_years' has type list", root=project_copy)


def test_edition_level_parameter_that_no_chapter_declares_is_an_error(project_copy):
    _edit_edition(project_copy, lambda d: d.update({"parameters": {"jaren": [2019]}}))
    proc = run_cli(project_copy, "build", "--edition", "2020-H1")
    _assert_refused(
        proc, "params/editions/2020-H1.yaml: key 'parameters.jaren': no chapter declares this parameter",
        root=project_copy,
    )


def test_edition_level_parameters_reach_only_the_chapters_that_declare_them(project_copy, monkeypatch):
    """`microdata` set once for the edition goes to the person-level chapters, not to the others."""
    def edit(d):
        d["parameters"] = {"microdata": "data/synthetic/2020-H1"}
        for chapter in d["chapters"]:
            chapter.get("parameters", {}).pop("microdata", None)
    _edit_edition(project_copy, edit)
    proc = run_cli(project_copy, "validate", "--edition", "2020-H1")
    assert proc.returncode == 0, proc.stderr
    from analysis.inputs.editions import load_edition, plan_chapters

    editions = project_copy / "params" / "editions"
    runs = {r.output_id: r.parameters for r in plan_chapters(load_edition("2020-H1", editions), editions_dir=editions)}
    assert runs["cohort-18plus"]["microdata"] == "data/synthetic/2020-H1"
    assert runs["patronen"]["microdata"] == "data/synthetic/2020-H1"
    assert runs["01-kernindicatoren"] == {"edition": "2020-H1"}


def test_unknown_edition_lists_available(project_copy):
    proc = run_cli(project_copy, "build", "--edition", "2021-H3")
    _assert_refused(proc, "unknown edition '2021-H3'", "available editions: 2020-H1", root=project_copy)


def test_unknown_key_in_edition_file(project_copy):
    _edit_edition(project_copy, lambda d: d.update({"titel": "x"}))
    proc = run_cli(project_copy, "build", "--edition", "2020-H1")
    _assert_refused(proc, "params/editions/2020-H1.yaml", "key 'titel'", "Extra inputs are not permitted", root=project_copy)


def test_missing_notebook(project_copy):
    _edit_edition(project_copy, lambda d: d["chapters"].append({"notebook": "99-bestaat-niet"}))
    proc = run_cli(project_copy, "build", "--edition", "2020-H1")
    _assert_refused(proc, "chapter '99-bestaat-niet'", "notebooks/99-bestaat-niet.ipynb does not exist", root=project_copy)


def test_bad_format_argument(project_copy):
    proc = run_cli(project_copy, "build", "--formats", "html,epub")
    _assert_refused(proc, "argument '--formats'", "'epub'", root=project_copy)


def test_validate_command_accepts_the_real_edition(project_copy):
    proc = run_cli(project_copy, "validate", "--edition", "2020-H1")
    assert proc.returncode == 0, proc.stderr
    assert "15 hoofdstukken, 25 soorten invoer in orde" in proc.stdout


def _notebook_with_parameters(tmp_path: Path, source: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source, metadata={"tags": ["parameters"]})]
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    return path


def test_parameters_cell_must_hold_literals(tmp_path):
    path = _notebook_with_parameters(tmp_path, "years = [2015, 2016]\nlast = years[-1]\n")
    with pytest.raises(VoortgangError, match=r"line 2: the value of 'last' is not a literal"):
        declared_parameters(path)


def test_parameters_cell_rejects_statements(tmp_path):
    path = _notebook_with_parameters(tmp_path, "import os\n")
    with pytest.raises(VoortgangError, match=r"line 1: only `name = <literal>`"):
        declared_parameters(path)


def test_declared_parameters_and_types(tmp_path):
    path = _notebook_with_parameters(tmp_path, 'a: int = 1\nb = 0.5\nc = None\nd = True\ne = "x"\n')
    assert declared_parameters(path) == {"a": 1, "b": 0.5, "c": None, "d": True, "e": "x"}
    check_parameters(path, {"a": 2, "b": 1, "c": [1], "d": False, "e": "y"}, "ctx")  # all fine
    with pytest.raises(VoortgangError, match="'d' has type int"):
        check_parameters(path, {"d": 1}, "ctx")
    with pytest.raises(VoortgangError, match="'a' has type bool"):
        check_parameters(path, {"a": True}, "ctx")
