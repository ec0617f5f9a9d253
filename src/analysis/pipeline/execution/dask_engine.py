"""The Dask engine: a build's executions and renders as tasks of a ``dask.distributed`` cluster.

``voortgang build --scheduler tcp://host:8786`` (or the address in
:data:`analysis.config.SCHEDULER_ENV`) connects to a running scheduler; its
workers (``dask worker tcp://host:8786 --nworkers 2 --nthreads 1``) do the work:

- one task per execution that is not cached (the client decides the cache, as
  the local engine does, so cached runs are never submitted). The task runs
  :func:`analysis.pipeline.execution.runner.execute_planned` on a warm kernel of
  the worker thread, which writes the executed notebook (or ``<id>.failed.ipynb``)
  and the cache entry atomically into the project directory;
- one task per regional report to render (:mod:`analysis.pipeline.regional`),
  which renders into a staging folder of ``reports/<edition>/regio/`` and swaps it
  into place.

A task's key is its content hash (the run's cache key, the report's render key)
with a digest of where it writes (:func:`task_key`): a task that the scheduler
already holds, submitted again (by a second build), is not done twice.

**Assumption: the workers share the project directory** at the same path (a
network file system), and run the same code and environment. Before any work,
:class:`DaskEngine` asks every worker for its project root, the hash of the
code it loaded and the versions of the libraries that shape the outputs
(:func:`worker_facts`), and refuses with one message naming the first worker
that differs. A worker keeps the code it loaded, so after a code change its
hash differs until it is restarted.

The national report is gated, rendered and published by the client (it holds
the release lock and shows the progress of the rendering), on the same shared
directory.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import platform
import threading
import uuid
from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from distributed import Client, WorkerPlugin
from distributed.comm import get_address_host_port

from analysis.config import PROJECT_ROOT, SCHEDULER_TIMEOUT_SECONDS
from analysis.errors import VoortgangError
from analysis.pipeline.execution.cache import code_hash, environment_versions
from analysis.pipeline.execution.engine import Engine, J, R
from analysis.pipeline.execution.pool import WARM_IMPORTS, WarmKernel
from analysis.pipeline.kernel import check_kernelspec

#: Dask priority of a render task (executions have 0; higher runs first).
RENDER_PRIORITY = 1
#: Name of the worker plugin that stops a worker's kernels when the worker closes.
PLUGIN_NAME = "voortgang-kernels"


def task_key(kind: str, content_key: str, destination: Path) -> str:
    """The Dask key of a task: ``voortgang-<kind>-<content hash>-<digest of where it writes>``.

    The same work for another checkout (another destination) is another task.
    """
    where = hashlib.sha256(str(destination).encode("utf-8")).hexdigest()[:12]
    return f"voortgang-{kind}-{content_key}-{where}"


def worker_facts() -> dict[str, Any]:
    """What must be the same on the client and every worker: project root, code, environment."""
    return {"host": platform.node(), "project root": str(PROJECT_ROOT), "code": code_hash(),
            "environment": environment_versions()}


def check_workers(facts: dict[str, dict[str, Any]], where: str) -> None:
    """Refuse workers whose project root, code or environment differ from this process's.

    Raises
    ------
    VoortgangError
        Naming the first such worker, what differs, and the two values.
    """
    here = worker_facts()
    for worker, theirs in sorted(facts.items()):
        for what in ("project root", "code", "environment"):
            if theirs.get(what) != here[what]:
                mine, other = here[what], theirs.get(what)
                if isinstance(mine, dict) and isinstance(other, dict):
                    names = sorted(k for k in set(mine) | set(other) if mine.get(k) != other.get(k))
                    mine, other = ({k: d.get(k) for k in names} for d in (here[what], theirs[what]))
                raise VoortgangError(
                    f"{where}: Dask worker {worker} ({theirs.get('host')}): {what} is "
                    f"{other}, this build's is {mine}; the workers must share this checkout at the same path, "
                    "with the same code and environment (restart them after a change of code)")


# ------------------------------------------------------------------ on a worker

_kernels_lock = threading.Lock()
#: The warm kernel of each worker thread, with the build (token) it was started for.
_kernels: dict[int, tuple[str, WarmKernel]] = {}
#: Renders in one worker process run one at a time (pypandoc changes the process's working directory).
_render_lock = threading.Lock()


def _thread_kernel(token: str, warm: Sequence[str]) -> WarmKernel:
    """This worker thread's warm kernel for the build ``token``; a kernel of an earlier build is replaced
    (it imported that build's code)."""
    ident = threading.get_ident()
    with _kernels_lock:
        held = _kernels.get(ident)
    if held is not None and held[0] != token:
        held[1].shutdown()
        held = None
    kernel = held[1] if held is not None else WarmKernel(check_kernelspec(), warm_imports=warm)
    if kernel.km is None:  # new, or shut down after a timeout or a dead kernel
        kernel.start()
    with _kernels_lock:
        _kernels[ident] = (token, kernel)
    return kernel


def execute_task(execute: Any, planned: Any, out_dir: Path, cache_dir: Path, cell_timeout: float | None,
                 token: str, warm: Sequence[str]) -> Any:
    """The task of one execution, on a worker: ``execute`` on this thread's warm kernel."""
    return execute(_thread_kernel(token, warm), planned, out_dir, cache_dir, cell_timeout, lambda: None)


def render_task(render: Any, job: Any) -> Any:
    """The task of one render, on a worker: one at a time per worker process."""
    with _render_lock:
        return render(job)


def stop_kernels(token: str | None = None) -> int:
    """Stop this worker's kernels of build ``token`` (all when None); returns how many.

    Runs outside the kernels' threads (``Client.run``, the plugin's teardown), when
    they are idle; each is stopped from a thread of its own, as a kernel's client
    needs an event loop of its own thread.
    """
    with _kernels_lock:
        mine = {i: k for i, (t, k) in _kernels.items() if token is None or t == token}
        for ident in mine:
            del _kernels[ident]
    for kernel in mine.values():
        stopper = threading.Thread(target=kernel.shutdown, name="voortgang-kernel-stop")
        stopper.start()
        stopper.join()
    return len(mine)


class KernelCleanup(WorkerPlugin):
    """Stops the worker's kernels when the worker closes."""

    def teardown(self, worker: Any) -> None:
        stop_kernels()


# ------------------------------------------------------------------ on the client


class DaskEngine(Engine):
    """Executions and renders as tasks of the Dask scheduler at ``address``.

    Parameters
    ----------
    address : str
        ``tcp://host:8786``.
    argument : str
        Where the address was given, for the messages.
    timeout : float
        Seconds to wait for the scheduler and for its first worker.

    Raises
    ------
    VoortgangError
        No scheduler answers, it has no worker, or a worker does not share this
        build's project directory, code or environment (:func:`check_workers`).
    """

    reports_starts = False

    def __init__(self, address: str, argument: str = "--scheduler",
                 timeout: float = SCHEDULER_TIMEOUT_SECONDS) -> None:
        where = f"argument {argument!r} {address}"
        try:
            get_address_host_port(address)  # before a Client exists: a half-made one hangs when collected
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, ValueError, TimeoutError) as exc:
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise VoortgangError(f"{where}: no Dask scheduler answers ({first})") from None
        try:
            try:
                self.client.wait_for_workers(1, timeout=timeout)
            except TimeoutError:
                raise VoortgangError(f"{where}: the scheduler has no workers after {timeout:g} s "
                                     "(start them with: dask worker ADDRESS --nworkers 2 --nthreads 1)") from None
            check_workers(self.client.run(worker_facts), where)
            self.client.register_plugin(KernelCleanup(), name=PLUGIN_NAME)
        except BaseException:
            self.client.close()
            raise
        self.slots = max(1, sum(self.client.nthreads().values()))
        self.address = address
        self._token = f"{platform.node()}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._executor = self.client.get_executor(pure=False)

    def submit_run(self, execute, planned, out_dir, cache_dir, cell_timeout, on_start, warm=None) -> Future:  # noqa: D102
        output = out_dir / f"{planned.run.output_id}.ipynb"
        return self._executor.submit(execute_task, execute, planned, out_dir, cache_dir, cell_timeout,
                                     self._token, tuple(WARM_IMPORTS if warm is None else warm),
                                     key=task_key("execute", planned.key, output))

    def submit_render(self, render: Any, job: J, key: str, target: Path) -> Future[R]:  # noqa: D102
        # before the executions still queued (Dask runs earlier submissions first): the report is done early
        return self._executor.submit(render_task, render, job, key=task_key("render", key, target),
                                     priority=RENDER_PRIORITY)

    def close(self, wait: bool = True) -> None:
        with contextlib.suppress(Exception):  # workers gone: their plugin stopped the kernels
            self.client.run(stop_kernels, self._token)
        self.client.close()
