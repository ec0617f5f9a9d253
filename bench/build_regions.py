"""Benchmark: the national report plus the regional reports of a half-yearly build.

Four measurements on one copy of the project, in one run, on the same machine, each
with wall time, CPU seconds (this process's children: the build, its kernels and
workers) and the peak memory of the whole process tree (sampled every 0.2 s):

(a) naive baseline: ``voortgang data prepare`` (the national pass that counts the
    person-level data once, which the regional notebooks read), then a sequential
    loop calling the ``papermill`` CLI for every national chapter and every regional
    execution of the edition (no rendering);
(b) ``voortgang build --regions <spec>`` cold: empty execution cache, no reports, no
    count tables;
(c) the same command again with nothing changed;
(d) after changing one region's researcher text (``params/tekst/<edition>/regio-JZ14.md``):
    only that region's executions and report may be redone.

The project copy gets its own snapshot of the ``analysis`` package on ``PYTHONPATH``,
so that edits to the work tree during the run cannot invalidate the cache between
(b), (c) and (d). The synthetic data the edition names are copied, not generated
(data generation is measured in ``bench_microdata.py``).

``--persons N`` generates a synthetic population of N persons for the copy (with
the edition's years and seed; not timed) instead of copying the edition's.

Usage (figures go into BENCHMARKS.md by hand, as an appended section)::

    .venv/bin/python bench/build_regions.py            # 42 + 4 + 8 regions, about 25 minutes on 2 cores
    .venv/bin/python bench/build_regions.py --skip-naive --persons 5000000
    .venv/bin/python bench/build_regions.py --regions all
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import yaml

from analysis.config import DEFAULT_EDITION, KERNEL_NAME, PROJECT_ROOT

#: What a build of a project copy needs besides the code (as tests/helpers.py copies).
PARTS = ("params", "notebooks", "data/published", "data/reference", "_quarto.yml", "CITATION.cff")
TEXT_REGION = "JZ14"


def make_copy(root: Path, edition: str, persons: int | None = None) -> dict[str, str]:
    """Copy the project parts, the synthetic data (or make ``persons`` of them) and a code snapshot.

    Returns the environment of every command run on the copy.
    """
    for part in PARTS:
        src, dst = PROJECT_ROOT / part, root / part
        if src.is_dir():
            shutil.copytree(src, dst)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    code = root / "code"
    shutil.copytree(PROJECT_ROOT / "src" / "analysis", code / "analysis",
                    ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "VOORTGANG_ROOT": str(root), "PYTHONPATH": str(code), "COLUMNS": "200"}
    edition_file = root / "params" / "editions" / f"{edition}.yaml"
    spec = yaml.safe_load(edition_file.read_text(encoding="utf-8"))
    synthetic = spec.get("synthetic") or {}
    pad = synthetic.get("pad")
    if persons is not None and pad:
        text = edition_file.read_text(encoding="utf-8")
        edition_file.write_text(text.replace(f"persons: {synthetic['persons']}", f"persons: {persons}", 1),
                                encoding="utf-8")
        subprocess.run([sys.executable, "-m", "analysis", "data", "synth", "--persons", str(persons), "--years",
                        str(synthetic["years"]), "--seed", str(synthetic["seed"]), "--out", str(root / pad)],
                       env=env, check=True, capture_output=True)
    elif pad and (PROJECT_ROOT / pad).is_dir():
        shutil.copytree(PROJECT_ROOT / pad, root / pad)
    monitor = synthetic.get("monitor")
    if monitor and (PROJECT_ROOT / monitor).is_dir():
        shutil.copytree(PROJECT_ROOT / monitor, root / monitor)
    return env


class Measured:
    """Wall time, CPU seconds of the children and the peak RSS of the process tree of one step."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):  # a process that ended meanwhile
                    total += proc.memory_info().rss
            self.peak = max(self.peak, total)
            self._stop.wait(0.2)

    def __enter__(self) -> Measured:
        self._cpu0 = _children_cpu()
        self._t0 = time.perf_counter()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self._t0
        self.cpu = _children_cpu() - self._cpu0
        self._stop.set()
        self._thread.join()


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def planned_runs(env: dict[str, str], edition: str, regions: str) -> list[tuple[str, str, dict]]:
    """(output id, notebook, parameters) of every national and regional execution (in a subprocess,
    so that the project copy's paths apply)."""
    script = (
        "import json, sys\n"
        "from analysis.pipeline.regional import plan_regional\n"
        "from analysis.inputs.editions import load_edition, plan_chapters\n"
        f"e = load_edition({edition!r})\n"
        f"runs = plan_chapters(e) + [r for p in plan_regional(e, {regions!r}) for r in p.runs]\n"
        "json.dump([(r.output_id, str(r.notebook), r.parameters) for r in runs], sys.stdout)\n"
    )
    import json

    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    return [tuple(x) for x in json.loads(out.stdout)]


