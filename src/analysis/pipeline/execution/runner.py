"""Execute many notebooks: cached, in parallel on warm kernels, failures isolated.

:func:`execute_runs` writes ``out_dir/<output_id>.ipynb`` for every run:

1. it first decides, for every run and before starting anything, whether the
   cache (:mod:`analysis.pipeline.execution.cache`) already holds the executed notebook;
   if every run is cached, no kernel is started at all;
2. the other runs execute on an engine (:mod:`analysis.pipeline.execution.engine`):
   by default a :class:`~analysis.pipeline.execution.pool.KernelPool` of ``jobs``
   warm kernels, or a Dask cluster; with a progress bar (done / running / failed).
   Each result is handed to ``on_result`` as soon as it is known (so a report can
   be rendered while other runs still execute);
3. a run whose notebook raises (or times out, or kills its kernel) is a
   *failed* entry of the summary: the executed notebook with the traceback is
   written beside the output as ``<output_id>.failed.ipynb`` and the previous
   good ``<output_id>.ipynb`` stays untouched. The other runs go on.

Every file is written atomically (temporary file, then :func:`os.replace`).
"""

from __future__ import annotations

import os
import re
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from analysis.config import CACHE_DIR, CELL_TIMEOUT_SECONDS
from analysis.errors import VoortgangError
from analysis.inputs.editions import ChapterRun
from analysis.inputs.files import display_path
from analysis.pipeline.execution import orphans
from analysis.pipeline.execution.cache import (
    CacheEntry,
    InputHasher,
    atomic_write,
    cache_key,
    is_fresh,
    key_parts,
    output_name,
    read_entry,
    sha256_bytes,
    stale_reason,
    write_entry,
)
from analysis.pipeline.execution.engine import Engine, LocalEngine
from analysis.pipeline.progress import StepBar
from analysis.present.numbers import format_number

if TYPE_CHECKING:
    from rich.console import Console

    from analysis.pipeline.execution.pool import KernelPool, WarmKernel

Status = Literal["executed", "cached", "failed"]
#: The word for each status in the build's (Dutch) messages.
STATUS_WORDS: dict[str, str] = {"executed": "uitgevoerd", "cached": "uit cache", "failed": "mislukt"}

#: Output ids become file names: letters, digits, ``.``, ``_`` and ``-``.
OUTPUT_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class RunResult:
    """What happened to one run.

    Attributes
    ----------
    output_id : str
        The run's output id.
    status : {"executed", "cached", "failed"}
    seconds : float
        Wall-clock seconds of the execution (for a cached run: of the check).
    output : Path
        ``out_dir/<output_id>.ipynb``; after a failure it is the previous good
        output, if there is one (check ``output.exists()``).
    reason : str
        Why the run was executed (``"--force"``, ``"niet in de cache"``,
        ``"veranderd: parameters"``, ...); empty when cached.
    error : str or None
        ``"ename: evalue"`` of a failed run.
    failed_notebook : Path or None
        The executed notebook holding the traceback of a failed run.
    """

    output_id: str
    status: Status
    seconds: float
    output: Path
    reason: str = ""
    error: str | None = None
    failed_notebook: Path | None = None

    def line(self) -> str:
        """One Dutch line for the build log: ``uitgevoerd factsheet-al1 (0,7 s; niet in de cache)``."""
        why = f"; {self.reason}" if self.status == "executed" and self.reason else ""
        return f"{STATUS_WORDS[self.status]:10} {self.output_id} ({format_number(self.seconds, 1)} s{why})"


