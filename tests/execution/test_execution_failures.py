"""Failures are isolated and reported; runs execute in parallel."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from execution_helpers import make_notebook, read, run_of

from analysis.inputs.editions import ChapterRun
from analysis.pipeline.execution.runner import execute_runs, print_summary

pytestmark = pytest.mark.slow


def test_failing_notebook_is_reported_and_keeps_the_previous_output(tmp_path, pool2, capsys):
    nb = make_notebook(
        tmp_path / "regio.ipynb",
        "print('regio', naam)",
        "if kapot:\n    raise ValueError(f'geen cijfers voor {naam}')",
        "print('klaar')",
        parameters="naam = ''\nkapot = False",
    )
    out, cache_dir = tmp_path / "out", tmp_path / "cache"
    good = [run_of("noord", nb, naam="Noord", kapot=False), run_of("zuid", nb, naam="Zuid", kapot=False)]
    assert execute_runs(good, out, cache_dir=cache_dir, pool=pool2, progress=False).ok
    previous = (out / "zuid.ipynb").read_bytes()

    bad = [run_of("noord", nb, naam="Noord", kapot=False), run_of("zuid", nb, naam="Zuid", kapot=True)]
    bad[0] = run_of("noord", nb, naam="Noord-Holland", kapot=False)  # changed too: executes beside the failure
    summary = execute_runs(bad, out, cache_dir=cache_dir, pool=pool2, progress=True)

    assert summary["noord"].status == "executed"
    failed = summary["zuid"]
    assert failed.status == "failed" and summary.exit_code == 1 and not summary.ok
    assert failed.error == "ValueError: geen cijfers voor Zuid"
    assert failed.failed_notebook == out / "zuid.failed.ipynb"
    assert (out / "zuid.ipynb").read_bytes() == previous  # the previous good output is untouched
    # The failed notebook is papermill's: error output with the traceback, the marker cell on top.
    kept = read(failed.failed_notebook)
    errors = [o for c in kept.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert [(e.ename, e.evalue) for e in errors] == [("ValueError", "geen cijfers voor Zuid")]
    traceback = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(errors[0].traceback))  # without colours
    assert "raise ValueError(f'geen cijfers voor {naam}')" in traceback
    assert "An Exception was encountered" in kept.cells[0].source
    assert kept.metadata.papermill.output_path == str(out / "zuid.failed.ipynb")
    assert summary.lines()[1:] == [
        "mislukt: zuid: ValueError: geen cijfers voor Zuid",
        f"  traceback in {out / 'zuid.failed.ipynb'}",
    ]
    print_summary(summary)
    assert "mislukt: zuid" in capsys.readouterr().err
    assert not list(out.glob(".*"))  # no scratch files left

    # Back to the good parameters: the kept good output is still valid, the failure is gone.
    again = execute_runs(good[1:], out, cache_dir=cache_dir, pool=pool2, progress=False)
    assert again["zuid"].status == "cached"
    assert not (out / "zuid.failed.ipynb").exists()


def test_hanging_and_dying_kernels_fail_their_run_only(tmp_path, pool2):
    hang = make_notebook(tmp_path / "hang.ipynb", "import time\ntime.sleep(60)")
    die = make_notebook(tmp_path / "die.ipynb", "print('voor')", "import os\nos._exit(1)")
    fine = make_notebook(tmp_path / "fine.ipynb", "print('goed', x)")
    runs = [run_of("hang", hang), run_of("die", die), run_of("fine1", fine, x=1), run_of("fine2", fine, x=2)]
    started = pool2.kernels_started
    summary = execute_runs(
        runs, tmp_path / "out", cache_dir=tmp_path / "cache", pool=pool2, progress=False, cell_timeout=3
    )
    status = {r.output_id: r.status for r in summary.results}
    assert status == {"hang": "failed", "die": "failed", "fine1": "executed", "fine2": "executed"}
    assert summary["hang"].error.startswith("CellTimeoutError: ")
    assert summary["die"].error.startswith("DeadKernelError: ")
    # The partial notebook of an aborted run is kept: the output before the crash.
    assert "voor\n" in read(summary["die"].failed_notebook).cells[2].outputs[0].text
    assert read(tmp_path / "out" / "fine2.ipynb").cells[-1].outputs[0].text == "goed 2\n"
    # Both broken kernels are replaced: two runs that need both workers at once succeed,
    # and each worker started exactly one new kernel.
    runs, log = barrier_runs(tmp_path / "next")
    assert execute_runs(runs, tmp_path / "next" / "out", cache_dir=tmp_path / "cache", pool=pool2, progress=False).ok
    assert overlap(log)
    assert pool2.kernels_started == started + 2


def barrier_runs(tmp_path: Path) -> tuple[list[ChapterRun], Path]:
    """Two runs that each wait (up to 20 s) until the other has started, and
    record their own start and end time in ``<log>/<id>.json``."""
    log = tmp_path / "log"
    log.mkdir(parents=True)
    nb = make_notebook(
        tmp_path / "wacht.ipynb",
        "import json, pathlib, time\nlog = pathlib.Path(log_dir)\nstart = time.time()\n"
        "(log / f'{ik}.started').touch()\n"
        "deadline = start + 20\n"
        "while not (log / f'{ander}.started').exists() and time.time() < deadline:\n"
        "    time.sleep(0.05)\n"
        "(log / f'{ik}.json').write_text(json.dumps([start, time.time()]))",
        parameters="log_dir = ''\nik = ''\nander = ''",
    )
    runs = [
        run_of("a", nb, log_dir=str(log), ik="a", ander="b"),
        run_of("b", nb, log_dir=str(log), ik="b", ander="a"),
    ]
    return runs, log


def overlap(log: Path) -> bool:
    (a_start, a_end), (b_start, b_end) = (json.loads((log / f"{k}.json").read_text()) for k in "ab")
    return max(a_start, b_start) < min(a_end, b_end)


def test_jobs_run_notebooks_at_the_same_time(tmp_path):
    """Run one after the other, the two intervals could not overlap."""
    runs, log = barrier_runs(tmp_path)
    summary = execute_runs(runs, tmp_path / "out", jobs=2, cache_dir=tmp_path / "cache", progress=False)
    assert summary.ok, summary.lines()
    assert summary.kernels_started == 2
    assert overlap(log)
