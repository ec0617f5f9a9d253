"""The provenance of a published version: ``manifest.json`` and the content hashes.

Hashes are of *content*: for tables the HTML markup, for figures the PNG bytes
(the charts draw without timestamps and :mod:`analysis.present.display`
writes PNGs without the ``Software`` tag, so equal figures give equal bytes),
for text the markdown outputs; execution metadata, counts and times of the
executed notebooks are never hashed. :func:`fingerprint` is what makes two
builds "the same" (then :mod:`analysis.pipeline.publish` makes no new version).
The manifest also holds the git commit, the edition's parameters, the chapters
with their parameters, the sha256 of every input file, the package versions and
the renderer. :func:`write_edition_data` stores the figures and registries the
edition used in the version's ``data/`` (what ``voortgang diff`` compares)."""

from __future__ import annotations

import base64
import hashlib
import json
import platform
import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.config import PROJECT_ROOT
from analysis.errors import VoortgangError
from analysis.inputs.editions import ChapterRun, Edition
from analysis.inputs.notebooks import joined_text as _joined
from analysis.inputs.releases import (
    DATA_SUBDIR,
    FIGURES_NAME,
    MANIFEST_NAME,
    REGISTRY_COPIES,
    read_manifest,
)
from analysis.inputs.yamlio import read_yaml
from analysis.pipeline.execution.cache import (
    InputHasher,
    canonical_json,
    code_hash,
    sha256_file,
)
from analysis.pipeline.render.project import CONCEPT_KEY, PROJECT_FILE
from analysis.pipeline.render.quarto_project import quarto_executable

#: Version of the manifest's layout; bump it when a key changes meaning.
MANIFEST_FORMAT: int = 2
#: Output MIME types hashed as tables and figures.
_TABLE, _FIGURE, _TEXT = "text/html", "image/png", "text/markdown"


# ---------------------------------------------------------------- content hashes


def _sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
        ``"<chapter>/output<n>" -> hex sha256`` for the ``n``-th (1-based,
        three digits) output of the chapter with ``text/html`` (hash of the
        markup) or ``image/png`` (hash of the decoded PNG bytes), counted over
        the whole chapter in order, so that the key does not depend on how the
        outputs are spread over cells. Execution counts, cell and notebook
        metadata (times, durations) and output metadata are not hashed. Sorted
        by key.
    """
    hashes: dict[str, str] = {}
    for stem, nb in _chapters(report_dir):
        outputs = (output for cell in nb.get("cells", []) for output in cell.get("outputs", []))
        shown = (o.get("data", {}) for o in outputs)
        for n, data in enumerate((d for d in shown if _TABLE in d or _FIGURE in d), start=1):
            digest = hashlib.sha256()
            if _TABLE in data:
                digest.update(b"html\0" + _joined(data[_TABLE]).encode("utf-8") + b"\0")
            if _FIGURE in data:
                digest.update(b"png\0" + base64.b64decode(_joined(data[_FIGURE])) + b"\0")
            hashes[f"{stem}/output{n:03d}"] = digest.hexdigest()
    return dict(sorted(hashes.items()))


def text_hashes(report_dir: Path) -> dict[str, str]:
    """SHA-256 of the text (markdown cells and ``text/markdown`` outputs, in order) of each chapter.

    The generated sentences carry numbers too ("van 34% in 2016 naar 27% in
    2019"), so a changed sentence is a changed output. Markdown cells count
    like markdown outputs, so a chapter title that the Quarto project moves
    from an output into a cell (:func:`analysis.pipeline.render.quarto_project.title_as_markdown`)
    keeps the chapter's hash.

    Returns
    -------
    dict of str to str
        ``"<chapter>/text" -> hex sha256``, sorted by key; chapters without text
        are left out.
    """
    hashes = {}
    for stem, nb in _chapters(report_dir):
        texts = []
        for cell in nb.get("cells", []):
            if cell.get("cell_type") == "markdown":
                texts.append(_joined(cell.get("source", "")))
            texts += [_joined(o["data"][_TEXT]) for o in cell.get("outputs", []) if _TEXT in o.get("data", {})]
        if texts:
            hashes[f"{stem}/text"] = _sha256_text("\0".join(texts))
    return dict(sorted(hashes.items()))


def data_hashes(version_dir: Path) -> dict[str, str]:
    """SHA-256 of every file under ``<version_dir>/data/`` (relative posix path -> hash)."""
    base = Path(version_dir) / DATA_SUBDIR
    if not base.is_dir():
        return {}
    return {p.relative_to(version_dir).as_posix(): sha256_file(p) for p in sorted(base.rglob("*")) if p.is_file()}


def _is_concept(version_dir: Path) -> bool:
    """Whether the report in ``version_dir`` is marked concept (``_quarto.yml``, key ``concept``)."""
    project = version_dir / PROJECT_FILE
    if not project.is_file():
        return False
    data = read_yaml(project)
    return isinstance(data, dict) and data.get(CONCEPT_KEY) is True


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
        # a concept and a definitief build of the same content are two versions
        "concept": _is_concept(version_dir),
    }
    return _sha256_text(canonical_json(parts))


def write_edition_data(staging: Path, figures: pd.DataFrame, registries: Mapping[str, Path] | None = None) -> Path:
    """Store what :mod:`analysis.measures.revisions` compares in ``<staging>/data/``.

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
    edition : analysis.inputs.editions.Edition
        The validated edition; stored as ``parameters`` (its JSON dump).
    report_dir : Path
        The staging directory with the rendered outputs and ``data/`` (hashed).
    inputs : sequence of Path
        The build's cache inputs (:func:`analysis.pipeline.dependencies.edition_inputs`);
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
            {"id": r.output_id, "notebook": Path(r.notebook).name,
             "parameters": json.loads(canonical_json(r.parameters))}
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
