"""Shared fixtures (helpers live in ``helpers.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import copy_project


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A throw-away copy of the project's params, notebooks and data.

    Run the CLI on it with :func:`run_cli` (``VOORTGANG_ROOT`` points there), so
    tests can break a parameter file without touching the real one.
    """
    return copy_project(tmp_path / "project")
