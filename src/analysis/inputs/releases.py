"""Released versions of an edition, read back: ``releases/<edition>/vN`` and ``latest``.

A released version keeps in ``data/`` the figures and registries its edition
used and in ``manifest.json`` its provenance (:mod:`analysis.pipeline.publish`
writes them). Reading them here is what ``voortgang diff``, the chapter
"Wijzigingen" and the evaluatieagenda's change list need: :func:`resolve` turns
``2020-H1``, ``2020-H1/v2`` or ``2020-H1/latest`` into a version directory,
:func:`load_version` reads what it stored, :func:`current_data` the same for
the edition being built. The files a chapter's ``previous`` parameter names
(:func:`previous_inputs`) are inputs of its cache key, like any other file.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.config import EVALUATIEAGENDA, INDICATOR_REGISTRY, MIJLPALEN, RELEASES_DIR
from analysis.errors import VoortgangError
from analysis.inputs.agenda import (
    Evaluatieagenda,
    Mijlpalen,
    load_evaluatieagenda,
    load_mijlpalen,
)
from analysis.inputs.editions import EDITION_PATTERN, Edition
from analysis.inputs.figures import edition_figures
from analysis.inputs.files import display_path
from analysis.inputs.published import EXACT, KEY
from analysis.inputs.registry import load_registry
from analysis.inputs.yamlio import read_yaml

MANIFEST_NAME = "manifest.json"
#: Name of the symlink to the newest version.
LATEST = "latest"
#: Subfolder of a version with the data the edition used (read by :mod:`analysis.measures.revisions`).
DATA_SUBDIR = "data"
FIGURES_NAME = "figures.csv"
#: Registries copied into ``<version>/data/`` under these names.
REGISTRY_COPIES: dict[str, Path] = {
    "indicators.yaml": INDICATOR_REGISTRY,
    "evaluatieagenda.yaml": EVALUATIEAGENDA,
    "mijlpalen.yaml": MIJLPALEN,
}

VERSION_PATTERN = re.compile(r"^v([1-9]\d*)$")


def read_manifest(version_dir: Path) -> dict[str, Any]:
    """``<version_dir>/manifest.json`` as a dict.

    Raises
    ------
    VoortgangError
        Missing or unreadable manifest (naming the file).
    """
    path = Path(version_dir) / MANIFEST_NAME
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise VoortgangError(f"{path}: no manifest (not a version made by `voortgang build`)") from None
    except (OSError, json.JSONDecodeError) as exc:
        raise VoortgangError(f"{path}: unreadable manifest ({exc})") from None


# ---------------------------------------------------------------- versions on disk


def versions(edition_dir: Path) -> list[int]:
    """The ``N`` of every ``vN`` directory of an edition, ascending."""
    if not Path(edition_dir).is_dir():
        return []
    found = (VERSION_PATTERN.match(p.name) for p in Path(edition_dir).iterdir() if p.is_dir() and not p.is_symlink())
    return sorted(int(m.group(1)) for m in found if m)


def latest_version(edition_dir: Path) -> int | None:
    """``N`` of the version ``latest`` points at, or None (no ``latest`` yet)."""
    link = Path(edition_dir) / LATEST
    if not link.is_symlink():
        return None
    match = VERSION_PATTERN.match(os.readlink(link))
    return int(match.group(1)) if match and (Path(edition_dir) / match.group(0)).is_dir() else None

#: Columns a stored ``figures.csv`` must have (``status`` and ``note`` are optional).
FIGURE_COLUMNS: tuple[str, ...] = (*KEY, "value", "unit")


@dataclass(frozen=True)
class EditionData:
    """What an edition used: figures and registries.

    Attributes
    ----------
    label : str
        For headings: ``"2020-H1/v2"``, or ``"2020-H2 (huidige invoer)"``.
    edition : str or None
        Edition name; the registries are compared as they stood in it.
    figures : pandas.DataFrame
        At least :data:`FIGURE_COLUMNS`, ``status`` (``""`` when unknown) and ``precision`` (``exact`` when not stored);
        ``value`` float (NaN when missing), in the row's ``unit``.
    indicators : dict of str to str
        Registry indicator id -> label.
    agenda : Evaluatieagenda
    mijlpalen : Mijlpalen
    """

    label: str
    edition: str | None
    figures: pd.DataFrame
    indicators: dict[str, str]
    agenda: Evaluatieagenda
    mijlpalen: Mijlpalen


# ---------------------------------------------------------------- reading the two sides


def read_figures(path: Path) -> pd.DataFrame:
    """Read a stored ``figures.csv``.

    Raises
    ------
    VoortgangError
        Missing file, a missing column, a value that is not a number, or a
        duplicate key (the message names the file and the column or key).
    """
    where = display_path(path)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:
        raise VoortgangError(f"{where}: figures of the version not found") from None
    missing = [c for c in FIGURE_COLUMNS if c not in raw.columns]
    if missing:
        raise VoortgangError(f"{where}: missing column(s) {', '.join(map(repr, missing))}")
    value = pd.to_numeric(raw["value"].str.strip().replace("", None), errors="coerce")
    bad = value.isna() & raw["value"].str.strip().ne("")
    if bad.any():
        raise VoortgangError(f"{where}: column 'value': not a number in {int(bad.sum())} row(s), "
                             f"first at file line {int(np.flatnonzero(bad.to_numpy())[0]) + 2}")
    frame = raw.assign(value=value.astype("float64"))
    if "status" not in frame.columns:
        frame["status"] = ""
    if "precision" not in frame.columns:  # stored before figures format version 2
        frame["precision"] = EXACT
    dup = frame.duplicated(list(KEY), keep=False)
    if dup.any():
        first = frame[dup].iloc[0]
        raise VoortgangError(f"{where}: duplicate key {' / '.join(str(first[c]) for c in KEY)} "
                             f"in {int(dup.sum())} rows (columns {', '.join(KEY)})")
    return frame


def read_indicator_labels(path: Path) -> dict[str, str]:
    """``id -> label`` of a stored indicator registry.

    Read loosely (only ``indicators[].id`` and ``label``), so a registry stored
    by an older version of the code still compares after the schema grew.
    """
    where = display_path(path)
    data = read_yaml(Path(path))
    items = data.get("indicators") if isinstance(data, dict) else None
    if not isinstance(items, list) or not all(isinstance(i, dict) and "id" in i for i in items):
        raise VoortgangError(f"{where}: key 'indicators': expected a list of records with an 'id'")
    return {str(i["id"]): str(i.get("label", i["id"])) for i in items}


def load_version(version_dir: Path) -> EditionData:
    """The figures and registries a version stored in ``data/``.

    Raises
    ------
    VoortgangError
        No manifest, or a missing or invalid data file (named in the message).
    """
    version_dir = Path(version_dir)
    manifest = read_manifest(version_dir)
    data = version_dir / DATA_SUBDIR
    edition = manifest.get("edition")
    label = f"{edition}/v{manifest['version']}" if edition and "version" in manifest else str(version_dir)
    return EditionData(
        label=label,
        edition=edition,
        figures=read_figures(data / FIGURES_NAME),
        indicators=read_indicator_labels(data / INDICATOR_REGISTRY.name),
        agenda=load_evaluatieagenda(data / EVALUATIEAGENDA.name),
        mijlpalen=load_mijlpalen(data / MIJLPALEN.name),
    )


def current_data(edition: Edition) -> EditionData:
    """The figures and registries of ``edition`` as they are now (for a chapter of the edition being built).

    The figures come from :func:`analysis.inputs.figures.edition_figures`, the
    same loader the chapters and the manifest use.
    """
    registry = load_registry()
    return EditionData(
        label=f"{edition.edition} (huidige invoer)",
        edition=edition.edition,
        figures=edition_figures(edition, registry),
        indicators={i.id: i.label for i in registry.indicators},
        agenda=load_evaluatieagenda(),
        mijlpalen=load_mijlpalen(),
    )


def resolve(spec: str, releases_dir: Path = RELEASES_DIR, argument: str = "edition") -> Path:
    """The version directory that ``spec`` names.

    Parameters
    ----------
    spec : str
        ``2020-H1`` or ``2020-H1/latest`` (the version ``latest`` points at),
        ``2020-H1/v2``; or the path of a version directory (with ``manifest.json``).
    releases_dir : Path
        Where the editions' released versions are (``releases/``).
    argument : str
        Name of the argument, for messages.

    Raises
    ------
    VoortgangError
        A malformed spec, an edition without versions (listing the editions that
        have some), or a version that does not exist (listing the versions).
    """
    text = spec.strip().rstrip("/")
    edition, _, version = text.partition("/")
    if not EDITION_PATTERN.match(edition) or (version and version != LATEST and not _is_version(version)):
        path = Path(spec)
        if path.is_dir() and (path / MANIFEST_NAME).is_file():
            return path
        raise VoortgangError(
            f"argument {argument!r}: {spec!r} is not an edition or version like 2020-H1, 2020-H1/v2 or "
            f"2020-H1/latest, nor a version directory with {MANIFEST_NAME}"
        )
    edition_dir = Path(releases_dir) / edition
    have = versions(edition_dir)
    if not have:
        root = Path(releases_dir)
        built = sorted(p.name for p in root.iterdir() if versions(p)) if root.is_dir() else []
        raise VoortgangError(
            f"argument {argument!r}: edition {edition} has no released versions in {display_path(Path(releases_dir))}; "
            f"editions with versions: {', '.join(built) or 'none'}"
        )
    latest = latest_version(edition_dir)
    listed = ", ".join(f"v{n}" for n in have) + (f" (latest: v{latest})" if latest else " (no latest)")
    if version in ("", LATEST):
        if latest is None:
            raise VoortgangError(f"argument {argument!r}: {edition} has no '{LATEST}'; versions: {listed}")
        return edition_dir / f"v{latest}"
    number = int(version[1:])
    if number not in have:
        raise VoortgangError(f"argument {argument!r}: {edition} has no version v{number}; versions: {listed}")
    return edition_dir / f"v{number}"


def previous_inputs(parameters: dict[str, Any], releases_dir: Path = RELEASES_DIR) -> list[Path]:
    """Files a chapter reads through its ``previous`` parameter (for the build's cache key).

    Parameters
    ----------
    parameters : dict
        The parameters injected into a chapter (``ChapterRun.parameters``).
    releases_dir : Path
        Where the chapters look for the previous edition (they use
        :data:`analysis.config.RELEASES_DIR`).

    Returns
    -------
    list of Path
        ``[<version>/data, <version>/manifest.json]`` of the version ``previous``
        names; empty when the chapter has no (or an empty) ``previous``.

    Raises
    ------
    VoortgangError
        ``previous`` names no built version (call this before executing, so the
        build stops with the list of what exists instead of a failed notebook).
    """
    spec = parameters.get("previous") or ""
    if not spec:
        return []
    version = resolve(str(spec), releases_dir, argument="previous")
    return [version / DATA_SUBDIR, version / MANIFEST_NAME]


def unreleased_previous(parameters: Sequence[dict[str, Any]], releases_dir: Path = RELEASES_DIR) -> list[str]:
    """Editions that chapters compare with (``previous: 2020-H1``) but that have no released version yet.

    Only a plain edition name counts (``2020-H1``, ``2020-H1/latest``): a build can
    make its first version. A named version (``2020-H1/v2``) that does not exist
    stays an error of :func:`previous_inputs`.
    """
    out: list[str] = []
    for values in parameters:
        spec = str(values.get("previous") or "").strip().rstrip("/")
        edition, _, version = spec.partition("/")
        if EDITION_PATTERN.match(edition) and version in ("", LATEST) and not versions(Path(releases_dir) / edition):
            out.append(edition)
    return list(dict.fromkeys(out))


def _is_version(text: str) -> bool:
    return text.startswith("v") and text[1:].isdigit() and not text[1:].startswith("0")
