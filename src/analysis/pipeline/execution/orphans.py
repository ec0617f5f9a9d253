"""Kernels of killed builds: recorded when started, stopped by the next build.

A build stops its kernels on every exit path it sees (normal end, an error,
Ctrl-C, SIGTERM: :meth:`analysis.pipeline.execution.pool.KernelPool.close`). A
SIGKILL is not seen; ipykernel then notices its parent is gone only when it is
re-parented to PID 1, which in a container it often is not. So every kernel is
recorded as ``<build pid>-<kernel pid>`` in :data:`analysis.config.KERNEL_RECORDS_DIR`
while it runs, and :func:`sweep` (at the start of every execution) stops the
kernels whose build process no longer exists.

Records are kept per machine (a folder named after the host): the project
directory may be shared with Dask workers on other machines
(:mod:`analysis.pipeline.execution.dask_engine`), whose process ids mean nothing here.
"""

from __future__ import annotations

import contextlib
import os
import platform
import re
import signal
from pathlib import Path

from analysis.config import KERNEL_RECORDS_DIR

_RECORD = re.compile(r"^(\d+)-(\d+)$")


def process_alive(pid: int) -> bool:
    """True while the process ``pid`` exists (also when it belongs to another user)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _is_kernel(pid: int) -> bool:
    """True when ``pid`` runs an IPython kernel (so that a reused pid is never killed)."""
    try:
        return b"ipykernel" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def host_records() -> Path:
    """The records of this machine's kernels: ``KERNEL_RECORDS_DIR/<host name>``."""
    return KERNEL_RECORDS_DIR / platform.node()


def record(kernel_pid: int, records: Path | None = None) -> None:
    """Note that this process started the kernel ``kernel_pid``."""
    records = records or host_records()
    records.mkdir(parents=True, exist_ok=True)
    (records / f"{os.getpid()}-{kernel_pid}").touch()


def forget(kernel_pid: int, records: Path | None = None) -> None:
    """The kernel ``kernel_pid`` of this process has stopped."""
    (records or host_records() / f"{os.getpid()}-{kernel_pid}").unlink(missing_ok=True)


def sweep(records: Path | None = None) -> list[int]:
    """Stop (SIGKILL) the recorded kernels of this machine whose build process is gone; returns their pids."""
    records = records or host_records()
    stopped = []
    if not records.is_dir():
        return stopped
    for path in records.iterdir():
        match = _RECORD.match(path.name)
        if match is None:
            continue
        build_pid, kernel_pid = int(match.group(1)), int(match.group(2))
        if process_alive(build_pid):
            continue
        if process_alive(kernel_pid) and _is_kernel(kernel_pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(kernel_pid, signal.SIGKILL)
            stopped.append(kernel_pid)
        path.unlink(missing_ok=True)
    return stopped
