"""TODO docstring."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.chapters.inleiding import inleiding_markdown
from analysis.config import CACHE_DIR, FORMATS, PROJECT_ROOT, REPORTS_DIR
from analysis.errors import BuildError, VoortgangError
from analysis.inputs.editions import (
    ChapterRun,
    Edition,
    check_formats,
    load_edition,
    plan_chapters,
)
from analysis.inputs.figures import edition_figures
from analysis.inputs.releases import previous_inputs
from analysis.pipeline.dependencies import edition_inputs, run_inputs
from analysis.pipeline.gate import check_disclosure
from analysis.pipeline.kernel import check_kernelspec
from analysis.pipeline.manifest import (
    build_manifest,
    renderer_info,
    utc_now,
    write_edition_data,
)
from analysis.pipeline.publish import publish
from analysis.pipeline.regional import (
    RegionalResult,
    plan_regional,
    render_regional_reports,
    write_regional_index,
)
from analysis.pipeline.render.quarto_project import (
    INDEX_CHAPTER,
    NOTEBOOK_SUBDIR,
    load_template,
    quarto_config,
    quarto_executable,
    write_quarto_project,
)
from analysis.pipeline.render_cache import (
    current_outputs,
    render_key,
    write_render_manifest,
)
from analysis.pipeline.rendering import render_book

#: Folder under ``reports/`` with the executed notebooks of each edition (stable, so
#: the execution cache can skip unchanged chapters; failed runs leave
#: ``<id>.failed.ipynb`` there).
EXECUTED_SUBDIR = ".executed"


@dataclass(frozen=True)
class BuildResult:
    """What a build produced."""

    edition: str
    report_dir: Path
    outputs: dict[str, Path]
    renderer: str
    seconds: float
    notebooks: list[Path] = field(default_factory=list)
    regions: list[RegionalResult] = field(default_factory=list)
    regional_index: Path | None = None


def parse_formats(text: str) -> list[str]:
    """Parse ``--formats html,docx,pdf`` into a validated list."""
    return check_formats([f.strip().lower() for f in text.split(",") if f.strip()], "--formats")


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


def prepare_data(edition: Edition, say: Callable[[str], None]) -> None:
    """Make the synthetic population the edition names, when it is not there yet."""
    if edition.synthetic is None:
        return
    from analysis.inputs.synthetic.params import parse_years
    from analysis.inputs.synthetic.write import ensure_synthetic

    spec = edition.synthetic
    if ensure_synthetic(spec.persons, parse_years(spec.years), spec.seed, PROJECT_ROOT / spec.pad):
        say(f"synthetische data gemaakt: {spec.persons:,} personen, {spec.years}, seed {spec.seed}")


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
    regions: str | None = None,
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
    regions : str, optional
        Also build regional reports (``--regions``): ``all``, a grouping name
        of the edition (``landsdelen``) or comma-separated codes. They go to
        ``reports/<edition>/regio/<code>/`` in the edition's regional formats,
        with an index page ``regio/index.html``. The executions of all reports
        share one parallel, cached :func:`~analysis.pipeline.execution.runner.execute_runs`
        call; a failing region does not stop the others.

    Returns
    -------
    BuildResult

    Raises
    ------
    VoortgangError
        Bad parameters (nothing is executed or written).
    BuildError
        A notebook or the renderer failed, or a chapter failed the disclosure
        check (the previous report is kept). With ``regions`` it is raised at
        the end, after every other report was built, listing every failure
        with the executed notebook holding its traceback.
    """
    from analysis.pipeline.execution.runner import execute_runs

    say = on_progress or (lambda _msg: None)
    start = time.perf_counter()
    started = utc_now()
    if renderer not in ("auto", "quarto", "builtin"):
        raise VoortgangError(f"argument '--renderer': unknown renderer {renderer!r} (auto, quarto, builtin)")
    formats = check_formats(formats, "--formats")
    edition: Edition = load_edition(name)
    runs = plan_chapters(edition)
    regional = plan_regional(edition, regions) if regions is not None else []
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
    text_of = {run.output_id: run.output_id for run in runs}
    text_of |= {run.output_id: f"regio-{plan.region.code}" for plan in regional for run in plan.runs}
    inputs = {text: run_inputs(edition, text) for text in set(text_of.values())}
    # Chapters comparing with a previous edition also depend on that version's data
    # (a `previous` that does not exist is an error here, before anything runs).
    previous = {run.output_id: previous_inputs(run.parameters, reports_dir) for run in runs}
    summary = execute_runs(
        [*runs, *(run for plan in regional for run in plan.runs)],
        executed,
        jobs=jobs,
        force=force,
        cache_dir=CACHE_DIR / edition.edition,
        inputs=lambda run: [*inputs[text_of[run.output_id]], *previous.get(run.output_id, [])],
        progress=progress,
    )
    for result in summary.results:
        why = f"; {result.reason}" if result.status == "executed" else ""
        say(f"{result.status:9} {result.output_id} ({result.seconds:.1f} s{why})")
    target = reports_dir / edition.edition
    national_failed = [summary[run.output_id] for run in runs if summary[run.output_id].status == "failed"]
    national_error: BuildError | None = None
    result: BuildResult | None = None
    if national_failed:
        failures = "; ".join(
            f"chapter {r.output_id!r}: {r.error}; traceback in {r.failed_notebook}" for r in national_failed
        )
        national_error = BuildError(f"{failures}; the previous report in {target} is unchanged")
    else:
        try:
            for run in runs:
                check_disclosure(executed / f"{run.output_id}.ipynb", run)
            result = _render_edition(
                edition, runs, executed, reports_dir, formats, template, use_quarto, say, start, started
            )
        except BuildError as exc:
            national_error = exc
    if national_error is not None and not regional:
        raise national_error
    if not regional:
        assert result is not None
        return result

    say(f"regio's: {len(regional)} rapporten ({', '.join(edition.regions.formats)})")
    regional_results = render_regional_reports(regional, edition, executed, target, summary, template, use_quarto, jobs)
    for r in regional_results:
        say(f"regio {r.code}: {r.status}")
    index = write_regional_index(edition, target)
    problems = [str(national_error)] if national_error is not None else []
    for r in regional_results:
        if r.status == "failed":
            where = f"; traceback in {r.failed_notebook}" if r.failed_notebook else ""
            kept = "its previous report is kept" if r.report_dir.exists() else "no report"
            problems.append(f"region {r.code!r}: {r.error}{where}; {kept}")
    if problems:
        raise BuildError(" | ".join(problems))
    assert result is not None
    return BuildResult(
        edition=result.edition,
        report_dir=result.report_dir,
        outputs=result.outputs,
        renderer=result.renderer,
        seconds=time.perf_counter() - start,
        notebooks=result.notebooks,
        regions=regional_results,
        regional_index=index,
    )


