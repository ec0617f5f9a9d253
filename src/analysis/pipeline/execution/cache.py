"""Cache of notebook executions: skip a run when nothing it depends on changed.

The cache key of one execution is the SHA-256 of a canonical JSON document
(sorted keys, no whitespace) holding

- ``format``: :data:`KEY_FORMAT`, bumped when the key's make-up changes;
- ``notebook``: SHA-256 of the notebook file's bytes (notebooks are committed
  without outputs, so the bytes are the source);
- ``parameters``: the injected parameters, as JSON;
- ``inputs``: path -> SHA-256 of every input data file the caller names for the
  run (a directory counts as all files below it);
- ``code``: SHA-256 of the code the run executes: the modules its notebook
  imports (:mod:`analysis.pipeline.dependencies`), or by default every ``*.py``
  file of the ``analysis`` package;
- shared parts of the build, such as the digest of the edition;
- ``python`` and ``libraries``: the kernel's Python version and the versions of
  the libraries the notebooks import (the kernelspec is checked to run this
  interpreter, see :func:`analysis.pipeline.kernel.check_kernelspec`).

One JSON entry per output id lives in the cache directory; a run is skipped
when its key equals the entry's key *and* the executed notebook still exists
with the hash recorded in the entry. Paths in a key and an entry are relative to
the project root (:func:`analysis.inputs.files.display_path`), so moving the
checkout keeps every entry current. Everything is stdlib (hashlib, json):
no library covers "hash these parts canonically"; the recipe follows the
OWID etl step checksums.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import platform
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from analysis.errors import VoortgangError
from analysis.inputs.files import display_path

#: Version of the key's make-up; bump it to invalidate every entry.
KEY_FORMAT: int = 2

#: Distributions whose versions enter the key: the libraries notebooks import and
#: the execution stack that shapes the executed notebook.
KEY_LIBRARIES: tuple[str, ...] = (
    "ipykernel",
    "matplotlib",
    "nbclient",
    "numpy",
    "pandas",
    "papermill",
    "pingouin",
    "scipy",
    "seaborn",
    "statsmodels",
)


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, read in chunks."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


@functools.cache
def code_hash(package_dir: Path | None = None) -> str:
    """SHA-256 over the relative path and bytes of every ``*.py`` in the package.

    Parameters
    ----------
    package_dir : Path, optional
        Directory of the package; defaults to the installed ``analysis`` package.
        Cached per process (the code does not change during a build).
    """
    if package_dir is None:
        package_dir = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(package_dir.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(package_dir).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@functools.cache
def environment_versions() -> dict[str, str]:
    """Python version and versions of :data:`KEY_LIBRARIES` (cached per process)."""
    versions = {"python": f"{platform.python_implementation()} {platform.python_version()}"}
    for dist in KEY_LIBRARIES:
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "absent"
    return versions


class InputHasher:
    """Hashes input files, each distinct file once per instance.

    Many runs of a build share their inputs (the edition's sources), so one
    instance lives for one :func:`~analysis.pipeline.execution.runner.execute_runs` call.
    The memo is keyed on (path, size, mtime), so a file rewritten in between is
    hashed again.
    """

    def __init__(self) -> None:
        self._memo: dict[tuple[str, int, int], str] = {}

    def file(self, path: Path) -> str:
        """Hex SHA-256 of one file."""
        st = path.stat()
        key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
        if key not in self._memo:
            self._memo[key] = sha256_file(path)
        return self._memo[key]

    def inputs(self, paths: Iterable[Path], context: str) -> dict[str, str]:
        """Map each input (files below a directory, each) to its hash.

        Raises
        ------
        VoortgangError
            An input that does not exist (``context`` names the run).
        """
        hashes: dict[str, str] = {}
        for path in paths:
            path = Path(path)
            if path.is_dir():
                for child in sorted(p for p in path.rglob("*") if p.is_file()):
                    hashes[display_path(child)] = self.file(child)
            elif path.is_file():
                hashes[display_path(path)] = self.file(path)
            else:
                raise VoortgangError(f"{context}: input file {display_path(path)} does not exist")
        return hashes


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no whitespace; non-JSON values by their ``repr``.

    A value that is not JSON (e.g. a ``datetime.date`` from YAML) is written as
    ``{"__repr__": "datetime.date(2020, 1, 1)"}`` so that it never collides with
    a string of the same text.
    """
    return json.dumps(
        value,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=lambda o: {"__repr__": repr(o)},
    )


def key_parts(
    notebook: Path,
    parameters: Mapping[str, Any],
    input_hashes: Mapping[str, str],
    code: str | None = None,
    shared: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The documented parts of a cache key (see the module docstring).

    ``code`` is the hash of the code the run executes (default: the whole
    package, :func:`code_hash`); ``shared`` adds parts common to the runs of a
    build (the digest of the edition).
    """
    versions = environment_versions()
    return {
        "format": KEY_FORMAT,
        "notebook": sha256_file(notebook),
        "parameters": json.loads(canonical_json(dict(parameters))),
        "inputs": dict(sorted(input_hashes.items())),
        "code": code_hash() if code is None else code,
        **dict(shared or {}),
        "python": versions["python"],
        "libraries": {k: v for k, v in versions.items() if k != "python"},
    }


def cache_key(parts: Mapping[str, Any]) -> str:
    """Hex SHA-256 of the canonical JSON of ``parts``."""
    return sha256_bytes(canonical_json(dict(parts)).encode("utf-8"))


@dataclass(frozen=True)
class CacheEntry:
    """What the cache remembers of one successful execution."""

    key: str
    output: str
    output_sha256: str
    parts: dict[str, Any]


def entry_path(cache_dir: Path, output_id: str) -> Path:
    """``cache_dir/<output_id>.json``."""
    return cache_dir / f"{output_id}.json"


def read_entry(cache_dir: Path, output_id: str) -> CacheEntry | None:
    """The stored entry, or ``None`` when absent or unreadable (then the run executes)."""
    path = entry_path(cache_dir, output_id)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return CacheEntry(
            key=raw["key"], output=raw["output"], output_sha256=raw["output_sha256"], parts=raw["parts"]
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_entry(cache_dir: Path, output_id: str, entry: CacheEntry) -> None:
    """Store ``entry`` atomically."""
    payload = {
        "key": entry.key,
        "output": entry.output,
        "output_sha256": entry.output_sha256,
        "parts": entry.parts,
    }
    atomic_write(entry_path(cache_dir, output_id), (json.dumps(payload, indent=1, sort_keys=True) + "\n").encode())


def output_name(output: Path) -> str:
    """How an entry names its executed notebook: relative to the project root when inside it.

    So that a moved checkout (or project copy) finds its entries current.
    """
    return display_path(output)


def is_fresh(entry: CacheEntry | None, key: str, output: Path) -> bool:
    """True when ``entry`` has ``key`` and ``output`` exists with the recorded hash."""
    if entry is None or entry.key != key or entry.output != output_name(output):
        return False
    try:
        return sha256_file(output) == entry.output_sha256
    except OSError:
        return False


def stale_reason(entry: CacheEntry | None, parts: Mapping[str, Any], key: str) -> str:
    """Short reason (Dutch, with the names of the key parts) why a run is executed again (for the summary)."""
    if entry is None:
        return "niet in de cache"
    if entry.key == key:
        return "uitvoer ontbreekt of is veranderd"
    changed = [name for name in parts if entry.parts.get(name) != parts[name]]
    if "inputs" in changed:
        old, new = entry.parts.get("inputs") or {}, parts["inputs"]
        files = sorted(p for p in set(old) | set(new) if old.get(p) != new.get(p))
        changed[changed.index("inputs")] = "inputs (" + ", ".join(files) + ")"
    return "veranderd: " + ", ".join(changed) if changed else "sleutel veranderd"


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and :func:`os.replace`.

    Readers see the old file or the new one, never half a file. The file gets
    the usual mode 0644 (``mkstemp`` makes it private; reports are shared).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
