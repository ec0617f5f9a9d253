"""The progress bars of a build (rich, on stderr): executing notebooks, rendering reports.

One look for every step that takes a while: a Dutch label, a bar, ``done/total``,
an optional detail (``bezig 2 · mislukt 0`` for executions, the step just
finished for rendering) and the elapsed time. A disabled bar (no terminal, or
``progress=False``) shows nothing and costs nothing. Updates are thread-safe:
executions finish on worker threads.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


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
        Where to draw; default a console on stderr.
    **fields
        Initial values of the detail fields.
    """

    def __init__(self, label: str, total: int | None, *, enabled: bool, done: int = 0,
                 detail: str = "{task.fields[step]}", console: Console | None = None, **fields: Any) -> None:
        self._lock = threading.Lock()
        self._progress: Any = None
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            TextColumn(label),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(detail),
            TimeElapsedColumn(),
            console=console or Console(stderr=True),
        )
        fields = {"step": "", **fields}
        self._task = self._progress.add_task(label, total=total, completed=done, **fields)

    def __enter__(self) -> StepBar:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def advance(self, steps: int = 1, *, total: int | None = None, **fields: Any) -> None:
        """Count ``steps`` more as done, optionally setting the total and detail fields."""
        if self._progress is None:
            return
        with self._lock:
            update: dict[str, Any] = {"advance": steps, **fields}
            if total is not None:
                update["total"] = total
            self._progress.update(self._task, **update)