def _render_edition(
    edition: Edition,
    runs: Sequence[ChapterRun],
    executed: Path,
    reports_dir: Path,
    formats: Sequence[str],
    template: dict[str, Any],
    use_quarto: bool,
    say: Callable[[str], None],
    start: float,
    started: dt.datetime,
) -> BuildResult:
    """Render the national report from the executed notebooks and publish it as a version.

    Skipped when the report in place was rendered from the same notebooks,
    settings and code (:func:`render_key`). Otherwise it is rendered in a
    staging folder and published with :func:`analysis.pipeline.publish.publish`
    (``reports/<edition>/vN``, ``latest``, ``manifest.json``); the regional
    reports in ``reports/<edition>/regio/`` stay beside the versions.
    """
    reports_dir.mkdir(parents=True, exist_ok=True)
    target = reports_dir / edition.edition
    chapters = [INDEX_CHAPTER] + [f"{NOTEBOOK_SUBDIR}/{run.output_id}.ipynb" for run in runs]
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
    inleiding = inleiding_markdown(edition)
    renderer = "quarto" if use_quarto else "builtin"
    key = render_key([executed / f"{run.output_id}.ipynb" for run in runs], config, inleiding, formats, renderer)
    outputs = current_outputs(target, key, formats)
    if outputs is not None:
        say("render: ongewijzigd, bestaand rapport behouden")
    else:
        outputs = _render_and_publish(edition, runs, executed, reports_dir, config, inleiding, formats, key,
                                      use_quarto, say, started)
    return BuildResult(
        edition=edition.edition,
        report_dir=target,
        outputs=outputs,
        renderer=renderer,
        seconds=time.perf_counter() - start,
        notebooks=[target / NOTEBOOK_SUBDIR / f"{run.output_id}.ipynb" for run in runs],
    )


def _render_and_publish(
    edition: Edition,
    runs: Sequence[ChapterRun],
    executed: Path,
    reports_dir: Path,
    config: dict[str, Any],
    inleiding: str,
    formats: Sequence[str],
    key: str,
    use_quarto: bool,
    say: Callable[[str], None],
    started: dt.datetime,
) -> dict[str, Path]:
    """Render in a staging folder and publish it as the edition's next version.

    Returns the outputs by format, as paths under ``reports/<edition>/``.
    """
    staging = Path(tempfile.mkdtemp(prefix=f".{edition.edition}-", dir=reports_dir))
    staging.chmod(0o755)  # mkdtemp makes it private; the report is meant to be shared
    try:
        for run in runs:
            dest = staging / NOTEBOOK_SUBDIR / f"{run.output_id}.ipynb"
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(executed / f"{run.output_id}.ipynb", dest)
        write_quarto_project(staging, config, inleiding)
        say("render " + ("quarto" if use_quarto else "built-in") + f" ({', '.join(formats)})")
        outputs = render_book(staging, formats, use_quarto)
        write_render_manifest(staging, key, outputs)
        write_edition_data(staging, edition_figures(edition))
        manifest = build_manifest(
            edition, staging, inputs=edition_inputs(edition), runs=runs,
            renderer=renderer_info(use_quarto), started=started,
        )
        # reports/<edition>/vN (a new N only when an output changed), `latest`, and
        # links so reports/<edition>/index.html etc. always show the latest version.
        say(publish(staging, reports_dir, edition.edition, manifest).message)
    except BaseException:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
        raise
    target = reports_dir / edition.edition
    return {fmt: target / path.relative_to(staging) for fmt, path in outputs.items()}
