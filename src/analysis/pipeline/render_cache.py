"""The render cache: a report whose inputs did not change is not rendered again.

The *render key* of a report (national or regional) is the SHA-256 of the
executed notebooks' content (:func:`notebook_content`: without the times,
counts, ids and paths that papermill and the kernel write, so that executing
the same chapter again, or in a moved checkout, renders nothing), the book
configuration and index chapter, the formats, the renderer, the code that
renders and publishes (the modules :data:`RENDER_MODULES` import, not the
chapters'), the renderer templates and the library versions. It is stored in
the rendered folder as :data:`RENDER_MANIFEST` with the outputs it produced; a
build with the same key keeps the report in place.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from analysis.config import TEMPLATES_DIR
from analysis.pipeline.dependencies import closure, code_hash
from analysis.pipeline.execution.cache import (
    canonical_json,
    environment_versions,
    sha256_bytes,
    sha256_file,
)

#: In a rendered report folder: the render key and the outputs it produced.
RENDER_MANIFEST = ".render.json"
#: Distributions (besides those of the execution cache key) that shape a rendered report.
RENDER_LIBRARIES: tuple[str, ...] = ("nbconvert", "pypandoc-binary", "typst")
#: The code that shapes a rendered and published report (with what these modules import).
RENDER_MODULES: tuple[str, ...] = (
    "analysis.pipeline.rendering",
    "analysis.pipeline.render_cache",
    "analysis.pipeline.manifest",
    "analysis.pipeline.publish",
)
#: What papermill and the kernel write into an executed notebook that differs between two
#: executions of the same content: notebook metadata (papermill's start and end time,
#: duration, input and output path), cell metadata (the kernel's message times,
#: papermill's per-cell times), cell keys (execution count; the id papermill gives the
#: injected-parameters cell anew each run) and output keys (the execution count).
VOLATILE_NOTEBOOK_METADATA: tuple[str, ...] = ("papermill",)
VOLATILE_CELL_METADATA: tuple[str, ...] = ("execution", "papermill")
VOLATILE_CELL_KEYS: tuple[str, ...] = ("execution_count", "id")
VOLATILE_OUTPUT_KEYS: tuple[str, ...] = ("execution_count",)


def notebook_content(path: Path) -> str:
    """SHA-256 of an executed notebook's content: what a renderer can show.

    Cells (type, source, tags and other metadata), outputs (data and their
    metadata, such as alt texts and protection marks) and the notebook's
    kernel and language; never the volatile parts listed in
    :data:`VOLATILE_NOTEBOOK_METADATA`, :data:`VOLATILE_CELL_METADATA`,
    :data:`VOLATILE_CELL_KEYS` and :data:`VOLATILE_OUTPUT_KEYS`.

    Raises
    ------
    OSError, ValueError
        The file cannot be read or is not JSON (the build wrote it, so this is
        a bug or a damaged disk, not bad input).
    """
    nb = json.loads(path.read_bytes())
    metadata = {k: v for k, v in nb.get("metadata", {}).items() if k not in VOLATILE_NOTEBOOK_METADATA}
    cells = []
    for cell in nb.get("cells", []):
        kept = {k: v for k, v in cell.items() if k not in VOLATILE_CELL_KEYS}
        kept["metadata"] = {k: v for k, v in cell.get("metadata", {}).items() if k not in VOLATILE_CELL_METADATA}
        if "outputs" in cell:
            kept["outputs"] = [{k: v for k, v in o.items() if k not in VOLATILE_OUTPUT_KEYS} for o in cell["outputs"]]
        cells.append(kept)
    content = {"nbformat": [nb.get("nbformat"), nb.get("nbformat_minor")], "metadata": metadata, "cells": cells}
    return sha256_bytes(canonical_json(content).encode("utf-8"))


def render_key(
    notebooks: Sequence[Path], config: dict[str, Any], index_markdown: str, formats: Sequence[str], renderer: str
) -> str:
    """SHA-256 of everything a rendered report depends on.

    The executed notebooks (their content, :func:`notebook_content`, in
    chapter order), the book configuration
    and index chapter, the formats, the renderer, the rendering and publishing
    code (:data:`RENDER_MODULES` and what they import), the renderer templates
    and the library versions. A report whose key is unchanged is not rendered
    again.
    """
    versions = dict(environment_versions())
    for dist in RENDER_LIBRARIES:
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "absent"
    templates = {
        p.relative_to(TEMPLATES_DIR).as_posix(): sha256_file(p) for p in sorted(TEMPLATES_DIR.rglob("*")) if p.is_file()
    }
    parts = {
        "notebooks": [notebook_content(p) for p in notebooks],
        "config": config,
        "index": index_markdown,
        "formats": list(formats),
        "renderer": renderer,
        "code": code_hash(closure(RENDER_MODULES)),
        "templates": templates,
        "versions": versions,
    }
    return sha256_bytes(canonical_json(parts).encode("utf-8"))


def read_render_manifest(report_dir: Path) -> dict[str, Any]:
    """The report's render manifest, or an empty dict when absent or unreadable."""
    try:
        data = json.loads((report_dir / RENDER_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def current_outputs(report_dir: Path, key: str, formats: Sequence[str]) -> dict[str, Path] | None:
    """The outputs of a report rendered with ``key``, or None when it must be rendered.

    None when the manifest is missing, its key differs, a format is missing or
    an output file is gone.
    """
    manifest = read_render_manifest(report_dir)
    outputs = manifest.get("outputs", {})
    if manifest.get("key") != key or not isinstance(outputs, dict) or set(outputs) != set(formats):
        return None
    paths = {fmt: report_dir / outputs[fmt] for fmt in formats}
    return paths if all(p.is_file() for p in paths.values()) else None


def write_render_manifest(report_dir: Path, key: str, outputs: dict[str, Path], **extra: Any) -> None:
    """Record the render key and the outputs (relative paths) in ``report_dir``."""
    payload = {"key": key, "outputs": {f: p.relative_to(report_dir).as_posix() for f, p in outputs.items()}, **extra}
    (report_dir / RENDER_MANIFEST).write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8")
