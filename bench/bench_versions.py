"""Cost of versioning a build: hashes, manifest, publish, and `voortgang diff`.

Run: ``.venv/bin/python bench/bench_versions.py [report_dir]`` (default
``reports/2020-H1``, so run ``make report`` first). In a temporary directory it
copies the built report into staging directories of ``releases/`` as the build does, then times
each stage once (a build does each once) and prints a markdown table for
BENCHMARKS.md:

- ``output_hashes`` + ``text_hashes`` over the executed notebooks;
- ``edition_figures`` + ``write_edition_data`` (published figures and registries);
- ``build_manifest`` (git, every input file hashed, every installed package);
- ``publish`` of a new version, and of the same content again (no new version);
- ``diff_versions`` between two versions with every published value revised.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from analysis.config import DEFAULT_EDITION, REPORTS_DIR
from analysis.inputs.editions import load_edition, plan_chapters
from analysis.inputs.figures import edition_figures
from analysis.inputs.releases import DATA_SUBDIR, FIGURES_NAME
from analysis.measures.revisions import diff_versions
from analysis.pipeline.execute import plan_dependencies
from analysis.pipeline.manifest import (
    build_manifest,
    output_hashes,
    renderer_info,
    text_hashes,
    utc_now,
    write_edition_data,
)
from analysis.pipeline.plan import plan_build
from analysis.pipeline.publish import publish, staging_dir


def timed(label: str, rows: list[tuple[str, float]], fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    rows.append((label, time.perf_counter() - start))
    return result


def main(report: Path) -> None:
    edition = load_edition(DEFAULT_EDITION)
    runs = plan_chapters(edition)
    dependencies = plan_dependencies(plan_build(DEFAULT_EDITION, ["html"]))
    inputs = sorted({p for run in runs for p in dependencies[run.output_id].files})
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        releases = Path(tmp) / "releases"

        def staging() -> Path:
            path = staging_dir(releases, edition.edition)
            shutil.copytree(report, path, dirs_exist_ok=True, symlinks=False,
                            ignore=shutil.ignore_patterns("manifest.json", DATA_SUBDIR, "v[0-9]*", "latest"))
            return path

        first = staging()
        hashes = timed("output_hashes + text_hashes", rows, lambda: (output_hashes(first), text_hashes(first)))
        figures = timed("edition_figures + write_edition_data", rows,
                        lambda: write_edition_data(first, edition_figures(edition)))
        n_data = sum(1 for _ in figures.iterdir())
        manifest = timed("build_manifest", rows, build_manifest, edition, first, inputs=inputs,
                         runs=runs, renderer=renderer_info(False), started=utc_now())
        timed("publish, new version", rows, publish, first, releases, edition.edition, manifest)
        again = staging()
        write_edition_data(again, edition_figures(edition))
        result = timed("publish, same content (no new version)", rows, publish, again, releases, edition.edition,
                       manifest)
        assert not result.created
        revised = staging()
        data = write_edition_data(revised, edition_figures(edition))
        frame = pd.read_csv(data / FIGURES_NAME)
        frame["value"] = frame["value"] * 1.01
        frame.to_csv(data / FIGURES_NAME, index=False)
        second = publish(revised, releases, edition.edition, manifest)
        diff = timed("diff_versions v1 -> v2 (every value revised)", rows, diff_versions,
                     releases / edition.edition / "v1", second.path)
    n_outputs = len(hashes[0])
    print(f"report: {report} ({n_outputs} tables and figures, {len(hashes[1])} chapters with text, "
          f"{n_data} data files, {len(manifest['inputs'])} input files, "
          f"{len(manifest['packages'])} packages; diff: {len(diff.revisions)} revisions)")
    print("| stage | time |\n|---|---:|")
    for label, seconds in rows:
        print(f"| {label} | {seconds * 1000:.0f} ms |")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPORTS_DIR / DEFAULT_EDITION)
