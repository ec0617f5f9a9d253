"""Benchmark: one gemeente report per gemeente of the edition's year (``--regions gemeenten``).

On one copy of the project, in one run, on the same machine:

(0) the national report alone (not part of the gemeente figures; it makes the later builds'
    national part a cache hit);
(b) ``voortgang build --regions gemeenten`` cold: no gemeente execution in the cache, no
    gemeente reports, the synthetic gemeente table made by the build;
(c) the same command again with nothing changed (target: under 3 s);
(d) after writing one gemeente's own text (``params/tekst/<edition>/gemeente-GM0363.md``):
    exactly one execution and one report may be redone.

Wall time and the CPU time of the build and everything it started (kernels, render workers)
are measured. The project copy gets its own snapshot of the ``analysis`` package on
``PYTHONPATH``, so edits to the work tree during the run cannot change the cache. A released
previous edition (``releases/2020-H1``, compared with by two national chapters) is copied
when present, so (0) does not build it first.

Usage (figures go into BENCHMARKS.md by hand)::

    .venv/bin/python bench/build_gemeenten.py             # 2024-H1: 342 gemeenten
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from analysis.config import PROJECT_ROOT, RELEASES_DIR
from build_regions import make_copy  # bench/ is the script's folder: on sys.path

TEXT_GEMEENTE = "GM0363"


def make_gemeente_copy(root: Path, edition: str) -> dict[str, str]:
    """The project copy of ``build_regions.make_copy``, with the citation file and the released previous edition."""
    env = make_copy(root, edition)
    shutil.copy2(PROJECT_ROOT / "CITATION.cff", root / "CITATION.cff")  # every report's colofon reads it
    spec = yaml.safe_load((PROJECT_ROOT / "params" / "editions" / f"{edition}.yaml").read_text(encoding="utf-8"))
    previous = {str(c.get("parameters", {}).get("previous")) for c in spec.get("chapters", [])} - {"None"}
    for name in previous:
        if (RELEASES_DIR / name).is_dir():
            shutil.copytree(RELEASES_DIR / name, root / "releases" / name, symlinks=True)
    return env


def build(env: dict[str, str], edition: str, *extra: str) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (this build and its children) and the build log."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "analysis", "build", "--edition", edition, "--formats", "html",
                           "--renderer", "builtin", *extra], env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"build failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return wall, cpu, proc.stderr


def counts(log: str) -> tuple[int, int, list[float]]:
    """Gemeente executions, gemeente reports rendered, and the seconds of each gemeente execution."""
    seconds = [float(s.replace(",", ".")) for s in
               re.findall(r"^uitgevoerd regio-GM\d{4}-\S+ \((\d+(?:,\d+)?) s", log, re.M)]
    rendered = len(re.findall(r"^regio GM\d{4}: gebouwd", log, re.M))
    return len(seconds), rendered, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edition", default="2024-H1")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-gemeenten-"))
    try:
        env = make_gemeente_copy(root, args.edition)
        rows = []
        wall, cpu, _ = build(env, args.edition)
        rows.append(("(0) national report alone", wall, cpu, "-"))
        print(rows[-1], flush=True)
        wall, cpu, log = build(env, args.edition, "--regions", "gemeenten")
        executed, rendered, seconds = counts(log)
        n = executed
        rows.append(("(b) `--regions gemeenten`, cold", wall, cpu, f"{executed} executed, {rendered} rendered"))
        per_run = f"median {statistics.median(seconds):.2f} s per execution (kernel-side)" if seconds else ""
        print(rows[-1], per_run, flush=True)
        cold = (wall, cpu)
        wall, cpu, log = build(env, args.edition, "--regions", "gemeenten")
        executed, rendered, _ = counts(log)
        rows.append(("(c) the same again, nothing changed", wall, cpu, f"{executed} executed, {rendered} rendered"))
        print(rows[-1], flush=True)
        text = root / "params" / "tekst" / args.edition / f"gemeente-{TEXT_GEMEENTE}.md"
        text.parent.mkdir(parents=True, exist_ok=True)
        text.write_text("Onze duiding voor Amsterdam.\n", encoding="utf-8")
        wall, cpu, log = build(env, args.edition, "--regions", "gemeenten")
        executed, rendered, _ = counts(log)
        rows.append((f"(d) after writing the text of {TEXT_GEMEENTE}", wall, cpu,
                     f"{executed} executed, {rendered} rendered"))
        print(rows[-1], flush=True)
        print("\n| what | wall | CPU | work done |\n|---|---:|---:|---|")
        for name, w, c, work in rows:
            print(f"| {name} | {w:.1f} s | {c:.1f} s | {work} |")
        if n:
            print(f"\nper gemeente (cold build / {n}): {cold[0] / n:.2f} s wall, {cold[1] / n:.2f} s CPU; {per_run}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
