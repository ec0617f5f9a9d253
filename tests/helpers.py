"""Helpers shared by the top-level tests (a plain module: every conftest.py in a
subfolder would replace ``sys.modules['conftest']``, so tests import from here)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from analysis.config import PROJECT_ROOT

#: What a copy of the project needs to build (code comes from the installed package).
PROJECT_PARTS = ("params", "notebooks", "data/published", "data/reference", "_quarto.yml")


def copy_project(root: Path) -> Path:
    """Copy the project's params, notebooks and data to ``root``; return ``root``."""
    for part in PROJECT_PARTS:
        src = PROJECT_ROOT / part
        dst = root / part
        if src.is_dir():
            shutil.copytree(src, dst)
        elif src.is_file():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    return root


def run_cli(root: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run ``python -m analysis ARGS`` with the project root set to ``root``."""
    env = {**os.environ, "VOORTGANG_ROOT": str(root), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )


def files_under(path: Path) -> list[Path]:
    """All files below ``path`` (empty when it does not exist)."""
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.exists() else []
