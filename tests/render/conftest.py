"""Fixtures of the renderer tests: the tiny project of :mod:`report_project`."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_project import make_project

from analysis.pipeline.render.offline import render_offline


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    """A fresh tiny project (not rendered)."""
    return make_project(tmp_path / "2020-H1")


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The tiny project rendered once in all three formats (read-only for tests)."""
    root = make_project(tmp_path_factory.mktemp("report") / "2020-H1")
    return render_offline(root)
