"""Paths and project-wide constants: the one place for each of these facts.

Every path in the package is built from :data:`PROJECT_ROOT`. With the editable
install that ``make`` performs, the root is found from this file's location; set
``VOORTGANG_ROOT`` to point a non-editable install (for example inside the CBS
Remote Access environment) at a checkout of the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT: Path = Path(
    os.environ.get("VOORTGANG_ROOT", Path(__file__).resolve().parents[2])
).resolve()

PARAMS_DIR: Path = PROJECT_ROOT / "params"
EDITIONS_DIR: Path = PARAMS_DIR / "editions"
INDICATOR_REGISTRY: Path = PARAMS_DIR / "indicators.yaml"

DATA_DIR: Path = PROJECT_ROOT / "data"
PUBLISHED_DIR: Path = DATA_DIR / "published"
REFERENCE_DIR: Path = DATA_DIR / "reference"
RAW_DIR: Path = DATA_DIR / "raw"
SYNTHETIC_DIR: Path = DATA_DIR / "synthetic"

NOTEBOOKS_DIR: Path = PROJECT_ROOT / "notebooks"
REPORTS_DIR: Path = PROJECT_ROOT / "reports"
QUARTO_TEMPLATE: Path = PROJECT_ROOT / "_quarto.yml"

#: Name of the Jupyter kernelspec registered inside the project's venv. papermill
#: is always given this name explicitly (never the ambiguous ``python3``).
KERNEL_NAME: str = "voortgang"
KERNEL_DISPLAY_NAME: str = "Python (voortgang)"

#: Edition that ``make report`` and ``voortgang build`` use without ``--edition``.
DEFAULT_EDITION: str = "2020-H1"
