"""Building an edition, step by step: ``voortgang build`` and ``make report``.

:func:`build_edition` reads top to bottom as the steps of a build, so that bad
input never leaves anything half-written and a failure keeps the previous
report:

1. **validate** (:func:`analysis.pipeline.plan.plan_build`): the edition file,
   its figures, every chapter's parameters against its notebook, the regions,
   formats and renderer, and the project kernel (:func:`analysis.pipeline.kernel.check_kernelspec`);
   a previous edition that chapters compare with and that has no release yet is
   built first (as ``make`` builds a prerequisite);
2. **prepare data** (:func:`prepare_data`): make the synthetic population the
   edition names, when it is missing;
3. **execute** (:func:`analysis.pipeline.execute.execute_plan`): every chapter
   whose dependencies changed (:mod:`analysis.pipeline.dependencies`), into
   ``reports/.executed/<edition>/``, on the engine
   (:func:`analysis.pipeline.execute.open_engine`): warm kernels in
   parallel, or the tasks of a Dask cluster with ``scheduler``;
4. **gate**, 5. **render**, 6. **publish** the national report
   (:func:`analysis.pipeline.national.publish_national`) as the next version in
   ``releases/<edition>/`` with ``reports/<edition>/`` linked to it;
7. the **regional reports**, when ``--regions`` asks for them
   (:class:`analysis.pipeline.regional.RegionalRenders`), each gated and
   rendered on its own into ``reports/<edition>/regio/<code>/``, with an index page.

Step 7 of a regional report starts as soon as that region's own executions are
done, while the other runs still execute, on the engine (a worker process, or a
Dask task); steps 4-6 of the national report run in this process once no run
executes any more (beside the regional renders).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analysis.config import FORMATS
from analysis.errors import BuildError, VoortgangError
from analysis.inputs.editions import Edition, check_formats
from analysis.inputs.files import inside_data
from analysis.inputs.releases import unreleased_previous
from analysis.inputs.synthetic import ensure_synthetic, parse_years
from analysis.inputs.synthetic.gemeente_table import ensure_gemeente_table
from analysis.inputs.synthetic.monitor import ensure_monitor
from analysis.pipeline.execute import execute_plan, open_engine, plan_dependencies, scheduler_address
from analysis.pipeline.execution.runner import RunResult
from analysis.pipeline.kernel import check_kernelspec
from analysis.pipeline.manifest import utc_now
from analysis.pipeline.national import NationalResult, publish_national
from analysis.pipeline.plan import BuildPaths, plan_build
from analysis.pipeline.region_counts import prepare_region_counts
from analysis.pipeline.regional import (
    REGION_STATUS_WORDS,
    RegionalRenders,
    RegionalResult,
    write_regional_index,
)
from analysis.present.numbers import format_number
from analysis.present.sources import conflict_lines


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


def prepare_data(edition: Edition, say: Callable[[str], None]) -> None:
    """Make the synthetic data the edition names, and the count tables of its person-level data.

    Step 2 of a build, and ``voortgang data prepare`` (``make lab`` runs it, so
    the notebooks find their data in a fresh clone): the synthetic population
    when it is not there yet, then the national pass
    (:func:`analysis.pipeline.region_counts.prepare_region_counts`: person-level
    data loaded once, counted for every region, when the data or the counting
    code changed). ``say`` gets one Dutch line per step: what was made, or that
    it was already there.
    """
    gemeenten = edition.regions.gemeenten if edition.regions is not None else None
    if gemeenten is not None and ensure_gemeente_table(gemeenten):
        say(f"synthetische gemeentetabel gemaakt: {gemeenten.tabel} ({gemeenten.snapshot}), seed {gemeenten.seed}")
    if edition.synthetic is not None:
        _prepare_synthetic(edition, say)
    prepare_region_counts(edition, say)


def _prepare_synthetic(edition: Edition, say: Callable[[str], None]) -> None:
    """The synthetic population and monitor records the edition names, when missing."""
    spec = edition.synthetic
    out = inside_data(spec.pad, "key 'synthetic.pad'")  # validated before; checked again where it is written
    if ensure_synthetic(spec.persons, parse_years(spec.years), spec.seed, out):
        say(f"synthetische data gemaakt: {format_number(spec.persons)} personen, {spec.years}, seed {spec.seed}")
    else:
        say(f"synthetische data aanwezig: {spec.pad}")
    if spec.monitor:
        folder = inside_data(spec.monitor, "key 'synthetic.monitor'")
        if ensure_monitor(folder, spec.seed, parse_years(spec.years)):
            say(f"synthetische monitor complexe zorgvragen gemaakt: {spec.monitor}")


def build_edition(
    name: str,
    formats: Sequence[str] = FORMATS,
    *,
    renderer: str = "auto",
    paths: BuildPaths | None = None,
    jobs: int | None = None,
    force: bool = False,
    progress: bool = False,
    on_progress: Callable[[str], None] | None = None,
    regions: str | None = None,
    regional_formats: Sequence[str] | None = None,
    scheduler: str | None = None,
    _building: frozenset[str] = frozenset(),
) -> BuildResult:
    """Build one edition: its national report and, with ``regions``, regional reports.

    Parameters
    ----------
    name : str
        Edition name, e.g. ``"2020-H1"``.
    formats : sequence of str
        Output formats of the national report among ``html``, ``docx``, ``pdf``.
    renderer : {"auto", "quarto", "builtin"}
        ``auto`` uses Quarto when it is on ``PATH``, else the built-in renderer.
    paths : BuildPaths, optional
        Where reports, releases and the cache go (default: the project's).
    jobs : int, optional
        Notebooks executed at the same time (default: number of CPUs).
    force : bool
        Execute every chapter again, ignoring the cache.
    progress : bool
        Show progress bars on stderr: the executions, the rendering of the
        national report and of the regional reports.
    on_progress : callable, optional
        Receives one short status line per step.
    regions : str, optional
        Also build regional reports (``--regions``): ``all``, a grouping name
        of the edition (``landsdelen``) or comma-separated codes. They go to
        ``reports/<edition>/regio/<code>/`` in the edition's regional formats,
        with an index page ``regio/index.html``; a failing region does not stop
        the others.
    regional_formats : sequence of str, optional
        Formats of the regional reports (``--formats`` of a regional build);
        default the edition's ``regions.formats``. They never change the
        national report's ``formats``.
    scheduler : str, optional
        Address of a Dask scheduler (``--scheduler tcp://host:8786``; default
        the environment variable :data:`analysis.config.SCHEDULER_ENV`): the
        executions and regional renders run as tasks on its workers, which
        share the project directory. Without one, everything runs here.

    Returns
    -------
    BuildResult

    Raises
    ------
    VoortgangError
        Bad input (nothing is executed or written), also a scheduler that does
        not answer or workers that differ from this build.
    BuildError
        A notebook or the renderer failed, or a chapter failed the disclosure
        gate (the previous report is kept). With ``regions`` it is raised at
        the end, after every other report was built, listing every failure
        with the executed notebook holding its traceback.
    """
    say = on_progress or (lambda _msg: None)
    start, started = time.perf_counter(), utc_now()
    address = scheduler_address(scheduler)
    plan = plan_build(name, formats, renderer, regions, paths, regional_formats)  # 1. validate
    for line in conflict_lines(plan.figures.conflicts):
        say(line)
    check_kernelspec()
    for previous in unreleased_previous([run.parameters for run in plan.all_runs], plan.paths.releases):
        if previous in _building | {name}:
            raise VoortgangError(f"params/editions/{name}.yaml: parameter 'previous': {previous} compares with "
                                 f"{name} in a circle")
        say(f"vorige editie {previous} heeft nog geen versie: die bouwen we eerst")
        build_edition(previous, formats, renderer=renderer, paths=plan.paths, jobs=jobs, progress=progress,
                      on_progress=on_progress, scheduler=scheduler, _building=_building | {name})
    report_dir = plan.paths.report(plan.edition.edition)
    results: dict[str, RunResult] = {}
    national: NationalResult | BuildError | None = None
    with open_engine(address, jobs) as engine:  # a scheduler that does not answer stops the build here
        if address:
            say(f"Dask-scheduler {address[0]}: {format_number(engine.slots)} werkplekken")
        prepare_data(plan.edition, say)  # 2. prepare data
        dependencies = plan_dependencies(plan)
        if plan.regional:
            say(f"regio's: {format_number(len(plan.regional))} rapporten ({', '.join(plan.regional_formats)})")
        with RegionalRenders(plan.regional, plan.edition, plan.paths.executed(plan.edition.edition), report_dir,
                             plan.template, plan.use_quarto, engine, formats=plan.regional_formats,
                             dependencies=dependencies, started=started, progress=progress) as renders:

            def on_result(result: RunResult) -> None:
                """Start each regional report as soon as its own executions are done."""
                results[result.output_id] = result
                renders.run_done(result)  # 7. a region's report, on the engine

            execute_plan(plan, dependencies, engine=engine, force=force, progress=progress, say=say,
                         on_result=on_result)  # 3. execute
            # 4-6. gate, render, publish the national report in this process once no run executes any more
            # (an intermittent "No such file or directory" was seen when it rendered here while gemeente runs
            # still executed; regional renders run in their own processes and go on meanwhile)
            try:
                national = publish_national(plan, results, dependencies, started, say, progress)
            except BuildError as exc:
                national = exc
            regional = renders.results()
    assert national is not None  # every run's result came in
    if not plan.regional:
        if isinstance(national, BuildError):
            raise national
        return _result(plan.edition.edition, national, start)
    for r in regional:
        say(f"regio {r.code}: {REGION_STATUS_WORDS[r.status]}")
    index = write_regional_index(plan.edition, report_dir)
    problems = [str(national)] if isinstance(national, BuildError) else []
    for r in regional:
        if r.status == "failed":
            where = f"; traceback in {r.failed_notebook}" if r.failed_notebook else ""
            kept = "its previous report is kept" if r.report_dir.exists() else "no report"
            problems.append(f"region {r.code!r}: {r.error}{where}; {kept}")
    if problems:
        raise BuildError(" | ".join(problems))
    assert not isinstance(national, BuildError)
    return _result(plan.edition.edition, national, start, regional, index)


def _result(
    edition: str, national: NationalResult, start: float,
    regional: list[RegionalResult] | None = None, index: Path | None = None,
) -> BuildResult:
    return BuildResult(edition=edition, report_dir=national.report_dir, outputs=national.outputs,
                       renderer=national.renderer, seconds=time.perf_counter() - start, notebooks=national.notebooks,
                       regions=regional or [], regional_index=index)
