"""The project's Jupyter kernelspec.

papermill resolves a kernel by name through ``jupyter_client``. Directories in
``JUPYTER_PATH`` are searched first, and with ``JUPYTER_PREFER_ENV_PATH=0`` (or
outside a venv) the user's data directory (``~/.local/share/jupyter``) comes
before the venv's ``share/jupyter``. A user-level ``python3`` spec that points
at another Python is the classic cause of notebooks silently running with the
wrong libraries.
We therefore (1) register a spec with a project-specific name inside the venv
(``--sys-prefix``), (2) always pass that name to papermill, and (3) before each
build check that the name resolves to *this* interpreter, failing loudly if a
same-named spec elsewhere shadows ours.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from analysis.config import KERNEL_DISPLAY_NAME, KERNEL_NAME
from analysis.errors import VoortgangError


def install_kernelspec() -> Path:
    """Register the project kernelspec in this interpreter's prefix (the venv).

    Returns
    -------
    Path
        Directory of the installed kernelspec.
    """
    from ipykernel.kernelspec import install

    dest = install(
        kernel_name=KERNEL_NAME,
        display_name=KERNEL_DISPLAY_NAME,
        prefix=sys.prefix,
    )
    return Path(dest)


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_kernelspec() -> str:
    """Verify that :data:`KERNEL_NAME` resolves to the running interpreter.

    Returns
    -------
    str
        The kernel name to pass to papermill.

    Raises
    ------
    VoortgangError
        If the spec is missing or another spec of the same name (for example
        in ``~/.local/share/jupyter/kernels``) points at a different Python.
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel  # imports zmq: only when checked

    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        raise VoortgangError(
            f"kernelspec {KERNEL_NAME!r} is not installed; run `make setup` "
            f"(or `{sys.executable} -m analysis kernel install`)"
        ) from None
    exe = spec.argv[0]
    if not _same_file(exe, sys.executable):
        raise VoortgangError(
            f"kernelspec {KERNEL_NAME!r} in {spec.resource_dir} runs {exe}, not this "
            f"project's interpreter {sys.executable}; remove that spec or run "
            f"`{sys.executable} -m analysis kernel install`"
        )
    return KERNEL_NAME
