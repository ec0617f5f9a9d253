"""Building an edition: validate, execute the notebooks, render the report.

Order of work, so that bad input never leaves anything half-written:

1. load and validate the edition parameters and every chapter's parameters
   against its notebook (:func:`analysis.editions.plan_chapters`);
2. check that the project kernelspec runs this interpreter
   (:func:`analysis.kernel.check_kernelspec`), and make the synthetic
   population the edition names when it is missing (:func:`prepare_data`);
3. execute the chapters with :func:`analysis.execution.execute_runs` (warm
   kernels in parallel, unchanged chapters skipped by the cache) into
   ``reports/.executed/<edition>/``; a failed chapter leaves
   ``<id>.failed.ipynb`` with its traceback there;
4. check the disclosure gate of chapters that read person-level data
   (:func:`check_disclosure`);
5. copy the executed notebooks into a staging directory next to
   ``reports/<edition>/``, write the Quarto book project there and render it
   (Quarto when installed, else the built-in renderer);
6. only then swap the staging directory into place. A failure in 3 to 5 keeps
   the previous good report untouched.

:func:`execute_chapter` is the plain papermill path: the reference the
execution engine's outputs are tested against, and the baseline of the
benchmark.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from analysis.config import CACHE_DIR, PARAMS_DIR, PROJECT_ROOT, REFERENCE_DIR, REPORTS_DIR
from analysis.display import MARKER
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


#: Folder under ``reports/`` with the executed notebooks of each edition (stable, so
#: the execution cache can skip unchanged chapters; failed runs leave
#: ``<id>.failed.ipynb`` there).
EXECUTED_SUBDIR = ".executed"


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


def edition_inputs(edition: Edition) -> list[Path]:
    """Files and folders every chapter of an edition may read (for the cache key).

    All parameter files (registries, mappings, thresholds, researchers' texts),
    the reference data, and the data sources and synthetic data the edition names.
    """
    paths = [PARAMS_DIR, REFERENCE_DIR]
    paths += [PROJECT_ROOT / s.pad for s in edition.sources if s.pad]
    if edition.synthetic is not None:
        paths.append(PROJECT_ROOT / edition.synthetic.pad)
    return sorted({p for p in paths if p.exists()})


def prepare_data(edition: Edition, say: Callable[[str], None]) -> None:
    """Make the synthetic population the edition names, when it is not there yet."""
    if edition.synthetic is None:
        return
    from analysis.microdata.synth import ensure_synthetic, parse_years

    spec = edition.synthetic
    if ensure_synthetic(spec.persons, parse_years(spec.years), spec.seed, PROJECT_ROOT / spec.pad):
        say(f"synthetische data gemaakt: {spec.persons:,} personen, {spec.years}, seed {spec.seed}")


def check_disclosure(notebook: Path, run: ChapterRun) -> None:
    """Refuse a chapter that reads person-level data and shows an unprotected table or figure.

    A chapter reads person-level data when it gets a ``microdata`` parameter.
    Then every table (``text/html``) and figure (``image/png``) output must carry
    the marker ``{"voortgang": {"protected": true}}`` that
    :mod:`analysis.display` sets only for a :class:`~analysis.disclosure.ProtectedTable`.

    Raises
    ------
    BuildError
        Naming the chapter and the cell.
    """
    if "microdata" not in run.parameters:
        return
    nb = nbformat.read(notebook, as_version=4)
    for number, cell in enumerate(nb.cells, start=1):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if not ({"text/html", "image/png"} & set(data)):
                continue
            marker = output.get("metadata", {}).get(MARKER, {})
            if marker.get("protected") is not True:
                raise BuildError(
                    f"chapter {run.output_id!r} reads person-level data, but cell {number} shows a table or "
                    "figure that did not pass the disclosure gate (use analysis.disclosure.protect_* and "
                    "show_table/show_figure with the ProtectedTable); the report is not rendered"
                )


def build_edition(
    name: str,
    formats: Sequence[str] = FORMATS,
    *,
    renderer: str = "auto",
    reports_dir: Path = REPORTS_DIR,
    jobs: int | None = None,
    force: bool = False,
    progress: bool = False,
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
    jobs : int, optional
        Notebooks executed at the same time (default: number of CPUs).
    force : bool
        Execute every chapter again, ignoring the cache.
    progress : bool
        Show a progress bar of the executions on stderr.
    on_progress : callable, optional
        Receives one short status line per step.

    Returns
    -------
    BuildResult

    Raises
    ------
    VoortgangError
        Bad parameters (nothing is executed or written).
    BuildError
        A notebook or the renderer failed, or a chapter failed the disclosure
        check (the previous report is kept).
    """
    from analysis.execution import execute_runs

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
    check_kernelspec()
    prepare_data(edition, say)

    # Executed notebooks live in a stable folder so the cache can skip unchanged
    # chapters; a failed chapter leaves <id>.failed.ipynb there and the previous
    # good <id>.ipynb (and the previous report) untouched.
    executed = reports_dir / EXECUTED_SUBDIR / edition.edition
    inputs = edition_inputs(edition)
    summary = execute_runs(
        runs,
        executed,
        jobs=jobs,
        force=force,
        cache_dir=CACHE_DIR / edition.edition,
        inputs=lambda _run: inputs,
        progress=progress,
    )
    for result in summary.results:
        say(f"{result.status:9} {result.output_id} ({result.seconds:.1f} s)")
    if not summary.ok:
        failures = "; ".join(
            f"chapter {r.output_id!r}: {r.error}; traceback in {r.failed_notebook}" for r in summary.failed
        )
        raise BuildError(f"{failures}; the previous report in {reports_dir / edition.edition} is unchanged")
    for run in runs:
        check_disclosure(executed / f"{run.output_id}.ipynb", run)

    reports_dir.mkdir(parents=True, exist_ok=True)
    target = reports_dir / edition.edition
    staging = Path(tempfile.mkdtemp(prefix=f".{edition.edition}-", dir=reports_dir))
    staging.chmod(0o755)  # mkdtemp makes it private; the report is meant to be shared
    try:
        notebooks: list[Path] = []
        for run in runs:
            dest = staging / NOTEBOOK_SUBDIR / f"{run.output_id}.ipynb"
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(executed / f"{run.output_id}.ipynb", dest)
            notebooks.append(dest)
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