@dataclass(frozen=True)
class ExecutionSummary:
    """Results of :func:`execute_runs`, in the order of the runs."""

    results: tuple[RunResult, ...]
    seconds: float
    kernels_started: int

    def with_status(self, status: Status) -> list[RunResult]:
        """Results with the given status."""
        return [r for r in self.results if r.status == status]

    @property
    def failed(self) -> list[RunResult]:
        return self.with_status("failed")

    @property
    def ok(self) -> bool:
        """True when no run failed."""
        return not self.failed

    @property
    def exit_code(self) -> int:
        """0 when every run succeeded, else 1 (2 is reserved for bad input)."""
        return 0 if self.ok else 1

    def __getitem__(self, output_id: str) -> RunResult:
        for result in self.results:
            if result.output_id == output_id:
                return result
        raise KeyError(output_id)

    def lines(self) -> list[str]:
        """The summary as plain lines (Dutch, like the CLI): totals, then each failure."""
        counts = ", ".join(f"{format_number(len(self.with_status(s)))} {word}" for s, word in STATUS_WORDS.items())
        out = [f"{format_number(len(self.results))} notebooks: {counts} ({format_number(self.seconds, 1)} s)"]
        for r in self.failed:
            out.append(f"{STATUS_WORDS['failed']}: {r.output_id}: {r.error}")
            if r.failed_notebook is not None:
                out.append(f"  traceback in {r.failed_notebook}")
        return out


def print_summary(summary: ExecutionSummary, console: Console | None = None) -> None:
    """Print :meth:`ExecutionSummary.lines` (failures in red) to ``console`` (stderr)."""
    from rich.console import Console
    from rich.text import Text

    console = console or Console(stderr=True)
    for line in summary.lines():
        style = "red" if line.startswith(("mislukt", "  traceback")) else None
        console.print(Text(line, style=style), soft_wrap=True)


@dataclass(frozen=True)
class PlannedRun:
    """A run that must execute: the run, its cache key with the parts, and why (picklable: it
    travels to a Dask worker)."""

    run: ChapterRun
    parts: dict[str, Any]
    key: str
    reason: str


