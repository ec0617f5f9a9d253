"""Paths as users read them in messages: relative to the project root when inside it."""

from __future__ import annotations

from pathlib import Path

from analysis.config import PROJECT_ROOT


def display_path(path: Path) -> str:
    """``path`` relative to the project root when it lies inside it (for messages)."""
    try:
        return str(Path(path).resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)
