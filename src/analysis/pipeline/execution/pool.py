"""A pool of warm Jupyter kernels that execute notebooks exactly as papermill does.

A plain papermill execution starts a kernel and imports pandas, seaborn,
statsmodels and pingouin again for every notebook: seconds before any analysis
starts. Here each worker thread owns one kernel that imported them once (a
build names the modules its notebooks import,
:func:`analysis.pipeline.execute.warm_imports`; :data:`WARM_IMPORTS` when the
caller names none); a notebook is executed on it with papermill itself
(``papermill.execute_notebook`` with an engine that reuses the running kernel),
so parameter injection, cell metadata and error markers are papermill's own.
Between notebooks :func:`analysis.pipeline.execution.kernel_state.reset` gives the kernel
a fresh namespace and restores the state a notebook can change.

A kernel whose notebook timed out or that died is shut down by the task and
started again (and warmed up) before its next notebook. Kernels start lazily:
a pool that gets no work starts no kernel (:attr:`KernelPool.kernels_started`).

Each kernel is driven by one thread: its zmq client lives on that thread's event
loop. Threads suffice because the work happens in the kernel processes.
"""

from __future__ import annotations

import functools
import logging
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from analysis.config import CELL_TIMEOUT_SECONDS, PROJECT_ROOT
from analysis.errors import VoortgangError
from analysis.pipeline.execution import orphans
from analysis.pipeline.kernel import check_kernelspec

log = logging.getLogger(__name__)

#: Modules a worker kernel imports once, before its first notebook, when the caller names none.
WARM_IMPORTS: tuple[str, ...] = (
    "numpy",
    "pandas",
    "scipy.stats",
    "matplotlib",
    "matplotlib.pyplot",
    "seaborn",
    "statsmodels.api",
    "pingouin",
    "analysis",
)

#: Name under which the warm-kernel engine is registered with papermill.
ENGINE_NAME = "voortgang-warm-kernel"

#: Seconds allowed for a kernel to start and for the warm-up imports.
STARTUP_TIMEOUT_SECONDS: float = 300.0

#: Kernels get CurveZMQ keys from their manager (jupyter_client's
#: ``transport_encryption``; the project kernelspec, written by ipykernel,
#: declares ``supported_encryption: [curve]``). Without keys ipykernel 7 prints
#: "Kernel is running over TCP without encryption" for every kernel: a warning
#: that a user cannot act on. Curve rather than the IPC transport because it
#: works on every platform (CBS Remote Access runs Windows) and leaves no
#: socket files. "auto", not "required": with a libzmq built without curve the
#: build still runs, and then the warning is true and shown.
TRANSPORT_ENCRYPTION = "auto"

T = TypeVar("T")


class KernelSetupError(RuntimeError):
    """A worker kernel could not start, warm up or reset."""


@dataclass
class NotebookHolder:
    """Receives the notebook being executed, so a run that is aborted (timeout,
    dead kernel) still leaves its partial outputs for the failed-notebook file."""

    nb: Any = None


def _engine_class() -> type:
    """The papermill engine that executes on an already running kernel.

    Defined lazily so that importing this module (for the cached fast path)
    does not import papermill.
    """
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine
    from papermill.log import logger as pm_logger

    class WarmKernelEngine(NBClientEngine):
        """As papermill's ``nbclient`` engine, but on the given ``km``/``kc``."""

        @classmethod
        def execute_managed_notebook(  # type: ignore[override]
            cls,
            nb_man: Any,
            kernel_name: str,
            *,
            km: Any,
            kc: Any,
            holder: NotebookHolder,
            log_output: bool = False,
            start_timeout: float = 60,
            execution_timeout: float | None = None,
            **_ignored: Any,
        ) -> Any:
            holder.nb = nb_man.nb
            client = PapermillNotebookClient(
                nb_man,
                km=km,
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=pm_logger,
                log_output=log_output,
            )
            # With km and kc set, nbclient neither starts nor shuts down a kernel.
            client.kc = kc
            return client.execute()

    return WarmKernelEngine


_engine_lock = threading.Lock()
_engine_registered = False


def _register_engine() -> None:
    global _engine_registered
    with _engine_lock:
        if not _engine_registered:
            from papermill.engines import papermill_engines

            papermill_engines.register(ENGINE_NAME, _engine_class())
            _engine_registered = True


