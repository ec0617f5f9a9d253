"""Released versions of an edition: ``releases/<edition>/vN`` and ``latest``, and the report links.

Layout::

    releases/<edition>/          kept: no clean target deletes it (and git ignores it)
        v1/ v2/ ...              one directory per build that changed any output
            index.html, voortgangsrapportage-<edition>.docx/.pdf, notebooks/,
            _quarto.yml, index.qmd, data/, manifest.json, .render.json
        latest -> vN             relative symlink, switched atomically
    reports/<edition>/           disposable (``make clean-reports``)
        index.html -> ../../releases/<edition>/latest/index.html, notebooks -> ..., ...
                                 one link per entry of the latest version, through ``latest``
        regio/                   the regional reports (unversioned)

Users open ``reports/<edition>/index.html`` (the newest version) or
``releases/<edition>/vN/index.html`` (a fixed one).

:func:`publish` moves a finished staging directory into place: it decides ``N``
(the next integer; none when the content equals ``latest``'s,
:func:`analysis.pipeline.manifest.fingerprint`), writes ``manifest.json`` into
the staging directory, renames it to ``vN`` (one ``os.rename``), then points
``latest`` at it (a temporary symlink ``os.replace``-d over ``latest``). A
failure or kill at any point leaves the previous version and ``latest``
untouched; a kill between the rename and the switch leaves a complete ``vN``
that is not ``latest`` (the next build takes ``N + 1``). :func:`link_report`
then points the report folder at ``latest``.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.inputs.releases import (
    LATEST,
    MANIFEST_NAME,
    latest_version,
    versions,
)
from analysis.pipeline.execution.orphans import process_alive
from analysis.pipeline.manifest import fingerprint
from analysis.pipeline.render.quarto_project import (
    INDEX_CHAPTER,
    NOTEBOOK_SUBDIR,
    output_stem,
)
from analysis.pipeline.render_cache import RENDER_MANIFEST

LOCK_NAME = ".lock"
#: Prefix of temporary entries (staging directories, links being switched).
TMP_PREFIX = ".tmp-"


@dataclass(frozen=True)
class PublishResult:
    """What :func:`publish` did.

    Attributes
    ----------
    version : int
        ``N`` of ``releases/<edition>/vN`` that ``latest`` points at now.
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
    """An exclusive lock per edition: two builds never pick the same ``N``.

    The lock file is opened without following a symbolic link and without
    truncating: a ``.lock`` that is a link (to a report, to a file elsewhere) is
    refused (``OSError`` ELOOP, one line on the command line) and never emptied.
    """
    fd = os.open(edition_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


#: Staging folders carry the build's process id: ``.tmp-<pid>-...``.
_STAGING = re.compile(rf"^{re.escape(TMP_PREFIX)}(\d+)-")


def remove_stale_staging(folder: Path) -> list[str]:
    """Remove the staging folders of builds that were killed (their process is gone).

    A build renders into ``<folder>/.tmp-<pid>-*`` and renames or removes it at
    the end; a SIGKILL leaves it behind. Folders of a running build (its process
    is alive) are kept. Returns the names removed.
    """
    removed = []
    if not folder.is_dir():
        return removed
    for path in folder.iterdir():
        match = _STAGING.match(path.name)
        if match is None or process_alive(int(match.group(1))):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path.name)
    return removed


def write_manifest(staging: Path, manifest: Mapping[str, Any]) -> None:
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
    tmp = path.with_name(f"{TMP_PREFIX}{path.name}-{os.getpid()}")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(target, tmp)
    os.replace(tmp, path)


def _point_latest(edition_dir: Path, version_name: str) -> None:
    """Switch ``latest`` to ``version_name`` in one ``os.replace``."""
    _replace_with_symlink(edition_dir / LATEST, version_name)


def staging_prefix(name: str = "") -> str:
    """Prefix of this process's staging folders: ``.tmp-<pid>-[<name>-]`` (see :func:`remove_stale_staging`)."""
    return f"{TMP_PREFIX}{os.getpid()}-" + (f"{name}-" if name else "")


def staging_dir(releases_dir: Path, edition: str) -> Path:
    """A new, empty staging directory inside ``releases/<edition>/`` (so that publishing is one rename)."""
    edition_dir = Path(releases_dir) / edition
    edition_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(edition_dir)
    staging = Path(tempfile.mkdtemp(prefix=staging_prefix(), dir=edition_dir))
    staging.chmod(0o755)  # mkdtemp makes it private; the report is meant to be shared
    return staging


def adopt_old_versions(report_dir: Path, edition_dir: Path) -> list[int]:
    """Move versions an older layout kept in ``reports/<edition>/vN`` into ``releases/<edition>/``.

    Only when the release folder has no version yet; ``latest`` follows the
    old ``latest``. Returns the version numbers moved.
    """
    old = [n for n in versions(report_dir) if not (edition_dir / f"v{n}").exists()]
    if not old or versions(edition_dir):
        return []
    edition_dir.mkdir(parents=True, exist_ok=True)
    for n in old:
        os.rename(report_dir / f"v{n}", edition_dir / f"v{n}")
    current = latest_version(report_dir) if (report_dir / LATEST).is_symlink() else None
    _point_latest(edition_dir, f"v{current if current in old else max(old)}")
    return old


