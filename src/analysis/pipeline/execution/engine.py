"""Where a build's work runs: executions of notebooks and renders of reports.

An :class:`Engine` takes two kinds of work and returns a
:class:`concurrent.futures.Future` for each:

- :meth:`Engine.submit_run`: execute one planned run with the function the runner
  passes (:func:`analysis.pipeline.execution.runner.execute_planned`, given a warm
  kernel), which writes the executed notebook (or ``<id>.failed.ipynb``) and its
  cache entry itself;
- :meth:`Engine.submit_render`: call a render function on a picklable job
  (a regional report, :mod:`analysis.pipeline.regional`).

Two engines:

- :class:`LocalEngine` (without ``--scheduler``): warm kernels on this machine
  (:class:`~analysis.pipeline.execution.pool.KernelPool`, one thread each) and a
  pool of spawned processes for the renders (pypandoc changes the working
  directory of its whole process, so renders never share a process);
- :class:`~analysis.pipeline.execution.dask_engine.DaskEngine` (``--scheduler``,
  :data:`analysis.config.SCHEDULER_ENV`): the same work as tasks of a
  ``dask.distributed`` cluster.

:func:`analysis.pipeline.execute.open_engine` chooses.

Both start nothing until the first piece of work arrives, so a build whose runs
are all cached starts no kernel.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from analysis.errors import VoortgangError

if TYPE_CHECKING:
    from analysis.pipeline.execution.pool import KernelPool, WarmKernel

P = TypeVar("P")  # a planned run
J = TypeVar("J")  # a render job
R = TypeVar("R")

#: The function that executes a planned run on a warm kernel:
#: ``execute(kernel, planned, out_dir, cache_dir, cell_timeout, on_start) -> RunResult``.
Execute = Callable[..., R]


class Engine:
    """The interface of an engine (see the module docstring); use as a context manager."""

    #: Executions that can run at the same time (the progress bar's "bezig" never exceeds it).
    slots: int = 1
    #: True when the engine calls ``on_start`` as a run starts; otherwise a run counts as
    #: running from its submission (capped at :attr:`slots`).
    reports_starts: bool = True

    def submit_run(
        self,
        execute: Execute[R],
        planned: P,
        out_dir: Path,
        cache_dir: Path,
        cell_timeout: float | None,
        on_start: Callable[[], None],
        warm: Sequence[str] | None = None,
    ) -> Future[R]:
        """``execute(kernel, planned, out_dir, cache_dir, cell_timeout, on_start)`` on a warm kernel.

        ``execute`` is a module-level function (a Dask task pickles it by name);
        ``warm`` are the modules a kernel imports before its first notebook
        (default :data:`~analysis.pipeline.execution.pool.WARM_IMPORTS`).
        """
        raise NotImplementedError

    def submit_render(self, render: Callable[[J], R], job: J, key: str, target: Path) -> Future[R]:
        """Call ``render(job)``; ``key`` is its content hash (the render key), ``target`` where it writes."""
        raise NotImplementedError

    @property
    def kernels_started(self) -> int:
        """Kernels this process started so far (0 when they run elsewhere)."""
        return 0

    def close(self, wait: bool = True) -> None:
        """Stop what the engine started; without ``wait`` (Ctrl-C) do not wait for running work."""

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(wait=exc_type is None)


class LocalEngine(Engine):
    """Warm kernels and render processes on this machine.

    Parameters
    ----------
    jobs : int
        Kernels (and render processes) at most; each starts on its first piece of work.
    pool : KernelPool, optional
        Execute on this pool (kept open when the engine closes).
    """

    def __init__(self, jobs: int, pool: KernelPool | None = None) -> None:
        if jobs < 1:
            raise VoortgangError(f"argument 'jobs': must be at least 1, got {jobs}")
        self.slots = pool.size if pool is not None else jobs
        self._pool = pool
        self._own_pool = pool is None
        self._renders: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _kernel_pool(self, warm: Sequence[str] | None) -> KernelPool:
        with self._lock:
            if self._pool is None:  # the first run's warm imports are those of all (one build's)
                # Imported here: kernels (jupyter_client, zmq) are needed only when something executes.
                from analysis.pipeline.execution.pool import KernelPool

                self._pool = KernelPool(self.slots) if warm is None else KernelPool(self.slots, warm_imports=warm)
            return self._pool

    def submit_run(self, execute, planned, out_dir, cache_dir, cell_timeout, on_start, warm=None):  # noqa: D102
        def task(kernel: WarmKernel) -> R:
            return execute(kernel, planned, out_dir, cache_dir, cell_timeout, on_start)

        return self._kernel_pool(warm).submit(task)

    def submit_render(self, render, job, key, target):  # noqa: D102 (see Engine)
        with self._lock:
            if self._renders is None:
                # Spawned: a fresh interpreter, not a fork of this process with its kernel-client threads.
                self._renders = ProcessPoolExecutor(max_workers=self.slots,
                                                    mp_context=multiprocessing.get_context("spawn"))
            return self._renders.submit(render, job)

    @property
    def kernels_started(self) -> int:
        return self._pool.kernels_started if self._pool is not None else 0

    def close(self, wait: bool = True) -> None:
        if self._renders is not None:
            self._renders.shutdown(wait=wait, cancel_futures=not wait)
        if self._pool is not None and self._own_pool:
            # On Ctrl-C do not wait for running cells: the kernels exit with this process.
            self._pool.close(wait=wait)

