"""Step 3 of a build: execute the chapters, each only when something it reads changed.

:func:`execute_plan` hands every run of a :class:`~analysis.pipeline.plan.BuildPlan`
to the execution engine (:func:`analysis.pipeline.execution.runner.execute_runs`:
warm kernels in parallel, failures isolated) with the run's dependencies
(:mod:`analysis.pipeline.dependencies`) as its cache inputs. :func:`execute_plain`
is the plain papermill path: the reference the engine's outputs are tested
against, and the baseline of the benchmarks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from analysis.config import PROJECT_ROOT
from analysis.inputs.editions import ChapterRun
from analysis.pipeline.dependencies import (
    RunDependencies,
    edition_digest,
    external_imports,
    run_dependencies,
)
from analysis.pipeline.execution.pool import WARM_IMPORTS, kernel_manager_class
from analysis.pipeline.execution.runner import ExecutionSummary, execute_runs
from analysis.pipeline.plan import BuildPlan


def plan_dependencies(plan: BuildPlan) -> dict[str, RunDependencies]:
    """The dependencies of every run of the plan, by output id (read before anything runs)."""
    return {
        run.output_id: run_dependencies(run, plan.edition, plan.text_name(run), plan.paths.releases)
        for run in plan.all_runs
    }


def warm_imports(dependencies: dict[str, RunDependencies]) -> tuple[str, ...]:
    """The modules the warm kernels import first: of :data:`WARM_IMPORTS`, only what the runs use.

    A third-party package is pre-imported only when some run's code imports it
    (``pingouin`` only for the chapters with corrected tests, :mod:`analysis.stats.multiple`);
    ``analysis`` always is.
    """
    used = set().union(*(external_imports(d.modules) for d in dependencies.values())) if dependencies else set()
    return tuple(m for m in WARM_IMPORTS if m.split(".")[0] in used or m == "analysis")


def execute_plan(
    plan: BuildPlan,
    dependencies: dict[str, RunDependencies],
    *,
    jobs: int | None = None,
    force: bool = False,
    progress: bool = False,
    say: Callable[[str], None] = lambda _msg: None,
) -> ExecutionSummary:
    """Execute the plan's runs into ``reports/.executed/<edition>/``, skipping unchanged ones.

    ``dependencies`` are :func:`plan_dependencies` of the plan.
    """
    summary = execute_runs(
        plan.all_runs,
        plan.paths.executed(plan.edition.edition),
        jobs=jobs,
        force=force,
        cache_dir=plan.paths.cache / plan.edition.edition,
        inputs=lambda run: dependencies[run.output_id].files,
        code=lambda run: dependencies[run.output_id].code,
        shared_parts={"edition": edition_digest(plan.edition)},
        warm=warm_imports(dependencies),
        progress=progress,
    )
    for result in summary.results:
        say(result.line())
    return summary


def execute_plain(run: ChapterRun, output: Path, kernel_name: str) -> None:
    """Execute one notebook with plain papermill into ``output`` (the reference path).

    The kernel name is always passed explicitly (never the ambiguous
    ``python3``), and the working directory is the project root so relative
    paths in parameters mean the same in every run.
    """
    import papermill  # only here: importing papermill costs the build's fast path a second

    output.parent.mkdir(parents=True, exist_ok=True)
    papermill.execute_notebook(
        str(run.notebook),
        str(output),
        parameters=run.parameters,
        kernel_name=kernel_name,
        kernel_manager_class=kernel_manager_class(),
        cwd=str(PROJECT_ROOT),
        progress_bar=False,
        log_output=False,
        report_mode=False,
    )