@functools.cache
def kernel_manager_class() -> type:
    """jupyter_client's ``AsyncKernelManager`` with :data:`TRANSPORT_ENCRYPTION` as its default.

    Made on first use (importing jupyter_client costs the fast path of a
    build); pass it to papermill as ``kernel_manager_class`` for a plain run.
    """
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class EncryptedKernelManager(AsyncKernelManager):
        @default("transport_encryption")
        def _default_transport_encryption(self) -> str:
            return TRANSPORT_ENCRYPTION

    return EncryptedKernelManager


class WarmKernel:
    """One kernel process with the heavy libraries imported; use from one thread only."""

    def __init__(
        self,
        kernel_name: str,
        *,
        cwd: Path = PROJECT_ROOT,
        warm_imports: Sequence[str] = WARM_IMPORTS,
        startup_timeout: float = STARTUP_TIMEOUT_SECONDS,
    ) -> None:
        self.kernel_name = kernel_name
        self.cwd = cwd
        self.warm_imports = tuple(warm_imports)
        self.startup_timeout = startup_timeout
        self.km: Any = None
        self.pid: int | None = None
        self.kc: Any = None
        #: Number of times this kernel was started (restarts included).
        self.starts = 0

    # -- life cycle -------------------------------------------------------
    def start(self) -> None:
        """Start the kernel and import :attr:`warm_imports` in it."""
        from jupyter_core.utils import run_sync

        self.starts += 1
        km = kernel_manager_class()(kernel_name=self.kernel_name)
        # As nbclient does for its own kernels: an in-memory IPython history.
        run_sync(km.start_kernel)(
            cwd=str(self.cwd), extra_arguments=["--HistoryManager.hist_file=:memory:"]
        )
        self.km = km
        self.pid = getattr(getattr(km.provisioner, "process", None), "pid", None)
        if self.pid is not None:
            orphans.record(self.pid)
        kc = km.client()
        kc.start_channels()
        self.kc = kc
        try:
            run_sync(kc.wait_for_ready)(timeout=self.startup_timeout)
            kc.allow_stdin = False
            self._run_silent(
                "__import__('analysis.pipeline.execution.kernel_state', fromlist=['_'])"
                f".warm_up({list(self.warm_imports)!r})",
                what="warm-up",
            )
        except BaseException:
            self.shutdown()
            raise

    def shutdown(self) -> None:
        """Stop the kernel process (immediately) and close the channels."""
        from jupyter_core.utils import run_sync

        kc, km, self.kc, self.km = self.kc, self.km, None, None
        if kc is not None:
            kc.stop_channels()
        if km is not None:
            try:
                run_sync(km.shutdown_kernel)(now=True)
            except Exception as exc:  # a kernel that is already gone
                log.debug("kernel shutdown: %s", exc)
        if self.pid is not None:
            orphans.forget(self.pid)
            self.pid = None

    def restart(self) -> None:
        """Replace the kernel by a fresh, warmed-up one."""
        self.shutdown()
        self.start()

    # -- work ---------------------------------------------------------------
    def reset(self) -> None:
        """Fresh namespace and restored process state for the next notebook."""
        self._run_silent(
            "__import__('analysis.pipeline.execution.kernel_state', fromlist=['_']).reset()", what="reset"
        )

    def execute(
        self,
        notebook: Path,
        output: Path,
        parameters: dict[str, Any],
        holder: NotebookHolder,
        *,
        cell_timeout: float | None = CELL_TIMEOUT_SECONDS,
    ) -> Any:
        """Execute ``notebook`` with papermill on this kernel, writing ``output``.

        Parameters and behaviour are those of ``papermill.execute_notebook``
        (``report_mode`` off, no progress bar); papermill writes ``output``
        when the notebook succeeds *and* when a cell raises (then with its
        error markers). The working directory is the kernel's (``cwd``).

        Returns
        -------
        nbformat.NotebookNode
            The executed notebook.

        Raises
        ------
        papermill.PapermillExecutionError
            A cell raised (``output`` holds the traceback).
        nbclient.exceptions.CellTimeoutError, nbclient.exceptions.DeadKernelError
            Timeout or dead kernel (``holder.nb`` holds the partial notebook);
            restart the kernel before its next use.
        """
        import papermill

        _register_engine()
        return papermill.execute_notebook(
            str(notebook),
            str(output),
            parameters=parameters,
            engine_name=ENGINE_NAME,
            request_save_on_cell_execute=False,
            kernel_name=self.kernel_name,
            progress_bar=False,
            log_output=False,
            report_mode=False,
            km=self.km,
            kc=self.kc,
            holder=holder,
            execution_timeout=cell_timeout,
        )

    def _run_silent(self, code: str, what: str) -> None:
        """Run ``code`` without history or outputs; raise on error or timeout."""
        from jupyter_core.utils import run_sync

        run_sync(self._async_run_silent)(code, what)

    async def _async_run_silent(self, code: str, what: str) -> None:
        kc = self.kc
        msg_id = kc.execute(code, silent=True, store_history=False, allow_stdin=False)
        try:
            while True:
                reply = await kc.get_shell_msg(timeout=self.startup_timeout)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
            # Drain this request's iopub messages up to its 'idle' status.
            while True:
                msg = await kc.get_iopub_msg(timeout=self.startup_timeout)
                if (
                    msg["parent_header"].get("msg_id") == msg_id
                    and msg["msg_type"] == "status"
                    and msg["content"]["execution_state"] == "idle"
                ):
                    break
        except queue.Empty:
            raise KernelSetupError(f"kernel {what} did not answer within {self.startup_timeout:.0f} s") from None
        content = reply["content"]
        if content["status"] != "ok":
            raise KernelSetupError(f"kernel {what} failed: {content.get('ename')}: {content.get('evalue')}")