def naive(root: Path, env: dict[str, str], runs: list[tuple[str, str, dict]], edition: str) -> Measured:
    """(a): the national pass, then one ``papermill`` CLI call per execution, one after the other."""
    papermill = Path(sys.executable).with_name("papermill")
    out = root / "naive"
    out.mkdir()
    with Measured() as measured:
        subprocess.run([sys.executable, "-m", "analysis", "data", "prepare", "--edition", edition],
                       env=env, check=True, capture_output=True)
        for output_id, notebook, parameters in runs:
            params = out / f"{output_id}.yaml"
            params.write_text(yaml.safe_dump(parameters), encoding="utf-8")
            subprocess.run(
                [str(papermill), notebook, str(out / f"{output_id}.ipynb"), "-k", KERNEL_NAME, "-f", str(params),
                 "--cwd", str(root), "--no-progress-bar"],
                env=env, check=True, capture_output=True,
            )
    return measured


def build(env: dict[str, str], edition: str, regions: str) -> tuple[Measured, str]:
    with Measured() as measured:
        proc = subprocess.run([sys.executable, "-m", "analysis", "build", "--edition", edition, "--regions", regions],
                              env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"build failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return measured, proc.stderr


def counts(stderr: str) -> str:
    executed = len(re.findall(r"^uitgevoerd\s", stderr, re.M))
    rendered = len(re.findall(r"^regio \S+: gebouwd", stderr, re.M))
    national = "kept" if "render: ongewijzigd" in stderr else "rendered"
    return f"{executed} executed, national report {national}, {rendered} regional reports rendered"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edition", default=DEFAULT_EDITION)
    parser.add_argument("--regions", default="all,landsdelen,expertisenetwerken")
    parser.add_argument("--persons", type=int, default=None, help="generate this many synthetic persons")
    parser.add_argument("--skip-naive", action="store_true", help="leave out (a), the slow baseline")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-regions-"))
    try:
        env = make_copy(root, args.edition, args.persons)
        runs = planned_runs(env, args.edition, args.regions)
        print(f"{len(runs)} executions ({sum(not r[0].startswith('regio-') for r in runs)} national)", flush=True)
        rows = []
        a = None
        if not args.skip_naive:
            a = naive(root, env, runs, args.edition)
            rows.append(("(a) naive: national pass, then papermill CLI per notebook, sequential", a,
                         f"{len(runs)} executed"))
            print(rows[-1][0], f"{a.seconds:.1f} s", flush=True)
            shutil.rmtree(root / "data" / "afgeleid")  # (b) starts cold: it makes the count tables itself
        b, err_b = build(env, args.edition, args.regions)
        rows.append((f"(b) `voortgang build --regions {args.regions}`, cold", b, counts(err_b)))
        print(rows[-1][0], f"{b.seconds:.1f} s", flush=True)
        c, err_c = build(env, args.edition, args.regions)
        rows.append(("(c) the same again, nothing changed", c, counts(err_c)))
        print(rows[-1][0], f"{c.seconds:.1f} s", flush=True)
        text = root / "params" / "tekst" / args.edition / f"regio-{TEXT_REGION}.md"
        text.parent.mkdir(parents=True, exist_ok=True)
        text.write_text("Duiding van de kenniswerkplaats.\n", encoding="utf-8")
        d, err_d = build(env, args.edition, args.regions)
        rows.append((f"(d) after changing the text of {TEXT_REGION}", d, counts(err_d)))
        print(rows[-1][0], f"{d.seconds:.1f} s", flush=True)
        who = f"{args.persons} persons" if args.persons else "the edition's synthetic population"
        print(f"\n{who}; {os.cpu_count()} CPUs")
        print("\n| what | wall | CPU | peak memory | work done |\n|---|---:|---:|---:|---|")
        for name, m, work in rows:
            print(f"| {name} | {m.seconds:.1f} s | {m.cpu:.0f} s | {m.peak / 2**30:.2f} GB | {work} |")
        if a is not None:
            print(f"\nratio (a)/(b): wall {a.seconds / b.seconds:.1f}, CPU {a.cpu / b.cpu:.1f}; "
                  f"(a)/(c) wall {a.seconds / c.seconds:.0f}; (a)/(d) wall {a.seconds / d.seconds:.0f}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
