"""Benchmark: the Dask engine (a scheduler and 2 local workers) against the local engine, same build.

Measured in one run, on one machine, each on a fresh copy of the project (bench/build_regions.py's
``make_copy``: params, notebooks, data, a snapshot of the code), ``voortgang build --regions REGIONS``
cold (empty execution cache, no reports):

(a) the local engine (``--jobs 2``: two warm kernels, two render processes);
(b) the Dask engine: ``dask scheduler`` and ``dask worker --nworkers 2 --nthreads 1``, started
    as the README says (commands with the copy's ``VOORTGANG_ROOT``), ``--scheduler``;
(c) with ``--baseline-code DIR`` (a checkout's ``src``, e.g. of main before the overlap): the
    local engine of that code, where every report is rendered after all executions.

Reported: wall time, the ratio (b)/(a) (the overhead of the engine; target at most 1,3) and
(c)/(a) (the effect of rendering while other runs execute). Figures go into BENCHMARKS.md by hand.

Usage::

    .venv/bin/python bench/bench_dask.py                        # national + 42 jeugdregio's
    .venv/bin/python bench/bench_dask.py --baseline-code /work/main/src
    .venv/bin/python bench/bench_dask.py --regions landsdelen   # shorter
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis.config import DEFAULT_EDITION
from build_regions import counts, make_copy

BIN = Path(sys.executable).parent


def build(env: dict[str, str], edition: str, regions: str, *extra: str) -> tuple[float, str]:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "analysis", "build", "--edition", edition, "--regions", regions,
                           "--jobs", "2", *extra], env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"build failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return seconds, proc.stderr


def with_cluster(root: Path, env: dict[str, str], edition: str, regions: str) -> tuple[float, str]:
    """(b): a scheduler and two single-threaded workers as separate processes, then the build."""
    info = root / "scheduler.json"
    logs = (root / "scheduler.log").open("w"), (root / "workers.log").open("w")
    scheduler = subprocess.Popen([str(BIN / "dask"), "scheduler", "--scheduler-file", str(info), "--port", "0",
                                  "--no-dashboard"], env=env, stdout=logs[0], stderr=subprocess.STDOUT)
    workers = None
    try:
        while not info.exists():
            time.sleep(0.2)
        workers = subprocess.Popen([str(BIN / "dask"), "worker", "--scheduler-file", str(info), "--nworkers", "2",
                                    "--nthreads", "1", "--no-dashboard"], env=env, stdout=logs[1],
                                   stderr=subprocess.STDOUT)
        address = json.loads(info.read_text(encoding="utf-8"))["address"]
        return build(env, edition, regions, "--scheduler", address)  # waits for its first worker
    finally:
        for proc in (workers, scheduler):
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edition", default=DEFAULT_EDITION)
    parser.add_argument("--regions", default="all")
    parser.add_argument("--baseline-code", type=Path, help="src folder of the code to compare the overlap with")
    args = parser.parse_args()
    rows = []
    for name in ("local", "dask", "baseline"):
        if name == "baseline" and args.baseline_code is None:
            continue
        root = Path(tempfile.mkdtemp(prefix=f"bench-dask-{name}-"))
        try:
            env = make_copy(root, args.edition)
            if name == "baseline":
                shutil.rmtree(root / "code" / "analysis")
                shutil.copytree(args.baseline_code / "analysis", root / "code" / "analysis",
                                ignore=shutil.ignore_patterns("__pycache__"))
            if name == "dask":
                seconds, stderr = with_cluster(root, env, args.edition, args.regions)
            else:
                seconds, stderr = build(env, args.edition, args.regions)
            rows.append((name, seconds, counts(stderr)))
            print(rows[-1], flush=True)
        finally:
            shutil.rmtree(root, ignore_errors=True)
    labels = {"local": "(a) local engine, `--jobs 2`",
              "dask": "(b) Dask: scheduler + `dask worker --nworkers 2 --nthreads 1`",
              "baseline": f"(c) local engine of {args.baseline_code} (renders after all executions)"}
    print(f"\n`voortgang build --regions {args.regions}`, cold\n\n| what | time | work done |\n|---|---:|---|")
    for name, seconds, work in rows:
        print(f"| {labels[name]} | {seconds:.1f} s | {work} |")
    times = {name: seconds for name, seconds, _ in rows}
    print(f"\nratio (b)/(a) = {times['dask'] / times['local']:.2f}")
    if "baseline" in times:
        print(f"ratio (c)/(a) = {times['baseline'] / times['local']:.2f}")


if __name__ == "__main__":
    main()
