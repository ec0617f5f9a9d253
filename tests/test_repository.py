"""Repository conventions that a fresh clone relies on."""

from __future__ import annotations

import json
import re

from analysis.config import NOTEBOOKS_DIR, PROJECT_ROOT


def test_notebooks_are_committed_without_outputs():
    notebooks = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
    assert notebooks, "no notebooks found"
    for path in notebooks:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for i, cell in enumerate(nb["cells"]):
            if cell["cell_type"] == "code":
                assert not cell.get("outputs"), f"{path.name}: cell {i} has outputs"
                assert cell.get("execution_count") is None, f"{path.name}: cell {i} has an execution count"


def test_notebooks_use_the_project_kernel():
    for path in sorted(NOTEBOOKS_DIR.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert nb["metadata"]["kernelspec"]["name"] == "voortgang", path.name


def test_readme_starts_with_the_two_commands():
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```(?:sh|bash)?\n(.*?)```", text, re.S)
    assert first_block, "README has no code block"
    assert [line.split("#")[0].strip() for line in first_block.group(1).strip().splitlines()] == [
        "make report",
        "make test",
    ]


def test_ci_runs_make_test():
    script = (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", script, re.M)


def test_clean_reports_keeps_every_release(tmp_path):
    """`make clean-reports` removes the disposable reports, never the released versions."""
    import shutil
    import subprocess

    shutil.copy(PROJECT_ROOT / "Makefile", tmp_path / "Makefile")
    for path in ("reports/2020-H1/regio/JZ14/index.html", "reports/.executed/2020-H1/01.ipynb",
                 "releases/2020-H1/v1/index.html", "releases/2020-H1/v2/index.html"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("x", encoding="utf-8")
    subprocess.run(["make", "-C", str(tmp_path), "clean-reports"], check=True, capture_output=True)
    assert not (tmp_path / "reports").exists()
    assert sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "releases").rglob("*.html")) == [
        "releases/2020-H1/v1/index.html", "releases/2020-H1/v2/index.html"]
