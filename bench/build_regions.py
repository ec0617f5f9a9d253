"""Benchmark: the national report plus one regional report per jeugdregio.

Four measurements on one copy of the project, in one run, on the same machine:

(a) naive baseline: a sequential loop calling the ``papermill`` CLI for every national
    chapter and every regional execution of the edition (no rendering);
(b) ``voortgang build --regions all`` cold: empty execution cache, no reports;
(c) the same command again with nothing changed;
(d) after changing one region's researcher text (``params/tekst/<edition>/regio-JZ14.md``):
    only that region's executions and report may be redone.

The project copy gets its own snapshot of the ``analysis`` package on ``PYTHONPATH``,
so that edits to the work tree during the run cannot invalidate the cache between
(b), (c) and (d). The synthetic data the edition names are copied, not generated
(data generation is measured in ``bench_microdata.py``).

Usage (figures go into BENCHMARKS.md by hand, as an appended section)::

    .venv/bin/python bench/build_regions.py            # all four, about 7 minutes on 2 cores
    .venv/bin/python bench/build_regions.py --skip-naive
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from analysis.config import DEFAULT_EDITION, KERNEL_NAME, PROJECT_ROOT

#: What a build of a project copy needs besides the code (as tests/helpers.py copies).
PARTS = ("params", "notebooks", "data/published", "data/reference", "_quarto.yml", "CITATION.cff")
TEXT_REGION = "JZ14"


def make_copy(root: Path, edition: str) -> dict[str, str]:
    """Copy the project parts, the synthetic data and a code snapshot; return the environment."""
    for part in PARTS:
        src, dst = PROJECT_ROOT / part, root / part
        if src.is_dir():
            shutil.copytree(src, dst)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    spec = yaml.safe_load((PROJECT_ROOT / "params" / "editions" / f"{edition}.yaml").read_text(encoding="utf-8"))
    synthetic = (spec.get("synthetic") or {}).get("pad")
    if synthetic and (PROJECT_ROOT / synthetic).is_dir():
        shutil.copytree(PROJECT_ROOT / synthetic, root / synthetic)
    code = root / "code"
    shutil.copytree(PROJECT_ROOT / "src" / "analysis", code / "analysis",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return {**os.environ, "VOORTGANG_ROOT": str(root), "PYTHONPATH": str(code), "COLUMNS": "200"}


def planned_runs(env: dict[str, str], edition: str) -> list[tuple[str, str, dict]]:
    """(output id, notebook, parameters) of every national and regional execution (in a subprocess,
    so that the project copy's paths apply)."""
    script = (
        "import json, sys\n"
        "from analysis.pipeline.regional import plan_regional\n"
        "from analysis.inputs.editions import load_edition, plan_chapters\n"
        f"e = load_edition({edition!r})\n"
        "runs = plan_chapters(e) + [r for p in plan_regional(e, 'all') for r in p.runs]\n"
        "json.dump([(r.output_id, str(r.notebook), r.parameters) for r in runs], sys.stdout)\n"
    )
    import json

    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    return [tuple(x) for x in json.loads(out.stdout)]


def naive(root: Path, env: dict[str, str], runs: list[tuple[str, str, dict]]) -> float:
    """(a): one ``papermill`` CLI call per execution, one after the other."""
    papermill = Path(sys.executable).with_name("papermill")
    out = root / "naive"
    out.mkdir()
    t0 = time.perf_counter()
    for output_id, notebook, parameters in runs:
        params = out / f"{output_id}.yaml"
        params.write_text(yaml.safe_dump(parameters), encoding="utf-8")
        subprocess.run(
            [str(papermill), notebook, str(out / f"{output_id}.ipynb"), "-k", KERNEL_NAME, "-f", str(params),
             "--cwd", str(root), "--no-progress-bar"],
            env=env, check=True, capture_output=True,
        )
    return time.perf_counter() - t0


def build(env: dict[str, str], edition: str) -> tuple[float, str]:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "analysis", "build", "--edition", edition, "--regions", "all"],
                          env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"build failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return seconds, proc.stderr


def counts(stderr: str) -> str:
    executed = len(re.findall(r"^uitgevoerd\s", stderr, re.M))
    rendered = len(re.findall(r"^regio \S+: gebouwd", stderr, re.M))
    national = "kept" if "render: ongewijzigd" in stderr else "rendered"
    return f"{executed} executed, national report {national}, {rendered} regional reports rendered"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edition", default=DEFAULT_EDITION)
    parser.add_argument("--skip-naive", action="store_true", help="leave out (a), the slow baseline")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-regions-"))
    try:
        env = make_copy(root, args.edition)
        runs = planned_runs(env, args.edition)
        print(f"{len(runs)} executions ({sum(not r[0].startswith('regio-') for r in runs)} national)", flush=True)
        rows = []
        a = None
        if not args.skip_naive:
            a = naive(root, env, runs)
            rows.append(("(a) naive: papermill CLI per notebook, sequential", a, f"{len(runs)} executed"))
            print(rows[-1], flush=True)
        b, err_b = build(env, args.edition)
        rows.append(("(b) `voortgang build --regions all`, cold", b, counts(err_b)))
        print(rows[-1], flush=True)
        c, err_c = build(env, args.edition)
        rows.append(("(c) the same again, nothing changed", c, counts(err_c)))
        print(rows[-1], flush=True)
        text = root / "params" / "tekst" / args.edition / f"regio-{TEXT_REGION}.md"
        text.parent.mkdir(parents=True, exist_ok=True)
        text.write_text("Duiding van de kenniswerkplaats.\n", encoding="utf-8")
        d, err_d = build(env, args.edition)
        rows.append((f"(d) after changing the text of {TEXT_REGION}", d, counts(err_d)))
        print(rows[-1], flush=True)
        print("\n| what | time | work done |\n|---|---:|---|")
        for name, seconds, work in rows:
            print(f"| {name} | {seconds:.1f} s | {work} |")
        if a is not None:
            print(f"\nratio (a)/(b) = {a / b:.1f}; (a)/(c) = {a / c:.0f}; (a)/(d) = {a / d:.0f}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
