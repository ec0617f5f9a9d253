"""Kernel-side half of the warm-kernel pool: runs *inside* a worker kernel.

A worker kernel imports the heavy libraries once (:func:`warm_up`) and then
executes many notebooks. Between two notebooks :func:`reset` puts back every
piece of process state that a notebook can change and that shows in the outputs
of a later notebook, so that a notebook gives the same outputs after any other
as in a fresh kernel:

- the IPython user namespace, ``In``/``Out``/``_`` history and the execution
  counter (restarting at 1), via ``InteractiveShell.reset(new_session=True)``;
- matplotlib: open figures, ``rcParams`` (also what ``seaborn.set_theme``
  changes), the pyplot backend and the inline backend's figure formatters;
- the global random generators of :mod:`random` and :mod:`numpy` (re-seeded from
  OS entropy, as in a fresh process), numpy print options and error handling;
- pandas options, pingouin options;
- warning filters and the "already shown" registries (so a warning that the
  previous notebook triggered is shown again);
- the logging root logger, ``os.environ``, ``sys.path`` and the working
  directory;
- the ``functools.cache``/``lru_cache`` caches of the ``analysis`` package (a
  cached DataFrame that a notebook mutates in place must not reach the next one).

Not reset: modules a notebook imports that are not in the warm set stay
imported (an import-time message would show only in the first notebook), and
monkey-patches of library objects. Notebooks in this project do neither; keep
them that way, or add the library to the warm imports.

Nothing here is imported by the build process itself; the pool sends
``warm_up(...)`` and ``reset()`` calls as silent executions.
"""

from __future__ import annotations

import copy
import functools
import gc
import importlib
import logging
import os
import random
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass
class _Snapshot:
    """Process state right after the warm-up, restored by :func:`reset`."""

    cwd: str
    environ: dict[str, str]
    sys_path: list[str]
    warning_filters: list[Any]
    root_level: int
    root_handlers: list[logging.Handler]
    numpy_print: dict[str, Any] | None
    numpy_err: dict[str, str] | None
    rc_params: dict[str, Any] | None
    backend: str | None
    figure_printers: dict[str, Any]
    inline_config: dict[str, Any]
    pingouin_options: dict[str, Any] | None
    user_ns: dict[str, Any]


_SNAPSHOT: _Snapshot | None = None


def _shell() -> Any:
    from IPython import get_ipython

    return get_ipython()


def _figure_printers(shell: Any) -> dict[str, Any]:
    """The display formatter registered for matplotlib figures, per MIME type."""
    if shell is None or "matplotlib.figure" not in sys.modules:
        return {}
    from matplotlib.figure import Figure

    return {
        mime: formatter.type_printers.get(Figure)
        for mime, formatter in shell.display_formatter.formatters.items()
    }


#: Settings of the inline backend that ``%config InlineBackend.<name> = ...`` changes.
_INLINE_TRAITS = ("figure_formats", "print_figure_kwargs", "close_figures", "rc")


def _inline_config() -> dict[str, Any]:
    if "matplotlib_inline.backend_inline" not in sys.modules:
        return {}
    from matplotlib_inline.backend_inline import InlineBackend

    cfg = InlineBackend.instance()
    return {name: copy.deepcopy(getattr(cfg, name)) for name in _INLINE_TRAITS}


def warm_up(modules: Sequence[str]) -> None:
    """Import ``modules`` and take the snapshot that :func:`reset` restores.

    Parameters
    ----------
    modules : sequence of str
        Dotted module names. ``matplotlib.pyplot`` also resolves the (inline)
        backend here, as the first figure of a fresh kernel would.
    """
    global _SNAPSHOT
    for name in modules:
        importlib.import_module(name)
    np = sys.modules.get("numpy")
    mpl = sys.modules.get("matplotlib")
    plt = sys.modules.get("matplotlib.pyplot")
    backend = None
    if plt is not None:
        # Resolving the backend runs the inline backend's IPython integration
        # (formatters, post-execute hook) once, before the snapshot.
        plt.switch_backend(mpl.get_backend())
        backend = mpl.get_backend()
    pingouin = sys.modules.get("pingouin")
    root = logging.getLogger()
    _SNAPSHOT = _Snapshot(
        cwd=os.getcwd(),
        environ=dict(os.environ),
        sys_path=list(sys.path),
        warning_filters=list(warnings.filters),
        root_level=root.level,
        root_handlers=list(root.handlers),
        numpy_print=np.get_printoptions() if np is not None else None,
        numpy_err=np.geterr() if np is not None else None,
        rc_params=_rc_copy(mpl) if mpl is not None else None,
        backend=backend,
        figure_printers=_figure_printers(_shell()),
        inline_config=_inline_config(),
        pingouin_options=dict(pingouin.options) if pingouin is not None else None,
        # The warm-up ran silently, so this is still a fresh kernel's namespace.
        user_ns=dict(_shell().user_ns) if _shell() is not None else {},
    )
    # The imported libraries live as long as the kernel: keep them out of the
    # collections that reset() runs, so a full collection costs milliseconds.
    gc.collect()
    gc.freeze()


