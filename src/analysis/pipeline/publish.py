"""TODO docstring."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.inputs.releases import (
    LATEST,
    MANIFEST_NAME,
    VERSION_PATTERN,
    latest_version,
    versions,
)
from analysis.pipeline.manifest import fingerprint

_LOCK_NAME = ".lock"
_TMP_PREFIX = ".tmp-"


@dataclass(frozen=True)
class PublishResult:
    """What :func:`publish` did.

    Attributes
    ----------
    version : int
        ``N`` of ``reports/<edition>/vN`` that ``latest`` points at now.
    path : Path
        That version directory.
    created : bool
        False when the build's content equalled ``latest``'s: no new version
        was made and the staging directory was discarded.
    message : str
        One line for the user (Dutch).
    """

    version: int
    path: Path
    created: bool
    message: str


@contextlib.contextmanager
def _locked(edition_dir: Path) -> Iterator[None]:
    """An exclusive lock per edition: two builds never pick the same ``N``."""
    with open(edition_dir / _LOCK_NAME, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _write_manifest(staging: Path, manifest: Mapping[str, Any]) -> None:
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    with open(staging / MANIFEST_NAME, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def _move_version(staging: Path, target: Path) -> None:
    """Rename the finished staging directory to ``vN`` (one ``os.rename``)."""
    if target.exists():  # os.rename would replace an *empty* directory silently
        raise FileExistsError(errno.EEXIST, "version directory exists", str(target))
    os.rename(staging, target)


def _replace_with_symlink(path: Path, target: str) -> None:
    """Make ``path`` a symlink to ``target`` atomically (temporary link + ``os.replace``)."""
    tmp = path.with_name(f"{_TMP_PREFIX}{path.name}-{os.getpid()}")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(target, tmp)
    os.replace(tmp, path)


def _point_latest(edition_dir: Path, version_name: str) -> None:
    """Switch ``latest`` to ``version_name`` in one ``os.replace``."""
    _replace_with_symlink(edition_dir / LATEST, version_name)


def _old_layout_outputs(edition: str) -> set[str]:
    """What a build wrote into ``reports/<edition>/`` before versioning (removed on migration)."""
    from analysis.pipeline.render.quarto_project import (
        INDEX_CHAPTER,
        NOTEBOOK_SUBDIR,
        output_stem,
    )

    stem = output_stem(edition)
    return {"index.html", INDEX_CHAPTER, "_quarto.yml", NOTEBOOK_SUBDIR, "_book", f"{stem}.docx", f"{stem}.pdf"}


def _link_outputs(edition_dir: Path, migrate: bool = False) -> None:
    """Convenience links ``<edition>/<name> -> latest/<name>`` for each entry of ``latest``.

    The links go *through* ``latest``, so they switch with it. Links whose
    target the new version lacks (a format not built this time) and leftovers
    of an interrupted publish are removed. With ``migrate`` (the first publish
    into a pre-versioning ``reports/<edition>/``), the old layout's outputs are
    replaced by the links or, when the version has no such entry, removed.
    Other real files and folders (e.g. a researcher's ``tekst/``) are never
    touched.
    """
    latest = edition_dir / LATEST
    # every entry, hidden ones too: the build's render cache reads reports/<edition>/.render.json
    names = {p.name for p in latest.iterdir()}
    old_outputs = _old_layout_outputs(edition_dir.name) if migrate else set()
    for name in sorted(names):
        path = edition_dir / name
        want = f"{LATEST}/{name}"
        if path.is_symlink() and os.readlink(path) == want:
            continue
        if path.exists() and not path.is_symlink() and name not in old_outputs:
            continue  # a real file we did not make: leave it
        if path.is_dir() and not path.is_symlink():
            aside = edition_dir / f"{_TMP_PREFIX}old-{name}-{os.getpid()}"
            os.rename(path, aside)
            _replace_with_symlink(path, want)
            shutil.rmtree(aside)
        else:
            _replace_with_symlink(path, want)
    for path in edition_dir.iterdir():
        if path.name in names or path.name in (LATEST, _LOCK_NAME) or VERSION_PATTERN.match(path.name):
            continue
        if path.is_symlink() or path.name.startswith(_TMP_PREFIX) or path.name in old_outputs:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()


def publish(staging: Path, reports_dir: Path, edition: str, manifest: Mapping[str, Any]) -> PublishResult:
    """Move a finished build into ``reports_dir/<edition>/vN`` and point ``latest`` at it.

    Parameters
    ----------
    staging : Path
        The build's staging directory, on the same file system as
        ``reports_dir`` (e.g. a ``tempfile.mkdtemp(dir=reports_dir)``). This
        function owns it from now on: it becomes the version, or is removed.
    reports_dir : Path
        Parent of the edition directories.
    edition : str
        Edition name, e.g. ``"2020-H1"``.
    manifest : mapping
        :func:`build_manifest`; ``version`` is added here.

    Returns
    -------
    PublishResult
        When the content (:func:`fingerprint`) equals ``latest``'s, no version
        is created and ``latest`` is returned with ``created=False``.

    Raises
    ------
    OSError
        The rename or the switch failed (e.g. disk full). The previous version
        and ``latest`` are untouched, the staging directory and any half-made
        ``vN`` are removed.
    """
    staging = Path(staging)
    edition_dir = Path(reports_dir) / edition
    edition_dir.mkdir(parents=True, exist_ok=True)
    created: Path | None = None
    try:
        with _locked(edition_dir):
            current = latest_version(edition_dir)
            new_print = fingerprint(staging, manifest.get("renderer", {}))
            if current is not None and fingerprint(edition_dir / f"v{current}") == new_print:
                shutil.rmtree(staging)
                _link_outputs(edition_dir)
                path = edition_dir / f"v{current}"
                return PublishResult(current, path, False, f"geen wijzigingen: {edition} blijft v{current}")
            number = max(versions(edition_dir), default=0) + 1
            _write_manifest(staging, {**manifest, "version": number})
            target = edition_dir / f"v{number}"
            _move_version(staging, target)
            created = target
            _point_latest(edition_dir, target.name)
            created = None  # from here on the version is live; never remove it
            _link_outputs(edition_dir, migrate=current is None)
            return PublishResult(number, target, True, f"nieuwe versie: {edition} v{number}")
    except BaseException:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
        if created is not None and created.exists():
            shutil.rmtree(created, ignore_errors=True)
        raise
