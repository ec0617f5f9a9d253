"""Versioned, reproducible edition outputs: ``reports/<edition>/v<N>/`` and ``latest``.

Layout of one edition's reports::

    reports/<edition>/
        v1/ v2/ ...            one directory per build that changed any output
            index.html, voortgangsrapportage-<edition>.docx/.pdf, notebooks/,
            _quarto.yml, index.qmd     (what the renderer wrote)
            data/                      what the edition used, for `voortgang diff`:
                figures.csv            published figures (+ StatLine rows), with `status`
                indicators.yaml, evaluatieagenda.yaml, mijlpalen.yaml  (copies)
            manifest.json              provenance and content hashes (below)
        latest -> vN           relative symlink, switched atomically
        index.html -> latest/index.html, notebooks -> latest/notebooks, ...
                               one convenience symlink per entry of the version,
                               always *through* ``latest``; so ``reports/<edition>/index.html``
                               keeps working and switches with ``latest`` in one step.

Users open ``reports/<edition>/index.html`` (the newest version) or
``reports/<edition>/vN/index.html`` (a fixed one).

:func:`publish` moves a finished staging directory into place: it decides ``N``
(the next integer; none when the content equals ``latest``'s), writes
``manifest.json`` into the staging directory, renames the staging directory to
``vN`` (one ``os.rename``), then points ``latest`` at it (a temporary symlink
``os.replace``-d over ``latest``). A failure or kill at any point leaves the
previous version and ``latest`` untouched; a kill between the rename and the
switch leaves a complete ``vN`` that is not ``latest`` (the next build takes
``N + 1``).

Hashes are of *content*: for tables the HTML markup, for figures the PNG bytes
(:mod:`analysis.plots` draws without timestamps and ``show_figure`` writes PNGs
without the ``Software`` tag, so equal figures give equal bytes); execution
metadata, counts and times of the executed notebooks are never hashed.

The hashing and JSON helpers are those of the execution cache
(:mod:`analysis.execution.cache`), so "the sha256 of an input" means the same
in both places.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import fcntl
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.config import EDITIONS_DIR, EVALUATIEAGENDA, INDICATOR_REGISTRY, MIJLPALEN, PROJECT_ROOT, STATLINE_DIR
from analysis.editions import ChapterRun, Edition
from analysis.errors import VoortgangError
from analysis.execution.cache import InputHasher, canonical_json, code_hash, sha256_file
from analysis.yamlio import display_path

#: Version of the manifest's layout; bump it when a key changes meaning.
MANIFEST_FORMAT: int = 1
MANIFEST_NAME = "manifest.json"
#: Name of the symlink to the newest version.
LATEST = "latest"
#: Subfolder of a version with the data the edition used (read by :mod:`analysis.diff`).
DATA_SUBDIR = "data"
FIGURES_NAME = "figures.csv"
#: Registries copied into ``<version>/data/`` under these names.
REGISTRY_COPIES: dict[str, Path] = {
    "indicators.yaml": INDICATOR_REGISTRY,
    "evaluatieagenda.yaml": EVALUATIEAGENDA,
    "mijlpalen.yaml": MIJLPALEN,
}
#: CBS period status, as :mod:`analysis.statline` writes it into the ``note`` of a row.
STATUSES: tuple[str, ...] = ("voorlopig", "nader voorlopig", "definitief")

VERSION_PATTERN = re.compile(r"^v([1-9]\d*)$")
_LOCK_NAME = ".lock"
_TMP_PREFIX = ".tmp-"
#: Output MIME types hashed as tables and figures.
_TABLE, _FIGURE, _TEXT = "text/html", "image/png", "text/markdown"


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


# ---------------------------------------------------------------- content hashes


def _sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _joined(value: str | list[str]) -> str:
    """nbformat stores multi-line outputs either as one string or a list of lines."""
    return value if isinstance(value, str) else "".join(value)


def _chapters(report_dir: Path) -> list[tuple[str, dict[str, Any]]]:
    """``(stem, notebook JSON)`` of ``report_dir/notebooks/*.ipynb``, sorted by stem."""
    out = []
    for path in sorted((Path(report_dir) / "notebooks").glob("*.ipynb")):
        try:
            out.append((path.stem, json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, json.JSONDecodeError) as exc:
            raise VoortgangError(f"{path}: not a readable notebook ({exc})") from None
    return out


def output_hashes(report_dir: Path) -> dict[str, str]:
    """SHA-256 of every table and figure of the executed notebooks of a report.

    Parameters
    ----------
    report_dir : Path
        A report (or staging, or version) directory with ``notebooks/*.ipynb``.

    Returns
    -------
    dict of str to str
        ``"<chapter>/cell<k>/output<j>" -> hex sha256`` (``k`` and ``j`` 1-based,
        ``k`` counting every cell, ``j`` every output of the cell) for each
        output with ``text/html`` (hash of the markup) or ``image/png`` (hash of
        the decoded PNG bytes). Execution counts, cell and notebook metadata
        (times, durations) and output metadata are not hashed. Sorted by key.
    """
    hashes: dict[str, str] = {}
    for stem, nb in _chapters(report_dir):
        for k, cell in enumerate(nb.get("cells", []), start=1):
            for j, output in enumerate(cell.get("outputs", []), start=1):
                data = output.get("data", {})
                if _TABLE not in data and _FIGURE not in data:
                    continue
                digest = hashlib.sha256()
                if _TABLE in data:
                    digest.update(b"html\0" + _joined(data[_TABLE]).encode("utf-8") + b"\0")
                if _FIGURE in data:
                    digest.update(b"png\0" + base64.b64decode(_joined(data[_FIGURE])) + b"\0")
                hashes[f"{stem}/cell{k}/output{j}"] = digest.hexdigest()
    return dict(sorted(hashes.items()))


def text_hashes(report_dir: Path) -> dict[str, str]:
    """SHA-256 of the text (``text/markdown`` outputs, in order) of each chapter.

    The generated sentences carry numbers too ("van 34% in 2016 naar 27% in
    2019"), so a changed sentence is a changed output.

    Returns
    -------
    dict of str to str
        ``"<chapter>/text" -> hex sha256``, sorted by key; chapters without text
        are left out.
    """
    hashes = {}
    for stem, nb in _chapters(report_dir):
        texts = [
            _joined(o["data"][_TEXT])
            for cell in nb.get("cells", [])
            for o in cell.get("outputs", [])
            if _TEXT in o.get("data", {})
        ]
        if texts:
            hashes[f"{stem}/text"] = _sha256_text("\0".join(texts))
    return dict(sorted(hashes.items()))


def data_hashes(version_dir: Path) -> dict[str, str]:
    """SHA-256 of every file under ``<version_dir>/data/`` (relative posix path -> hash)."""
    base = Path(version_dir) / DATA_SUBDIR
    if not base.is_dir():
        return {}
    return {p.relative_to(version_dir).as_posix(): sha256_file(p) for p in sorted(base.rglob("*")) if p.is_file()}


def fingerprint(version_dir: Path, renderer: Mapping[str, Any] | None = None) -> str:
    """One hash of everything that makes two builds "the same" (see :func:`publish`).

    Tables and figures (:func:`output_hashes`), text (:func:`text_hashes`), the
    stored data (:func:`data_hashes`), the names of the top-level outputs (so a
    build with more formats is a new version) and the renderer with its
    versions (a new pandoc changes the DOCX). Never times, the commit or the
    environment: those are in the manifest but do not make a new version.
    """
    version_dir = Path(version_dir)
    if renderer is None:
        renderer = read_manifest(version_dir).get("renderer", {}) if (version_dir / MANIFEST_NAME).is_file() else {}
    names = sorted(p.name for p in version_dir.iterdir() if p.name != MANIFEST_NAME)
    parts = {
        "outputs": output_hashes(version_dir),
        "text": text_hashes(version_dir),
        "data": data_hashes(version_dir),
        "files": names,
        "renderer": dict(renderer),
    }
    return _sha256_text(canonical_json(parts))


# ---------------------------------------------------------------- the data a version keeps for diffs


def statline_snapshots(edition: Edition) -> dict[str, str]:
    """StatLine snapshots an edition names: ``{table: date}``.

    A source with ``soort: statline`` names its snapshot by ``pad``:
    ``data/raw/statline/<table>/<YYYY-MM-DD>`` (the folder ``voortgang data
    fetch`` writes).

    Raises
    ------
    VoortgangError
        A StatLine source without such a ``pad``.
    """
    out: dict[str, str] = {}
    root = STATLINE_DIR.relative_to(PROJECT_ROOT).as_posix()
    for source in edition.sources:
        if source.soort != "statline":
            continue
        match = re.match(rf"^{re.escape(root)}/([^/]+)/(\d{{4}}-\d{{2}}-\d{{2}})/?$", source.pad or "")
        if not match:
            raise VoortgangError(
                f"{display_path(EDITIONS_DIR / f'{edition.edition}.yaml')}: source {source.naam!r}, key 'pad': "
                f"a StatLine source names its snapshot as {root}/<table>/<YYYY-MM-DD>, not {source.pad!r}"
            )
        out[match.group(1)] = match.group(2)
    return out


def row_status(notes: pd.Series) -> pd.Series:
    """CBS status of each row from its ``note`` (``" | "``-separated items), else ``""``.

    :func:`analysis.statline.to_published_rows` writes the period's status
    (``voorlopig``, ``nader voorlopig``, ``definitief``) as one item of the note;
    figures from a printed report have no status.
    """
    def status(note: str) -> str:
        items = [item.strip() for item in str(note).split("|")]
        return next((item for item in items if item in STATUSES), "")

    return notes.fillna("").map(status).astype(str)


def edition_figures(published: Sequence[Path], statline: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The figures an edition uses, in one frame: published tables plus StatLine rows.

    Parameters
    ----------
    published : sequence of Path
        Published-figures CSV files (the chapters' ``published`` parameters).
    statline : mapping of table id to snapshot date, optional
        Snapshots (:func:`statline_snapshots`), turned into rows by ``params/statline.yaml``.

    Returns
    -------
    pandas.DataFrame
        The published columns plus ``status`` (:func:`row_status`), sorted by
        indicator, breakdown and period; on a duplicate key the later source wins
        (StatLine after the printed report).
    """
    from analysis.published import COLUMNS, KEY, load_published

    frames = [load_published(Path(p)) for p in dict.fromkeys(Path(p) for p in published)]
    if statline:
        from analysis.statline import published_rows_for

        frames.append(published_rows_for(dict(statline)))
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(COLUMNS))
    frame = frame.drop_duplicates(list(KEY), keep="last")
    frame["status"] = row_status(frame["note"])
    return frame.sort_values(list(KEY), kind="stable").reset_index(drop=True)


def published_paths(runs: Sequence[ChapterRun]) -> list[Path]:
    """The distinct ``published`` parameters of an edition's chapter runs, as absolute paths."""
    return list(dict.fromkeys(PROJECT_ROOT / r.parameters["published"] for r in runs if "published" in r.parameters))


def write_edition_data(staging: Path, figures: pd.DataFrame, registries: Mapping[str, Path] | None = None) -> Path:
    """Store what :mod:`analysis.diff` compares in ``<staging>/data/``.

    Parameters
    ----------
    staging : Path
        The build's staging directory (later the version directory).
    figures : pandas.DataFrame
        :func:`edition_figures`; written as ``figures.csv`` (UTF-8, ``.`` decimal
        point, shortest round-trip floats, so the file is deterministic).
    registries : mapping of file name to Path, optional
        Registries to copy byte for byte; default :data:`REGISTRY_COPIES`.

    Returns
    -------
    Path
        The ``data`` directory.
    """
    out = Path(staging) / DATA_SUBDIR
    out.mkdir(parents=True, exist_ok=True)
    figures.to_csv(out / FIGURES_NAME, index=False, encoding="utf-8", lineterminator="\n")
    for name, source in (registries if registries is not None else REGISTRY_COPIES).items():
        shutil.copyfile(source, out / name)
    return out


# ---------------------------------------------------------------- the manifest


def utc_now() -> datetime:
    """The current time in UTC (for ``started``/``finished``)."""
    return datetime.now(UTC)


def git_state(root: Path = PROJECT_ROOT) -> dict[str, Any]:
    """Commit and dirty flag of the project checkout.

    Returns
    -------
    dict
        ``{"commit": str, "dirty": bool}``; when ``root`` is not the top of a git
        work tree or git is missing: ``{"commit": None, "dirty": None, "note": why}``.
        ``dirty`` counts untracked files too (a new params file changes a build).
    """
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              check=True, timeout=60).stdout.strip()

    try:
        top = git("rev-parse", "--show-toplevel")
        if Path(top).resolve() != Path(root).resolve():
            return {"commit": None, "dirty": None, "note": f"{root} is not the top of a git work tree"}
        commit = git("rev-parse", "HEAD")
        dirty = bool(git("status", "--porcelain"))
    except FileNotFoundError:
        return {"commit": None, "dirty": None, "note": "git is not installed"}
    except subprocess.CalledProcessError as exc:
        reason = (exc.stderr or "").strip().splitlines()
        return {"commit": None, "dirty": None, "note": reason[0] if reason else "git failed"}
    except subprocess.TimeoutExpired:
        return {"commit": None, "dirty": None, "note": "git did not answer within 60 s"}
    return {"commit": commit, "dirty": dirty}


def installed_packages() -> dict[str, str]:
    """Every installed distribution and its version, sorted by normalised name."""
    out: dict[str, str] = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            out.setdefault(re.sub(r"[-_.]+", "-", name).lower(), dist.version)
    return dict(sorted(out.items()))


def renderer_info(use_quarto: bool) -> dict[str, str]:
    """The renderer and its versions: Quarto's, or the built-in one's tools.

    Returns
    -------
    dict
        ``{"name": "quarto", "quarto": "1.6.40"}`` or ``{"name": "builtin",
        "pandoc": ..., "typst": ..., "nbconvert": ...}``.
    """
    if use_quarto:
        from analysis.render.quarto_project import quarto_executable

        exe = quarto_executable()
        version = "absent"
        if exe is not None:
            proc = subprocess.run([exe, "--version"], capture_output=True, text=True, check=False, timeout=60)
            version = proc.stdout.strip() or "unknown"
        return {"name": "quarto", "quarto": version}
    import pypandoc

    info = {"name": "builtin", "pandoc": str(pypandoc.get_pandoc_version())}
    for dist in ("typst", "nbconvert"):
        try:
            info[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            info[dist] = "absent"
    return info


def build_manifest(
    edition: Edition,
    report_dir: Path,
    *,
    inputs: Sequence[Path],
    runs: Sequence[ChapterRun] = (),
    renderer: Mapping[str, str],
    started: datetime,
    finished: datetime | None = None,
    root: Path = PROJECT_ROOT,
) -> dict[str, Any]:
    """The provenance of one build, for ``manifest.json``.

    Parameters
    ----------
    edition : analysis.editions.Edition
        The validated edition; stored as ``parameters`` (its JSON dump).
    report_dir : Path
        The staging directory with the rendered outputs and ``data/`` (hashed).
    inputs : sequence of Path
        The build's cache inputs (:func:`analysis.build.edition_inputs`);
        directories count as every file below them.
    runs : sequence of ChapterRun
        The chapters with the parameters injected into each.
    renderer : mapping
        :func:`renderer_info`.
    started, finished : datetime
        Start and end of the build (timezone-aware; ``finished`` defaults to now).
    root : Path
        The project checkout (for git and relative paths).

    Returns
    -------
    dict
        Keys: ``format``, ``edition``, ``git`` (:func:`git_state`), ``parameters``,
        ``chapters``, ``inputs`` (relative path -> sha256), ``code`` (sha256 of the
        ``analysis`` package), ``python``, ``packages`` (:func:`installed_packages`),
        ``renderer``, ``started``, ``finished`` (ISO 8601, UTC), ``output_hashes``,
        ``text_hashes``, ``data_hashes``, ``fingerprint``. Everything but
        ``git``, the times and the environment is a function of the content.
    """
    finished = finished or utc_now()
    renderer = dict(renderer)
    return {
        "format": MANIFEST_FORMAT,
        "edition": edition.edition,
        "git": git_state(root),
        "parameters": edition.model_dump(mode="json"),
        "chapters": [
            {"id": r.output_id, "notebook": Path(r.notebook).name, "parameters": json.loads(canonical_json(r.parameters))}
            for r in runs
        ],
        "inputs": InputHasher().inputs(inputs, f"edition {edition.edition}"),
        "code": code_hash(),
        "python": {
            "implementation": platform.python_implementation(),
            "version": platform.python_version(),
            "platform": platform.platform(),
        },
        "packages": installed_packages(),
        "renderer": renderer,
        "started": started.astimezone(UTC).isoformat(timespec="seconds"),
        "finished": finished.astimezone(UTC).isoformat(timespec="seconds"),
        "output_hashes": output_hashes(report_dir),
        "text_hashes": text_hashes(report_dir),
        "data_hashes": data_hashes(report_dir),
        "fingerprint": fingerprint(report_dir, renderer),
    }


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
    from analysis.render.quarto_project import INDEX_CHAPTER, NOTEBOOK_SUBDIR, output_stem

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