def execute_runs(
    runs: Sequence[ChapterRun],
    out_dir: Path,
    *,
    jobs: int | None = None,
    force: bool = False,
    cache_dir: Path | None = None,
    inputs: Callable[[ChapterRun], Sequence[Path]] | None = None,
    code: Callable[[ChapterRun], str] | None = None,
    shared_parts: Mapping[str, Any] | None = None,
    warm: Sequence[str] | None = None,
    progress: bool = True,
    pool: KernelPool | None = None,
    engine: Engine | None = None,
    on_result: Callable[[RunResult], None] | None = None,
    cell_timeout: float | None = CELL_TIMEOUT_SECONDS,
) -> ExecutionSummary:
    """Execute notebooks into ``out_dir/<output_id>.ipynb``, skipping unchanged ones.

    Parameters
    ----------
    runs : sequence of ChapterRun
        Validated executions (:func:`analysis.inputs.editions.plan_chapters`); output
        ids must be unique and usable as file names.
    out_dir : Path
        Directory of the executed notebooks (created when missing).
    jobs : int, optional
        Number of notebooks executed at the same time (warm kernels); default
        the number of CPUs. Ignored when ``pool`` or ``engine`` is given.
    force : bool
        Execute every run, whatever the cache says.
    cache_dir : Path, optional
        Directory of the cache entries; default :data:`analysis.config.CACHE_DIR`.
    inputs : callable, optional
        Returns the data files (or directories) a run reads; their hashes are
        part of its cache key. Without it only notebook, parameters and code count.
    code : callable, optional
        Returns the hash of the code a run executes (the modules its notebook
        imports, :mod:`analysis.pipeline.dependencies`); default: every module
        of the package (:func:`~analysis.pipeline.execution.cache.code_hash`).
    shared_parts : mapping, optional
        More parts of every run's key (e.g. the digest of the edition).
    warm : sequence of str, optional
        Modules the warm kernels import before their first notebook; default
        :data:`~analysis.pipeline.execution.pool.WARM_IMPORTS`.
    progress : bool
        Show a progress bar on stderr.
    pool : KernelPool, optional
        A pool to execute on (kept open); by default one is made and closed.
    engine : Engine, optional
        Where the runs execute (:mod:`analysis.pipeline.execution.engine`; kept
        open); by default a local engine on ``pool`` or ``jobs`` warm kernels.
    on_result : callable, optional
        Called in this thread with each run's result as soon as it is known:
        the cached runs first, then each execution as it finishes.
    cell_timeout : float or None
        Seconds a cell may run before its run fails; ``None`` for no limit.

    Returns
    -------
    ExecutionSummary
        One result per run, in the order of ``runs``. Failures are reported
        here, not raised.

    Raises
    ------
    VoortgangError
        Bad arguments: ``jobs`` < 1, a duplicate or unusable output id, a
        missing notebook or input file. Nothing is executed or written then.
    """
    start = time.perf_counter()
    if jobs is None:
        jobs = os.cpu_count() or 1
    if jobs < 1:
        raise VoortgangError(f"argument 'jobs': must be at least 1, got {jobs}")
    cache_dir = CACHE_DIR if cache_dir is None else cache_dir
    out_dir = Path(out_dir).absolute()  # absolute: a render in this process may change the working directory
    report = on_result or (lambda _result: None)

    results: dict[str, RunResult] = {}
    todo: list[PlannedRun] = []
    hasher = InputHasher()
    for run in _checked(runs):
        t0 = time.perf_counter()
        context = f"run {run.output_id!r}"
        parts = key_parts(run.notebook, run.parameters, hasher.inputs(inputs(run) if inputs else (), context),
                          code=code(run) if code else None, shared=shared_parts)
        key = cache_key(parts)
        entry = read_entry(cache_dir, run.output_id)
        output = out_dir / f"{run.output_id}.ipynb"
        if not force and is_fresh(entry, key, output):
            results[run.output_id] = RunResult(run.output_id, "cached", time.perf_counter() - t0, output)
        else:
            reason = "--force" if force else stale_reason(entry, parts, key)
            todo.append(PlannedRun(run, parts, key, reason))
    for output_id in results:  # a failed attempt after a good output is no longer current
        _failed_path(out_dir, output_id).unlink(missing_ok=True)

    kernels_started = 0
    active = engine or LocalEngine(min(jobs, max(len(todo), 1)), pool=pool)
    before = active.kernels_started
    futures: dict[Future[RunResult], PlannedRun] = {}
    completed = False
    try:
        if todo:
            out_dir.mkdir(parents=True, exist_ok=True)
            orphans.sweep()  # kernels of builds that were killed
        with _ProgressBar(len(runs), done=len(results), enabled=progress and bool(todo), slots=active.slots) as bar:
            for planned in todo:
                future = active.submit_run(execute_planned, planned, out_dir, cache_dir, cell_timeout, bar.started,
                                           warm)
                if not active.reports_starts:
                    bar.started()
                future.add_done_callback(bar.finished)
                futures[future] = planned
            for result in list(results.values()):
                report(result)
            for future in as_completed(futures):
                result = _result_of(futures[future], future, out_dir)
                results[result.output_id] = result
                report(result)
        completed = True
    finally:
        for future in futures:
            future.cancel()
        kernels_started = active.kernels_started - before
        if engine is None:
            active.close(wait=completed)

    return ExecutionSummary(
        results=tuple(results[run.output_id] for run in runs),
        seconds=time.perf_counter() - start,
        kernels_started=kernels_started,
    )


def _checked(runs: Sequence[ChapterRun]) -> Sequence[ChapterRun]:
    seen: set[str] = set()
    for run in runs:
        where = f"argument 'runs': run {run.output_id!r}"
        if not OUTPUT_ID_PATTERN.match(run.output_id):
            raise VoortgangError(f"{where}: output id must be letters, digits, '.', '_' or '-'")
        if run.output_id in seen:
            raise VoortgangError(f"{where}: duplicate output id")
        seen.add(run.output_id)
        if not Path(run.notebook).is_file():
            raise VoortgangError(f"{where}: notebook {display_path(Path(run.notebook))} does not exist")
    return runs


def _failed_path(out_dir: Path, output_id: str) -> Path:
    return out_dir / f"{output_id}.failed.ipynb"


def _result_of(planned: PlannedRun, future: Future[RunResult], out_dir: Path) -> RunResult:
    """The future's result; a failure outside the notebook (kernel start) as a failed run."""
    try:
        return future.result()
    except Exception as exc:  # e.g. the kernel could not start: the run fails, others go on
        output_id = planned.run.output_id
        return RunResult(
            output_id,
            "failed",
            0.0,
            out_dir / f"{output_id}.ipynb",
            reason=planned.reason,
            error=_describe(exc),
        )