def _rc_copy(mpl: Any) -> dict[str, Any]:
    # As matplotlib.rc_context does: every key except the backend.
    orig = dict(mpl.rcParams.copy())
    del orig["backend"]
    return orig


def reset() -> None:
    """Restore the warm-up snapshot and give the next notebook a fresh namespace.

    Raises
    ------
    RuntimeError
        If :func:`warm_up` has not run in this kernel.
    """
    snap = _SNAPSHOT
    if snap is None:
        raise RuntimeError("kernel_state.reset() called before warm_up()")
    shell = _shell()

    os.chdir(snap.cwd)
    if dict(os.environ) != snap.environ:
        os.environ.clear()
        os.environ.update(snap.environ)
    sys.path[:] = snap.sys_path

    _reset_matplotlib(snap, shell)

    random.seed()
    np = sys.modules.get("numpy")
    if np is not None:
        np.random.seed()
        np.set_printoptions(**snap.numpy_print)
        np.seterr(**snap.numpy_err)
    pd = sys.modules.get("pandas")
    if pd is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pd.reset_option("all")
    pingouin = sys.modules.get("pingouin")
    if pingouin is not None and snap.pingouin_options is not None:
        pingouin.options.clear()
        pingouin.options.update(snap.pingouin_options)

    warnings.filters[:] = snap.warning_filters
    warnings.onceregistry.clear()
    # Invalidates every module's __warningregistry__ (the public way to do this
    # is any filter change; this is the function those changes call).
    warnings._filters_mutated()  # type: ignore[attr-defined]

    root = logging.getLogger()
    root.handlers[:] = snap.root_handlers
    root.setLevel(snap.root_level)

    _clear_package_caches("analysis")

    if shell is not None:
        # New namespace, In/Out/_ cleared, execution_count back to 1; then the
        # names a fresh kernel also has (``_``, ``__doc__``, ...) that reset drops.
        shell.reset(new_session=True)
        for name, value in snap.user_ns.items():
            shell.user_ns.setdefault(name, value)
    gc.collect()


def _reset_matplotlib(snap: _Snapshot, shell: Any) -> None:
    mpl = sys.modules.get("matplotlib")
    if mpl is None or snap.rc_params is None:
        return
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")
        if snap.backend is not None and mpl.get_backend() != snap.backend:
            plt.switch_backend(snap.backend)
    mpl.rcParams._update_raw(snap.rc_params)  # as matplotlib.rc_context restores
    if snap.inline_config:
        from matplotlib_inline.backend_inline import InlineBackend

        cfg = InlineBackend.instance()
        for name, value in snap.inline_config.items():
            if getattr(cfg, name) != value:
                setattr(cfg, name, copy.deepcopy(value))
    if shell is not None and snap.figure_printers:
        from matplotlib.figure import Figure

        for mime, formatter in shell.display_formatter.formatters.items():
            want = snap.figure_printers.get(mime)
            if formatter.type_printers.get(Figure) is not want:
                if want is None:
                    formatter.type_printers.pop(Figure, None)
                else:
                    formatter.type_printers[Figure] = want


def _clear_package_caches(package: str) -> None:
    """Clear every ``functools.cache``/``lru_cache`` defined in ``package``'s modules."""
    prefix = package + "."
    for name, module in list(sys.modules.items()):
        if module is None or not (name == package or name.startswith(prefix)):
            continue
        for value in list(vars(module).values()):
            if isinstance(value, functools._lru_cache_wrapper):
                value.cache_clear()
