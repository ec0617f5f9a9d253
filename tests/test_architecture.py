"""The architecture holds: one axis of layers, no cycles, thin notebooks, small modules.

The layer contract itself is import-linter's (``[tool.importlinter]`` in
``pyproject.toml``); these tests run it on the package, and once on a copy of
the package with one upward import, to show that it can fail.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.config import NOTEBOOKS_DIR, PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "src" / "analysis"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
#: The largest a module may grow before it is split by concern.
MAX_MODULE_LINES = 500


def _lint_imports(cwd: Path, src: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True,
                          check=False, timeout=300)


def test_the_layer_and_cycle_contracts_hold():
    proc = _lint_imports(PROJECT_ROOT, PROJECT_ROOT / "src")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Contracts: 4 kept, 0 broken." in proc.stdout


def test_an_upward_import_breaks_the_layer_contract(tmp_path):
    """A copy of the package where statistics import the pipeline: lint-imports must refuse it."""
    src = tmp_path / "src"
    shutil.copytree(PACKAGE, src / "analysis", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT_ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    validate = src / "analysis" / "stats" / "_validate.py"
    validate.write_text(validate.read_text(encoding="utf-8") + "\nimport analysis.pipeline.build  # noqa\n",
                        encoding="utf-8")
    proc = _lint_imports(tmp_path, src)
    assert proc.returncode != 0
    out = " ".join(proc.stdout.split())
    assert "analysis.stats is not allowed to import analysis.pipeline" in out
    assert "analysis.stats._validate -> analysis.pipeline.build" in out


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_every_module_is_small_enough_to_read(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines < MAX_MODULE_LINES, f"{path.name}: {lines} lines; split it by concern"


def test_function_level_imports_of_the_project_say_why():
    """An import of the project inside a function hides a dependency; a comment must say why:
    within the three lines above it, or once for the module in a comment starting ``# Lazy imports:``."""
    silent = []
    for path in _modules():
        text = path.read_text(encoding="utf-8")
        if "\n# Lazy imports:" in text:
            continue
        lines = text.splitlines()
        for fn in ast.walk(ast.parse(text)):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("analysis"):
                    near = lines[max(0, node.lineno - 4):node.lineno]
                    if not any(line.strip().startswith("#") for line in near):
                        silent.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not silent, f"function-level imports without a reason: {silent}"


def _notebooks() -> list[Path]:
    return sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


@pytest.mark.parametrize("path", _notebooks(), ids=lambda p: p.name)
def test_notebooks_are_thin(path):
    """A parameters cell of literals, then one call into analysis.chapters whose result is shown."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert "parameters" in code[0]["metadata"].get("tags", [])
    assert len(code) == 2, "one cell of parameters, one cell calling the chapter"
    tree = ast.parse("".join(code[1]["source"]))
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef | ast.Lambda)]
    imports = [n for n in tree.body if isinstance(n, ast.ImportFrom)]
    assert [n.module for n in imports] == ["analysis.chapters"]
    (call,) = [n for n in tree.body if not isinstance(n, ast.ImportFrom)]
    assert isinstance(call, ast.Expr) and isinstance(call.value, ast.Call)
    assert ast.unparse(call.value.func).endswith(".build")  # the last expression: displayed by the notebook
