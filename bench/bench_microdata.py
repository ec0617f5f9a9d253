"""Benchmark: synthetic population generation, loading and both 18+ cohorts.

Each stage runs in its own Python process so that its peak memory (max RSS) is its own:

1. ``generate``: ``analysis.inputs.synthetic.write.generate`` (what ``voortgang data synth`` runs);
2. ``cohorts``: ``load_microdata`` (with validation) and then ``cohort_a`` for every year
   and ``cohort_b`` for every year whose follow-up lies within the data.

Usage (figures go into BENCHMARKS.md by hand, as an appended section)::

    .venv/bin/python bench/bench_microdata.py --persons 1000000
    .venv/bin/python bench/bench_microdata.py --persons 5000000

The data are written to ``bench/results/microdata_<persons>/`` (git-ignored; delete it after).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path

from analysis.config import PROJECT_ROOT


def _peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stage_generate(persons: int, years: tuple[int, int], seed: int, out: Path) -> dict:
    from analysis.inputs.synthetic.write import generate

    t0 = time.perf_counter()
    manifest = generate(persons, years, seed, out)
    return {
        "stage": "generate",
        "seconds": time.perf_counter() - t0,
        "peak_mb": _peak_mb(),
        "rows": {k: v["rows"] for k, v in manifest["files"].items()},
        "bytes": sum(v["bytes"] for v in manifest["files"].values()),
    }


def stage_cohorts(out: Path) -> dict:
    from analysis.inputs.microdata.load import load_microdata
    from analysis.measures.cohorts import cohort_a, cohort_b

    t0 = time.perf_counter()
    tables = load_microdata(out)
    t1 = time.perf_counter()
    first, last = tables.coverage
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # early years: partly unobserved windows (documented)
        a = cohort_a(tables, range(first, last + 1))
        t2 = time.perf_counter()
        b = cohort_b(tables, range(first, last))
    t3 = time.perf_counter()
    return {
        "stage": "cohorts",
        "load_seconds": t1 - t0,
        "cohort_a_seconds": t2 - t1,
        "cohort_b_seconds": t3 - t2,
        "cohorts_seconds": t3 - t1,
        "peak_mb": _peak_mb(),
        "rows_out": [len(a), len(b)],
    }


def _run(stage: str, args: argparse.Namespace) -> dict:
    cmd = [sys.executable, __file__, "--stage", stage, "--persons", str(args.persons), "--years", args.years,
           "--seed", str(args.seed)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--years", default="2015-2019")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--stage", choices=["generate", "cohorts"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    out = PROJECT_ROOT / "bench" / "results" / f"microdata_{args.persons}"
    first, last = (int(x) for x in args.years.split("-"))
    if args.stage == "generate":
        print(json.dumps(stage_generate(args.persons, (first, last), args.seed, out)))
        return
    if args.stage == "cohorts":
        print(json.dumps(stage_cohorts(out)))
        return
    gen = _run("generate", args)
    coh = _run("cohorts", args)
    print(f"persons {args.persons:,}, years {args.years}, seed {args.seed}")
    print(f"generate: {gen['seconds']:.1f} s, peak {gen['peak_mb']:,.0f} MB, {gen['bytes'] / 1e6:,.0f} MB parquet, "
          f"rows {gen['rows']}")
    print(f"load (validated): {coh['load_seconds']:.1f} s; cohort A all years {coh['cohort_a_seconds']:.1f} s; "
          f"cohort B {coh['cohort_b_seconds']:.1f} s; cohorts together {coh['cohorts_seconds']:.1f} s; "
          f"peak {coh['peak_mb']:,.0f} MB")


if __name__ == "__main__":
    main()
