"""Step 3 of a build: execute the chapters, each only when something it reads changed.

:func:`execute_plan` hands every run of a :class:`~analysis.pipeline.plan.BuildPlan`
to the execution engine (:func:`analysis.pipeline.execution.runner.execute_runs`:
warm kernels in parallel or a Dask cluster, failures isolated) with the run's dependencies
(:mod:`analysis.pipeline.dependencies`) as its cache inputs. :func:`execute_plain`
is the plain papermill path: the reference the engine's outputs are tested
against, and the baseline of the benchmarks.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from analysis.config import PROJECT_ROOT, SCHEDULER_ENV
from analysis.inputs.editions import ChapterRun
from analysis.inputs.files import check_argument
from analysis.pipeline.dependencies import (
    RunDependencies,
    edition_digest,
    run_dependencies,
)
from analysis.pipeline.execution.engine import Engine, LocalEngine
from analysis.pipeline.execution.runner import ExecutionSummary, RunResult, execute_runs
from analysis.pipeline.plan import BuildPlan

#: Longest scheduler address accepted (``tls://`` with a long host name fits easily).
MAX_SCHEDULER_CHARS = 200


def plan_dependencies(plan: BuildPlan) -> dict[str, RunDependencies]:
    """The dependencies of every run of the plan, by output id (read before anything runs)."""
    return {
        run.output_id: run_dependencies(run, plan.edition, plan.text_names(run), plan.paths.releases)
        for run in plan.all_runs
    }


def warm_imports(dependencies: dict[str, RunDependencies]) -> tuple[str, ...]:
    """The modules the warm kernels import first: ``analysis`` and the modules the runs' notebooks import.

    Importing a chapter module imports exactly the libraries its code uses
    (``statsmodels.stats.proportion``, not all of ``statsmodels.api``; ``pingouin``
    only for the chapters with corrected tests), so a kernel imports nothing that
    the planned notebooks would not import themselves: a build of one notebook
    costs no more than plain papermill, and every later notebook on the kernel
    finds its imports done.
    """
    return ("analysis", *sorted(set().union(*(d.imports for d in dependencies.values()))))


def execute_plan(
    plan: BuildPlan,
    dependencies: dict[str, RunDependencies],
    *,
    engine: Engine,
    force: bool = False,
    progress: bool = False,
    say: Callable[[str], None] = lambda _msg: None,
    on_result: Callable[[RunResult], None] = lambda _result: None,
) -> ExecutionSummary:
    """Execute the plan's runs into ``reports/.executed/<edition>/``, skipping unchanged ones.

    ``dependencies`` are :func:`plan_dependencies` of the plan; the runs execute
    on ``engine`` (:func:`open_engine`). Each
    result gets its line in the build log (``say``) and goes to ``on_result``
    as soon as it is known.
    """
    def logged(result: RunResult) -> None:
        say(result.line())
        on_result(result)

    return execute_runs(
        plan.all_runs,
        plan.paths.executed(plan.edition.edition),
        engine=engine,
        force=force,
        cache_dir=plan.paths.cache / plan.edition.edition,
        inputs=lambda run: dependencies[run.output_id].files,
        code=lambda run: dependencies[run.output_id].code,
        shared_parts={"edition": edition_digest(plan.edition)},
        warm=warm_imports(dependencies),
        progress=progress,
        on_result=logged,
    )


def scheduler_address(option: str | None) -> tuple[str, str] | None:
    """The Dask scheduler of a build and where it was given: ``--scheduler``, else
    :data:`~analysis.config.SCHEDULER_ENV`, else None (the local engine).

    Raises
    ------
    VoortgangError
        An address with characters or a length no address has (checked before connecting).
    """
    if option is not None:
        name, value = "--scheduler", option
    else:
        name, value = f"environment variable {SCHEDULER_ENV}", os.environ.get(SCHEDULER_ENV, "")
    if not value.strip():
        return None
    return check_argument(value.strip(), name, r"A-Za-z0-9.:/\[\]_-", MAX_SCHEDULER_CHARS), name


def open_engine(scheduler: tuple[str, str] | None, jobs: int | None) -> Engine:
    """The engine of a build: Dask for a scheduler (address, argument) of :func:`scheduler_address`,
    else the local one.

    Raises
    ------
    VoortgangError
        ``jobs`` < 1; no scheduler answers at ``scheduler``, or its workers do
        not share this build's project directory, code and environment.
    """
    if scheduler is None:
        return LocalEngine(jobs if jobs is not None else os.cpu_count() or 1)
    # Imported here: dask and distributed load only for a build that uses a scheduler.
    from analysis.pipeline.execution.dask_engine import DaskEngine

    return DaskEngine(*scheduler)


def execute_plain(run: ChapterRun, output: Path, kernel_name: str) -> None:
    """Execute one notebook with plain papermill into ``output`` (the reference path).

    The kernel name is always passed explicitly (never the ambiguous
    ``python3``), and the working directory is the project root so relative
    paths in parameters mean the same in every run.
    """
    # only here: papermill and the kernel pool (jupyter_client, zmq) cost the build's fast path a second
    import papermill

    from analysis.pipeline.execution.pool import kernel_manager_class

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
