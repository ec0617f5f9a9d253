"""Shared fixtures (helpers live in ``helpers.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from helpers import copy_project

# Tests pass on any CPU and on a loaded machine: a property test checks what is
# true, not how fast (speed is measured in bench/). Hypothesis' default 200 ms
# deadline per example failed on a busy machine, so the profile has none.
settings.register_profile("voortgang", deadline=None)
settings.load_profile("voortgang")


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A throw-away copy of the project's params, notebooks and data.

    Run the CLI on it with :func:`run_cli` (``VOORTGANG_ROOT`` points there), so
    tests can break a parameter file without touching the real one.
    """
    return copy_project(tmp_path / "project")
