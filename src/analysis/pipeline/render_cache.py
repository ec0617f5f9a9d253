"""The render cache: a report whose inputs did not change is not rendered again.

The *render key* of a report (national or regional) is the SHA-256 of the
executed notebooks, the book configuration and index chapter, the formats,
the renderer, the code that renders and publishes (the modules
:data:`RENDER_MODULES` import, not the chapters'), the renderer templates and
the library versions. It is stored in the rendered folder as
:data:`RENDER_MANIFEST` with the outputs it produced; a build with the same key
keeps the report in place.
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


def render_key(
    notebooks: Sequence[Path], config: dict[str, Any], index_markdown: str, formats: Sequence[str], renderer: str
) -> str:
    """SHA-256 of everything a rendered report depends on.

    The executed notebooks (bytes, in chapter order), the book configuration
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
        "notebooks": [sha256_file(p) for p in notebooks],
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