class KernelPool:
    """Up to ``size`` warm kernels, each driven by its own worker thread.

    Submit work as a function of a :class:`WarmKernel`; a worker starts its
    kernel on its first task. Use as a context manager (or call :meth:`close`).

    Parameters
    ----------
    size : int
        Number of kernels (and threads), at least 1.
    kernel_name : str, optional
        Kernelspec name; defaults to :func:`analysis.pipeline.kernel.check_kernelspec`.
    cwd : Path
        Working directory of the kernels (the project root, as the build uses).
    warm_imports : sequence of str
        Modules imported once per kernel.
    """

    def __init__(
        self,
        size: int,
        *,
        kernel_name: str | None = None,
        cwd: Path = PROJECT_ROOT,
        warm_imports: Sequence[str] = WARM_IMPORTS,
    ) -> None:
        if size < 1:
            raise VoortgangError(f"argument 'size': a pool needs at least 1 kernel, got {size}")
        self.size = size
        self._kernel_name = kernel_name
        self.cwd = cwd
        self.warm_imports = tuple(warm_imports)
        self._tasks: queue.SimpleQueue[tuple[Future[Any], Callable[[WarmKernel], Any]] | None] = (
            queue.SimpleQueue()
        )
        self._threads: list[threading.Thread] = []
        self._kernels: list[WarmKernel] = []
        self._lock = threading.Lock()
        self._closed = False

    @property
    def kernels_started(self) -> int:
        """Number of kernel starts so far (restarts included); 0 for an unused pool."""
        with self._lock:
            return sum(kernel.starts for kernel in self._kernels)

    @property
    def kernel_name(self) -> str:
        if self._kernel_name is None:
            self._kernel_name = check_kernelspec()
        return self._kernel_name

    def submit(self, task: Callable[[WarmKernel], T]) -> Future[T]:
        """Queue ``task``; it runs on the next free worker's kernel."""
        with self._lock:
            if self._closed:
                raise RuntimeError("the kernel pool is closed")
            if not self._threads:
                _ = self.kernel_name  # resolve (and check) once, before the threads
                for i in range(self.size):
                    thread = threading.Thread(target=self._worker, name=f"warm-kernel-{i}", daemon=True)
                    thread.start()
                    self._threads.append(thread)
        future: Future[T] = Future()
        self._tasks.put((future, task))
        return future

    def _worker(self) -> None:
        kernel: WarmKernel | None = None
        try:
            while True:
                item = self._tasks.get()
                if item is None:
                    return
                future, task = item
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    if kernel is None:
                        kernel = WarmKernel(self.kernel_name, cwd=self.cwd, warm_imports=self.warm_imports)
                        with self._lock:
                            self._kernels.append(kernel)
                    if kernel.km is None:  # first task, or the last one shut it down
                        kernel.start()
                    future.set_result(task(kernel))
                except BaseException as exc:
                    future.set_exception(exc)
        finally:
            if kernel is not None:
                from jupyter_core.utils import ensure_event_loop

                kernel.shutdown()
                ensure_event_loop().close()  # this thread's loop, made for the kernel

    def close(self, wait: bool = True) -> None:
        """Stop the workers after their current task and shut their kernels down.

        Parameters
        ----------
        wait : bool
            Wait for that. Without waiting (after Ctrl-C) a worker still busy
            shuts its kernel down when its cell ends; a kernel also exits by
            itself when this process ends (ipykernel watches its parent).
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
            threads = list(self._threads)
        for _ in threads:
            self._tasks.put(None)
        if wait:
            for thread in threads:
                thread.join()

    def __enter__(self) -> KernelPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