def _describe(exc: BaseException) -> str:
    """``ename: evalue`` of a failed cell (papermill), else the exception's first line."""
    ename = getattr(exc, "ename", None)
    if ename:
        return f"{ename}: {getattr(exc, 'evalue', '')}"
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0] if lines else ''}"


def execute_planned(
    kernel: WarmKernel,
    planned: PlannedRun,
    out_dir: Path,
    cache_dir: Path,
    cell_timeout: float | None,
    on_start: Callable[[], None],
) -> RunResult:
    """Execute one run on ``kernel`` (in a pool worker thread)."""
    import nbformat
    from papermill.exceptions import PapermillExecutionError

    # Imported here, in a worker thread of a pool that exists: see execute_runs.
    from analysis.pipeline.execution.pool import NotebookHolder

    run = planned.run
    output = out_dir / f"{run.output_id}.ipynb"
    failed = _failed_path(out_dir, run.output_id)
    on_start()
    t0 = time.perf_counter()
    try:
        kernel.reset()
    except Exception:  # the kernel died since its last run: start a fresh one
        kernel.restart()
    scratch = out_dir / f".{run.output_id}.{uuid.uuid4().hex[:8]}.running.ipynb"
    holder = NotebookHolder()
    try:
        nb = kernel.execute(run.notebook, scratch, dict(run.parameters), holder, cell_timeout=cell_timeout)
    except PapermillExecutionError as exc:  # a cell raised; papermill wrote the notebook with markers
        return _failure(nbformat.read(scratch, as_version=4), planned, failed, output, t0, _describe(exc))
    except Exception as exc:  # timeout, dead kernel: this kernel is not reusable
        kernel.shutdown()
        return _failure(holder.nb, planned, failed, output, t0, _describe(exc))
    finally:
        scratch.unlink(missing_ok=True)
    data = _notebook_bytes(nb, output)
    atomic_write(output, data)
    failed.unlink(missing_ok=True)
    write_entry(
        cache_dir,
        run.output_id,
        CacheEntry(key=planned.key, output=output_name(output), output_sha256=sha256_bytes(data),
                   parts=planned.parts),
    )
    return RunResult(run.output_id, "executed", time.perf_counter() - t0, output, reason=planned.reason)


def _failure(
    nb: Any, planned: PlannedRun, failed: Path, output: Path, t0: float, error: str
) -> RunResult:
    kept: Path | None = None
    if nb is not None:
        atomic_write(failed, _notebook_bytes(nb, failed))
        kept = failed
    return RunResult(
        planned.run.output_id,
        "failed",
        time.perf_counter() - t0,
        output,
        reason=planned.reason,
        error=error,
        failed_notebook=kept,
    )


def _notebook_bytes(nb: Any, path: Path) -> bytes:
    """The notebook as papermill writes it, with ``output_path`` naming its final place."""
    import nbformat

    papermill_meta = nb.metadata.get("papermill")
    if papermill_meta is not None:
        papermill_meta["output_path"] = str(path)
    return nbformat.writes(nb).encode("utf-8")


class _ProgressBar:
    """The executions' progress bar (:class:`~analysis.pipeline.progress.StepBar`) with
    done / running / failed counts, or nothing. At most ``slots`` runs show as running."""

    def __init__(self, total: int, *, done: int, enabled: bool, slots: int) -> None:
        self._lock = threading.Lock()
        self.running = 0
        self.failed = 0
        self._slots = slots
        self._bar = StepBar("notebooks", total, enabled=enabled, done=done,
                            detail="bezig {task.fields[running]} · mislukt {task.fields[failed]}", running=0, failed=0)

    def __enter__(self) -> _ProgressBar:
        self._bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.__exit__(*exc)

    def _show(self, steps: int) -> None:
        self._bar.advance(steps, running=min(self.running, self._slots), failed=self.failed)

    def started(self) -> None:
        with self._lock:
            self.running += 1
            self._show(0)

    def finished(self, future: Future[RunResult]) -> None:
        with self._lock:
            if future.cancelled():
                return
            self.running = max(self.running - 1, 0)
            exc = future.exception()
            if exc is not None or future.result().status == "failed":
                self.failed += 1
            self._show(1)
