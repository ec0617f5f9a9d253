"""A build with nothing changed executes and renders nothing (issue 15, "faster per run"):
not after ``--force`` (the render key ignores papermill's times) and not after moving the checkout
(cache keys and entries name paths relative to the project root)."""

from __future__ import annotations

import re

import pytest

from helpers import copy_project, run_cli

pytestmark = pytest.mark.slow

BUILD = ("build", "--edition", "2020-H1", "--formats", "html", "--renderer", "builtin")
#: The national chapters of 2020-H1 (params/editions/2020-H1.yaml, factsheets al1-al6 counted one by one).
CHAPTERS = 15


def _counts(stderr: str) -> dict[str, int]:
    """Runs executed and taken from the cache, and whether the national report was rendered."""
    return {
        "executed": len(re.findall(r"^uitgevoerd ", stderr, re.M)),
        "cached": len(re.findall(r"^uit cache ", stderr, re.M)),
        "rendered": len(re.findall(r"^opmaken met ", stderr, re.M)),
    }


def test_force_then_plain_builds_render_nothing_and_a_moved_checkout_executes_nothing(tmp_path):
    root = copy_project(tmp_path / "here" / "project")
    first = run_cli(root, *BUILD)
    assert first.returncode == 0, first.stderr
    assert _counts(first.stderr) == {"executed": CHAPTERS, "cached": 0, "rendered": 1}

    moved = root.rename(tmp_path / "elsewhere")  # the whole checkout, as `mv` does
    after_move = run_cli(moved, *BUILD)
    assert after_move.returncode == 0, after_move.stderr
    assert _counts(after_move.stderr) == {"executed": 0, "cached": CHAPTERS, "rendered": 0}
    assert "render: ongewijzigd" in after_move.stderr

    index = moved / "reports" / "2020-H1" / "index.html"
    before = index.read_bytes()
    forced = run_cli(moved, *BUILD, "--force")
    assert forced.returncode == 0, forced.stderr
    assert _counts(forced.stderr)["executed"] == CHAPTERS
    for n in (2, 3):
        again = run_cli(moved, *BUILD)
        assert again.returncode == 0, again.stderr
        assert _counts(again.stderr) == {"executed": 0, "cached": CHAPTERS, "rendered": 0}, (n, again.stderr)
    assert index.read_bytes() == before
    assert sorted(p.name for p in (moved / "releases" / "2020-H1").iterdir() if p.name.startswith("v")) == ["v1"]