def _old_layout_outputs(edition: str) -> set[str]:
    """What a build wrote into ``reports/<edition>/`` before versioning (replaced or removed by links)."""
    stem = output_stem(edition)
    return {"index.html", INDEX_CHAPTER, "_quarto.yml", NOTEBOOK_SUBDIR, "_book", f"{stem}.docx", f"{stem}.pdf",
            "data", "manifest.json", RENDER_MANIFEST}


def link_report(report_dir: Path, edition_dir: Path) -> None:
    """Links ``reports/<edition>/<name> -> <releases>/<edition>/latest/<name>`` for each entry of ``latest``.

    The links are relative and go *through* ``latest``, so they switch with it
    and survive moving the checkout. Links whose target the latest version lacks
    (a format not built this time), links and ``latest`` of an older layout and
    leftovers of an interrupted publish are removed; the outputs an older layout
    wrote here as real files are replaced. Other real files and folders (the
    regional reports in ``regio/``) are never touched.
    """
    report_dir.mkdir(parents=True, exist_ok=True)
    latest = edition_dir / LATEST
    # every entry, hidden ones too: the build's render cache reads reports/<edition>/.render.json
    names = {p.name for p in latest.iterdir()}
    base = os.path.relpath(latest, report_dir)
    old_outputs = _old_layout_outputs(edition_dir.name)
    for name in sorted(names):
        path = report_dir / name
        want = os.path.join(base, name)
        if path.is_symlink() and os.readlink(path) == want:
            continue
        if path.exists() and not path.is_symlink() and name not in old_outputs:
            continue  # a real file we did not make: leave it
        if path.is_dir() and not path.is_symlink():
            aside = report_dir / f"{TMP_PREFIX}old-{name}-{os.getpid()}"
            os.rename(path, aside)
            _replace_with_symlink(path, want)
            shutil.rmtree(aside)
        else:
            _replace_with_symlink(path, want)
    for path in report_dir.iterdir():
        if path.name in names:
            continue
        stale = path.is_symlink() or path.name.startswith(TMP_PREFIX) or path.name in old_outputs
        if stale or path.name == LOCK_NAME:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()


def _keep_render_manifest(staging: Path, version_dir: Path) -> None:
    """Give ``version_dir`` the render manifest of ``staging``, whose content equals the version's.

    The build rendered because its render key differed from the version's (the
    rendering code or a library changed, say) but produced the same content;
    with the new key recorded, the next build finds the report current instead
    of rendering it again. One :func:`os.replace`: readers see the old manifest
    or the new one.
    """
    source = staging / RENDER_MANIFEST
    if source.is_file():
        os.replace(source, version_dir / RENDER_MANIFEST)


def publish(
    staging: Path, releases_dir: Path, edition: str, manifest: Mapping[str, Any], report_dir: Path | None = None
) -> PublishResult:
    """Move a finished build into ``releases_dir/<edition>/vN`` and point ``latest`` at it.

    Parameters
    ----------
    staging : Path
        The build's staging directory (:func:`staging_dir`), on the same file
        system as ``releases_dir``. This function owns it from now on: it
        becomes the version, or is removed.
    releases_dir : Path
        Parent of the editions' release folders.
    edition : str
        Edition name, e.g. ``"2020-H1"``.
    manifest : mapping
        :func:`analysis.pipeline.manifest.build_manifest`; ``version`` is added here.
    report_dir : Path, optional
        ``reports/<edition>/``: linked to ``latest`` afterwards (:func:`link_report`).

    Returns
    -------
    PublishResult
        When the content (:func:`analysis.pipeline.manifest.fingerprint`) equals
        ``latest``'s, no version is created and ``latest`` is returned with
        ``created=False``; ``latest`` then takes the staging directory's render
        manifest (:data:`analysis.pipeline.render_cache.RENDER_MANIFEST`), so
        that the next build with the same render key renders nothing.

    Raises
    ------
    OSError
        The rename or the switch failed (e.g. disk full). The previous version
        and ``latest`` are untouched, the staging directory and any half-made
        ``vN`` are removed.
    """
    staging = Path(staging)
    edition_dir = Path(releases_dir) / edition
    edition_dir.mkdir(parents=True, exist_ok=True)
    created: Path | None = None
    try:
        with _locked(edition_dir):
            if report_dir is not None:
                adopt_old_versions(report_dir, edition_dir)
            current = latest_version(edition_dir)
            new_print = fingerprint(staging, manifest.get("renderer", {}))
            if current is not None and fingerprint(edition_dir / f"v{current}") == new_print:
                _keep_render_manifest(staging, edition_dir / f"v{current}")
                shutil.rmtree(staging)
                result = PublishResult(current, edition_dir / f"v{current}", False,
                                       f"geen wijzigingen: {edition} blijft v{current}")
            else:
                number = max(versions(edition_dir), default=0) + 1
                write_manifest(staging, {**manifest, "version": number})
                target = edition_dir / f"v{number}"
                _move_version(staging, target)
                created = target
                _point_latest(edition_dir, target.name)
                created = None  # from here on the version is live; never remove it
                result = PublishResult(number, target, True, f"nieuwe versie: {edition} v{number}")
            if report_dir is not None:
                link_report(report_dir, edition_dir)
            return result
    except BaseException:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
        if created is not None and created.exists():
            shutil.rmtree(created, ignore_errors=True)
        raise
