"""The test suite itself: `make test` is the whole suite and names its slowest tests; `make test-fast`
leaves out only the tests marked slow or browser, and every module of the package keeps a fast test."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

from analysis.config import PROJECT_ROOT
from analysis.pipeline.dependencies import closure, import_graph

TESTS = PROJECT_ROOT / "tests"
PACKAGE = PROJECT_ROOT / "src" / "analysis"

#: Modules that only the command line (``python -m analysis``) runs, and a fast test file that runs them so
#: (the two-chapter build: every step of a build, warm kernels included).
RUN_ELSEWHERE = dict.fromkeys((
    "analysis.__main__",
    "analysis.pipeline.cli",
    "analysis.pipeline.build",
    "analysis.pipeline.national",
    "analysis.pipeline.execution.kernel_state",  # inside each warm kernel
), "test_build_smoke.py")


def _make_n(target: str) -> str:
    """The commands `make TARGET` would run (the set-up stamp made current in a scratch copy)."""
    return subprocess.run(["make", "-n", "-C", str(PROJECT_ROOT), target, "STAMP=/dev/null"],
                          capture_output=True, text=True, check=True).stdout


def test_make_test_runs_everything_and_lists_the_slowest():
    command = [line for line in _make_n("test").splitlines() if "pytest" in line]
    assert command == [".venv/bin/python -m pytest --durations=15 "]


def test_make_test_fast_leaves_out_only_slow_and_browser_tests():
    command = [line for line in _make_n("test-fast").splitlines() if "pytest" in line]
    assert command == ['.venv/bin/python -m pytest -m "not slow and not browser" ']
    markers = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = {m.split(":")[0] for m in markers["tool"]["pytest"]["ini_options"]["markers"]}
    assert {"slow", "browser", "quarto"} <= declared


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_slow_file(tree: ast.Module) -> bool:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "pytestmark" for t in node.targets):
            return "slow" in ast.unparse(node.value) or "browser" in ast.unparse(node.value)
    return False


def _has_fast_test(tree: ast.Module) -> bool:
    """A test function without a slow or browser mark (a parametrize or skip mark does not count)."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            marks = " ".join(ast.unparse(d) for d in node.decorator_list)
            if not re.search(r"mark\.(slow|browser)\b", marks):
                return True
    return False


def _imported(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("analysis"):
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names if alias.name.startswith("analysis"))
    return names


def _fast_imports() -> set[str]:
    """The ``analysis`` modules that files with fast tests (and the helper modules they use) import."""
    found: set[str] = set()
    for path in TESTS.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_helper = not any(isinstance(n, ast.FunctionDef) and n.name.startswith("test_") for n in tree.body)
        if is_helper or (not _is_slow_file(tree) and _has_fast_test(tree)):
            found |= _imported(tree)
    return found


def test_every_module_is_exercised_by_a_fast_test():
    """A module is exercised when a fast test imports it, or imports a module that imports it
    (its import closure); the pipeline steps that only the command line runs are named below."""
    known = import_graph().modules  # `from x import name`: keep the names that are modules
    imported = {m for m in _fast_imports() if m in known and m != "analysis.pipeline.cli"}  # the CLI imports all
    reached = closure(imported)
    modules = {_module_name(p) for p in PACKAGE.rglob("*.py") if p.name != "__init__.py"}
    missing = sorted(m for m in modules if m not in reached and m not in RUN_ELSEWHERE)
    assert missing == [], f"modules that no fast test exercises (make test-fast): {missing}"
    for module, test_file in RUN_ELSEWHERE.items():
        assert module in modules, module
        tree = ast.parse((TESTS / test_file).read_text(encoding="utf-8"))
        assert not _is_slow_file(tree) and _has_fast_test(tree), f"{test_file} must stay in the fast subset"
        assert "run_cli" in ast.unparse(tree), f"{test_file} runs {module} through the command line"


def test_the_guard_sees_a_module_that_only_slow_tests_import(tmp_path):
    slow = ast.parse("import pytest\npytestmark = pytest.mark.slow\nfrom analysis.pipeline import build\n"
                     "def test_x():\n    build.build_edition('2020-H1')\n")
    fast = ast.parse("import pytest\nfrom analysis.stats import trend\n@pytest.mark.slow\ndef test_a(): ...\n"
                     "@pytest.mark.parametrize('x', [1])\ndef test_b(x): ...\n")
    assert _is_slow_file(slow) and not _has_fast_test(ast.parse("@pytest.mark.slow\ndef test_a(): ...\n"))
    assert not _is_slow_file(fast) and _has_fast_test(fast)
    assert "analysis.stats.trend" in _imported(fast)


def test_make_is_installed():
    assert shutil.which("make"), "the Makefile is the entry point (README)"
