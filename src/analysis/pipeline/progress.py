"""The progress bars of a build (rich, on stderr): executing notebooks, rendering reports.

One look for every step that takes a while: a Dutch label, a bar, ``done/total``,
an optional detail (``bezig 2 · mislukt 0`` for executions, the step just
finished for rendering) and the elapsed time. A disabled bar (no terminal, or
``progress=False``) shows nothing and costs nothing. Updates are thread-safe:
executions finish on worker threads.

Reports are rendered while other notebooks still execute, so several bars can
be open at once: they share one live display (rich allows only one), each bar a
row of it; the display stops when its last bar closes.
"""

from __future__ import annotations

import threading
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

_live_lock = threading.Lock()
#: The live display shared by the open bars, and how many bars use it.
_live: dict[str, Any] = {"progress": None, "users": 0}


def _shared_progress(console: Console | None) -> Progress:
    """The running live display, started by the first open bar."""
    with _live_lock:
        if _live["progress"] is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            _live["progress"] = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[detail]}"),
                TimeElapsedColumn(),
                console=console or Console(stderr=True),
            )
            _live["progress"].start()
        _live["users"] += 1
        return _live["progress"]


def _release_progress() -> None:
    with _live_lock:
        _live["users"] -= 1
        if _live["users"] == 0:
            _live["progress"].stop()
            _live["progress"] = None


class StepBar:
    """A rich progress bar of ``total`` steps, or nothing when ``enabled`` is false.

    Parameters
    ----------
    label : str
        Dutch name of the work, e.g. ``"notebooks"``, ``"opmaken"``.
    total : int or None
        Number of steps; ``None`` until known (:meth:`advance` can set it).
    enabled : bool
        Show the bar (the CLI passes whether stderr is a terminal).
    done : int
        Steps already done when the bar starts (cached executions).
    detail : str
        Template of the text after the counts, with ``{task.fields[...]}``
        placeholders filled from ``fields``.
    console : rich.console.Console, optional
        Where to draw, when this bar starts the live display; default a console on stderr.
    **fields
        Initial values of the detail fields.
    """

    def __init__(self, label: str, total: int | None, *, enabled: bool, done: int = 0,
                 detail: str = "{task.fields[step]}", console: Console | None = None, **fields: Any) -> None:
        self._lock = threading.Lock()
        self._enabled = enabled
        self._label, self._total, self._done, self._console = label, total, done, console
        self._detail = detail
        self._fields: dict[str, Any] = {"step": "", **fields}
        self._progress: Any = None

    def _detail_text(self) -> str:
        return self._detail.format(task=SimpleNamespace(fields=self._fields))

    def __enter__(self) -> StepBar:
        if self._enabled:
            self._progress = _shared_progress(self._console)
            self._task = self._progress.add_task(self._label, total=self._total, completed=self._done,
                                                 detail=self._detail_text())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress = None
            _release_progress()

    def advance(self, steps: int = 1, *, total: int | None = None, **fields: Any) -> None:
        """Count ``steps`` more as done, optionally setting the total and detail fields."""
        if self._progress is None:
            return
        with self._lock:
            self._fields.update(fields)
            update: dict[str, Any] = {"advance": steps, "detail": self._detail_text()}
            if total is not None:
                update["total"] = total
            self._progress.update(self._task, **update)
