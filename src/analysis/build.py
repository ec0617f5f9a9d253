"""Building an edition: validate, execute the notebooks, render the report.

Order of work, so that bad input never leaves anything half-written:

1. load and validate the edition parameters and every chapter's parameters
   against its notebook (:func:`analysis.editions.plan_chapters`);
2. check that the project kernelspec runs this interpreter
   (:func:`analysis.kernel.check_kernelspec`);
3. execute every chapter with papermill, in a staging directory next to
   ``reports/<edition>/``;
4. write the Quarto book project there and render it (Quarto when installed,
   else the built-in renderer);
5. only then swap the staging directory into place. A failure in 3 or 4 keeps
   the previous good report untouched; the failed notebook (with its
   traceback) is kept under ``reports/.failed/<edition>/``.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analysis.config import PROJECT_ROOT, REPORTS_DIR
from analysis.editions import ChapterRun, Edition, load_edition, plan_chapters
from analysis.errors import VoortgangError
from analysis.kernel import check_kernelspec
from analysis.leeswijzer import inleiding_markdown
from analysis.render.project import FORMATS
from analysis.render.quarto_project import (
    INDEX_CHAPTER,
    NOTEBOOK_SUBDIR,
    load_template,
    quarto_config,
    quarto_executable,
    render_quarto,
    write_quarto_project,
)


class BuildError(RuntimeError):
    """A notebook or renderer failed during a build (not a user-input error)."""


@dataclass(frozen=True)
class BuildResult:
    """What a build produced."""

    edition: str
    report_dir: Path
    outputs: dict[str, Path]
    renderer: str
    seconds: float
    notebooks: list[Path] = field(default_factory=list)


def check_formats(formats: Sequence[str]) -> list[str]:
    """Validate output format names (``--formats``); returns them as a list."""
    if not formats:
        raise VoortgangError(f"argument '--formats': give at least one of {', '.join(FORMATS)}")
    for f in formats:
        if f not in FORMATS:
            raise VoortgangError(f"argument '--formats': unknown format {f!r} (choose from {', '.join(FORMATS)})")
    return list(formats)


def parse_formats(text: str) -> list[str]:
    """Parse ``--formats html,docx,pdf`` into a validated list."""
    return check_formats([f.strip().lower() for f in text.split(",") if f.strip()])


def execute_chapter(run: ChapterRun, output: Path, kernel_name: str) -> None:
    """Execute one notebook with papermill into ``output``.

    The kernel name is always passed explicitly (never the ambiguous
    ``python3``), and the working directory is the project root so relative
    paths in parameters mean the same in every run.
    """
    import papermill

    output.parent.mkdir(parents=True, exist_ok=True)
    papermill.execute_notebook(
        str(run.notebook),
        str(output),
        parameters=run.parameters,
        kernel_name=kernel_name,
        cwd=str(PROJECT_ROOT),
        progress_bar=False,
        log_output=False,
        report_mode=False,
    )


def _swap_into_place(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging`` with two renames (no half state visible)."""
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    if old.exists():
        shutil.rmtree(old)


def build_edition(
    name: str,
    formats: Sequence[str] = FORMATS,
    *,
    renderer: str = "auto",
    reports_dir: Path = REPORTS_DIR,
    on_progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build one edition into ``reports_dir/<edition>/``.

    Parameters
    ----------
    name : str
        Edition name, e.g. ``"2020-H1"``.
    formats : sequence of str
        Output formats among ``html``, ``docx``, ``pdf``.
    renderer : {"auto", "quarto", "builtin"}
        ``auto`` uses Quarto when it is on ``PATH``, else the built-in renderer.
    reports_dir : Path
        Parent directory of the edition's report directory.
    on_progress : callable, optional
        Receives one short Dutch/English status line per step.

    Returns
    -------
    BuildResult

    Raises
    ------
    VoortgangError
        Bad parameters (nothing is executed or written).
    BuildError
        A notebook or the renderer failed (the previous report is kept).
    """
    say = on_progress or (lambda _msg: None)
    start = time.perf_counter()
    if renderer not in ("auto", "quarto", "builtin"):
        raise VoortgangError(f"argument '--renderer': unknown renderer {renderer!r} (auto, quarto, builtin)")
    formats = check_formats(formats)
    edition: Edition = load_edition(name)
    runs = plan_chapters(edition)
    template = load_template()
    use_quarto = renderer == "quarto" or (renderer == "auto" and quarto_executable() is not None)
    if renderer == "quarto" and quarto_executable() is None:
        raise VoortgangError("argument '--renderer': quarto is not on PATH")
    kernel_name = check_kernelspec()

    reports_dir.mkdir(parents=True, exist_ok=True)
    target = reports_dir / edition.edition
    staging = Path(tempfile.mkdtemp(prefix=f".{edition.edition}-", dir=reports_dir))
    staging.chmod(0o755)  # mkdtemp makes it private; the report is meant to be shared
    try:
        notebooks: list[Path] = []
        for run in runs:
            say(f"notebook {run.output_id}")
            out = staging / NOTEBOOK_SUBDIR / f"{run.output_id}.ipynb"
            try:
                execute_chapter(run, out, kernel_name)
            except Exception as exc:  # papermill raises PapermillExecutionError and others
                kept = _keep_failed(staging, reports_dir, edition.edition) / NOTEBOOK_SUBDIR / out.name
                raise BuildError(
                    f"chapter {run.output_id!r} ({run.notebook.name}) failed: {_describe(exc)}; "
                    f"the executed notebook with the traceback is {kept}; "
                    f"the previous report in {target} is unchanged"
                ) from exc
            notebooks.append(out)
        chapters = [INDEX_CHAPTER] + [f"{NOTEBOOK_SUBDIR}/{p.name}" for p in notebooks]
        config = quarto_config(
            template,
            edition=edition.edition,
            title=edition.title,
            subtitle=edition.subtitle,
            date=edition.date,
            author=edition.author,
            chapters=chapters,
            formats=list(formats),
        )
        write_quarto_project(staging, config, inleiding_markdown(edition))
        say("render " + ("quarto" if use_quarto else "built-in") + f" ({', '.join(formats)})")
        outputs = _render(staging, formats, use_quarto)
        _swap_into_place(staging, target)
    except BaseException:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
        raise
    outputs = {fmt: target / path.relative_to(staging) for fmt, path in outputs.items()}
    return BuildResult(
        edition=edition.edition,
        report_dir=target,
        outputs=outputs,
        renderer="quarto" if use_quarto else "builtin",
        seconds=time.perf_counter() - start,
        notebooks=[target / p.relative_to(staging) for p in notebooks],
    )


def _render(project_dir: Path, formats: Sequence[str], use_quarto: bool) -> dict[str, Path]:
    if use_quarto:
        book = render_quarto(project_dir)
        return {"html": book / "index.html"} | {
            f: p for f in formats if f != "html" for p in sorted(book.glob(f"*.{f}"))[:1]
        }
    from analysis.render.offline import render_offline

    try:
        return render_offline(project_dir, formats)
    except VoortgangError as exc:
        raise BuildError(f"rendering failed: {exc}") from exc


def _keep_failed(staging: Path, reports_dir: Path, edition: str) -> Path:
    dest = reports_dir / ".failed" / edition
    if dest.exists():
        shutil.rmtree(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(staging, dest)
    return dest


def _describe(exc: BaseException) -> str:
    """``ename: evalue`` of a failed cell (papermill), else the exception's first line."""
    if getattr(exc, "ename", None):
        return f"{exc.ename}: {exc.evalue}"  # type: ignore[attr-defined]
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0] if lines else ''}"
