"""Regional reports (``voortgang build --regions``): plan, render, index page.

The edition's ``regions.chapters`` run once per region in the same execution
as the national chapters; :func:`plan_regional` validates them before anything
runs. Each region's report is gated and rendered, as soon as its own executions
are done (:class:`RegionalRenders`, while other runs still execute), in its own
staging folder and swapped into ``reports/<edition>/regio/<code>/``; ``regio/index.html`` lists
every regional report present. A region whose execution or rendering fails
keeps its previous report; the others go on, and the build fails at the end
listing every failure."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from analysis.chapters.inleiding import gemeente_inleiding, regional_inleiding
from analysis.config import NOTEBOOKS_DIR, PARAMS_DIR, PROJECT_ROOT, TEMPLATES_DIR
from analysis.errors import BuildError, VoortgangError
from analysis.inputs.editions import ChapterRun, Edition, chapter_parameters
from analysis.inputs.files import display_path, swap_into_place
from analysis.inputs.groupings import GEMEENTE_LEVEL, Region, region_catalogue, select_regions
from analysis.pipeline.cover import report_cover
from analysis.pipeline.dependencies import RunDependencies
from analysis.pipeline.execution.engine import Engine
from analysis.pipeline.execution.runner import RunResult
from analysis.pipeline.gate import check_disclosure
from analysis.pipeline.manifest import build_manifest, renderer_info
from analysis.pipeline.progress import StepBar
from analysis.pipeline.publish import remove_stale_staging, staging_prefix, write_manifest
from analysis.pipeline.render.project import CONCEPT_KEY
from analysis.pipeline.render.quarto_project import (
    INDEX_CHAPTER,
    NOTEBOOK_SUBDIR,
    quarto_config,
    write_quarto_project,
)
from analysis.pipeline.render_cache import (
    current_outputs,
    read_render_manifest,
    render_key,
    write_render_manifest,
)
from analysis.pipeline.rendering import render_book
from analysis.present.index_page import IndexEntry, regional_index_html
from analysis.present.wording import lower_first

#: The word for each status of a regional report in the build's (Dutch) messages.
REGION_STATUS_WORDS: dict[str, str] = {"rendered": "gebouwd", "current": "ongewijzigd", "failed": "mislukt"}


@dataclass(frozen=True)
class RegionalResult:
    """What happened to one regional report.

    Attributes
    ----------
    code : str
        Region code.
    status : {"rendered", "current", "failed"}
        ``current``: nothing it depends on changed, the existing report was kept.
    report_dir : Path
        ``reports/<edition>/regio/<code>/`` (after a failure: the previous report, if any).
    outputs : dict of str to Path
        Format -> file (empty after a failure).
    error : str or None
        What failed.
    failed_notebook : Path or None
        The executed notebook holding the traceback of a failed execution.
    """

    code: str
    status: Literal["rendered", "current", "failed"]
    report_dir: Path
    outputs: dict[str, Path] = field(default_factory=dict)
    error: str | None = None
    failed_notebook: Path | None = None


# --------------------------------------------------------------------------- regional reports


#: Folder of the regional reports inside ``reports/<edition>/``.
REGIONAL_SUBDIR = "regio"
#: The index page of all regional reports (``reports/<edition>/regio/index.html``).
REGIONAL_INDEX = "index.html"


@dataclass(frozen=True)
class RegionalPlan:
    """The executions of one regional report: one run per regional chapter, in order."""

    region: Region
    runs: tuple[ChapterRun, ...]
    chapter_ids: tuple[str, ...]


def regional_run_id(code: str, chapter_id: str) -> str:
    """Output id of a regional execution: ``regio-<code>-<chapter id>``."""
    return f"regio-{code}-{chapter_id}"


def plan_regional(edition: Edition, spec: str, notebooks_dir: Path = NOTEBOOKS_DIR) -> list[RegionalPlan]:
    """Resolve ``--regions`` and validate the regional chapters, before anything runs.

    Parameters
    ----------
    edition : Edition
    spec : str
        ``all``, ``gemeenten``, a grouping name (``landsdelen``) or comma-separated codes.
    notebooks_dir : Path

    Returns
    -------
    list of RegionalPlan
        One per region, in the order of the spec.

    Raises
    ------
    VoortgangError
        No ``regions`` section in the edition file, an unknown region code
        (with the nearest valid codes), a bad grouping file, a missing
        notebook or a parameter the notebook does not declare.
    """
    where = display_path(PARAMS_DIR / "editions" / f"{edition.edition}.yaml")
    if edition.regions is None:
        raise VoortgangError(
            f"argument '--regions': {where} has no 'regions' section (regional chapters and groupings)"
        )
    regions = select_regions(spec, region_catalogue(edition, PROJECT_ROOT))
    plans = []
    checked: dict[tuple[str, str], dict[str, Any]] = {}
    for region in regions:
        gemeente = region.niveau == GEMEENTE_LEVEL
        key = "regions.gemeenten.chapters" if gemeente else "regions.chapters"
        chapters = (edition.regions.gemeenten.chapters if gemeente and edition.regions.gemeenten
                    else edition.regions.chapters)
        if not chapters:
            raise VoortgangError(f"argument '--regions': {region.code} needs '{key}' in {where}")
        ids = [c.output_id for c in chapters]
        if len(set(ids)) != len(ids):
            raise VoortgangError(f"{where}: {key}: duplicate chapter id; give each chapter its own 'id'")
        runs = []
        for chapter in chapters:
            notebook = notebooks_dir / f"{chapter.notebook}.ipynb"
            context = f"{where}: {key} {chapter.output_id!r}"
            if not notebook.is_file():
                raise VoortgangError(f"{context}: notebook {display_path(notebook)} does not exist")
            if (key, chapter.output_id) not in checked:  # the same names and types for every region of the level
                checked[key, chapter.output_id] = chapter_parameters(edition, chapter, notebook, context,
                                                                     {"region": region.code})
            values = {**checked[key, chapter.output_id], "region": region.code}
            runs.append(ChapterRun(regional_run_id(region.code, chapter.output_id), notebook, values))
        plans.append(RegionalPlan(region=region, runs=tuple(runs), chapter_ids=tuple(ids)))
    return plans


@dataclass(frozen=True)
class _RegionalJob:
    """A regional report that must be rendered (picklable, for a worker process)."""

    code: str
    target: Path
    sources: tuple[Path, ...]
    chapter_ids: tuple[str, ...]
    config: dict[str, Any]
    index_markdown: str
    formats: tuple[str, ...]
    use_quarto: bool
    key: str
    manifest: dict[str, str]
    edition: Edition
    runs: tuple[ChapterRun, ...]
    inputs: tuple[Path, ...]
    started: dt.datetime


def _prepare_regional(
    plan: RegionalPlan,
    edition: Edition,
    executed: Path,
    regio_dir: Path,
    results: Mapping[str, RunResult],
    template: dict[str, Any],
    use_quarto: bool,
    formats: Sequence[str],
    dependencies: Mapping[str, RunDependencies],
    started: dt.datetime,
) -> RegionalResult | _RegionalJob:
    """Decide what happens to one regional report: failed, current, or a render job."""

    code = plan.region.code
    target = regio_dir / code
    failed = [results[r.output_id] for r in plan.runs if results[r.output_id].status == "failed"]
    if failed:
        first = failed[0]
        return RegionalResult(code, "failed", target, error=f"chapter {first.output_id!r}: {first.error}",
                              failed_notebook=first.failed_notebook)
    formats = list(formats)
    sources = tuple(executed / f"{r.output_id}.ipynb" for r in plan.runs)
    try:
        for run, source in zip(plan.runs, sources, strict=True):
            check_disclosure(source, run)
    except BuildError as exc:
        return RegionalResult(code, "failed", target, error=str(exc))
    gemeente = plan.region.niveau == GEMEENTE_LEVEL
    front = report_cover(
        edition, plan.runs, executed,
        title=f"{'Gemeenterapportage' if gemeente else 'Regiorapportage'} {plan.region.naam}",
        subtitle=f"{edition.title}, {lower_first(edition.subtitle)}" if edition.subtitle.strip() else edition.title,
        reproductie=None)  # the May 2020 report had no regional reports: nothing to reproduce
    config = quarto_config(
        template,
        edition=edition.edition,
        title=front.title,
        subtitle=front.subtitle,
        date=edition.date,
        author=edition.author,
        chapters=[INDEX_CHAPTER] + [f"{NOTEBOOK_SUBDIR}/{c}.ipynb" for c in plan.chapter_ids],
        formats=formats,
        notice=front.subject,
        keywords=front.keywords,
    )
    kind = "gemeenterapportage" if gemeente else "regiorapportage"
    config["book"]["output-file"] = f"{kind}-{edition.edition}-{code}"
    config[CONCEPT_KEY] = edition.status == "concept"  # every page says so, as in the national report
    index_md = gemeente_inleiding(edition, plan.region) if gemeente else regional_inleiding(edition, plan.region)
    key = render_key(sources, config, index_md, formats, "quarto" if use_quarto else "builtin")
    current = current_outputs(target, key, formats)
    if current is not None:
        return RegionalResult(code, "current", target, current)
    manifest = {"code": code, "naam": plan.region.naam, "niveau": plan.region.niveau, "edition": edition.edition}
    inputs = tuple(sorted({p for run in plan.runs if run.output_id in dependencies
                           for p in dependencies[run.output_id].files}))
    return _RegionalJob(code, target, sources, plan.chapter_ids, config, index_md, tuple(formats), use_quarto, key,
                        manifest, edition, plan.runs, inputs, started)


def _render_regional(job: _RegionalJob) -> RegionalResult:
    """Render one regional report in a staging folder and swap it into place.

    Never raises: a failure is a failed result, and the region's previous
    report stays in place.
    """
    regio_dir = job.target.parent
    try:
        regio_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=staging_prefix(job.code), dir=regio_dir))
        staging.chmod(0o755)
        try:
            for chapter_id, source in zip(job.chapter_ids, job.sources, strict=True):
                dest = staging / NOTEBOOK_SUBDIR / f"{chapter_id}.ipynb"
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, dest)
            write_quarto_project(staging, job.config, job.index_markdown)
            outputs = render_book(staging, job.formats, job.use_quarto)
            write_render_manifest(staging, job.key, outputs, date=dt.date.today().isoformat(), **job.manifest)
            # the provenance of a regional report, as for the national one (manifest.json)
            write_manifest(staging, {**build_manifest(job.edition, staging, inputs=job.inputs, runs=job.runs,
                                                      renderer=renderer_info(job.use_quarto), started=job.started),
                                     "region": job.manifest})
            swap_into_place(staging, job.target)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    except Exception as exc:  # this region fails, the others go on
        message = str(exc) if isinstance(exc, (BuildError, VoortgangError)) else f"{type(exc).__name__}: {exc}"
        return RegionalResult(job.code, "failed", job.target, error=message)
    return RegionalResult(job.code, "rendered", job.target,
                          {f: job.target / p.relative_to(staging) for f, p in outputs.items()})


class RegionalRenders:
    """Render each regional report that changed as soon as its own executions are done.

    Feed every run's result to :meth:`run_done` (the build does, as executions
    finish); when a region's last run is in, its report is decided
    (:func:`_prepare_regional`: failed, current, or a render job) and a job goes
    to the ``engine`` (worker processes, or Dask tasks), while other notebooks
    still execute. :meth:`results` waits for the renders.

    Each report is rendered in a staging folder and swapped into
    ``report_dir/regio/<code>/``. A region whose execution, disclosure check or
    rendering failed gets a failed result and keeps its previous report; the
    others go on. With ``progress`` a bar on stderr counts the decided reports.
    """

    def __init__(
        self,
        plans: Sequence[RegionalPlan],
        edition: Edition,
        executed: Path,
        report_dir: Path,
        template: dict[str, Any],
        use_quarto: bool,
        engine: Engine,
        formats: Sequence[str] = ("html",),
        dependencies: Mapping[str, RunDependencies] | None = None,
        started: dt.datetime | None = None,
        progress: bool = False,
    ) -> None:
        self._plans = list(plans)
        self._regio_dir = report_dir / REGIONAL_SUBDIR
        remove_stale_staging(self._regio_dir)
        self._prepare = dict(edition=edition, executed=executed, regio_dir=self._regio_dir, template=template,
                             use_quarto=use_quarto, formats=formats, dependencies=dependencies or {},
                             started=started or dt.datetime.now(dt.UTC))
        self._engine = engine
        self._region_of = {run.output_id: i for i, plan in enumerate(self._plans) for run in plan.runs}
        self._waiting = [{run.output_id for run in plan.runs} for plan in self._plans]
        self._results: dict[str, RunResult] = {}
        self._decided: dict[str, RegionalResult | tuple[_RegionalJob, Future[RegionalResult]]] = {}
        self._bar = StepBar("regio's opmaken", len(self._plans), enabled=progress and bool(self._plans))

    def __enter__(self) -> RegionalRenders:
        self._bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.__exit__(*exc)

    def run_done(self, result: RunResult) -> None:
        """Take one run's result; start the region's render when it was the region's last run."""
        index = self._region_of.get(result.output_id)
        if index is None:
            return
        self._results[result.output_id] = result
        self._waiting[index].discard(result.output_id)
        if self._waiting[index]:
            return
        plan = self._plans[index]
        decided = _prepare_regional(plan, results=self._results, **self._prepare)
        if isinstance(decided, RegionalResult):
            self._decided[plan.region.code] = decided
            self._bar.advance(step=plan.region.code)
            return
        future = self._engine.submit_render(_render_regional, decided, decided.key, decided.target)
        future.add_done_callback(lambda _f, code=plan.region.code: self._bar.advance(step=code))
        self._decided[plan.region.code] = (decided, future)

    def results(self) -> list[RegionalResult]:
        """Wait for the renders; one result per region, in the order of the plans.

        A render whose worker process could not start (a ``__main__`` that a
        spawned process cannot import, ``python -``) is done in this process; a
        render task lost otherwise (a Dask worker that died) is a failed result.
        """
        out = []
        for plan in self._plans:
            decided = self._decided[plan.region.code]  # every run's result came in (execute_runs)
            if isinstance(decided, tuple):
                job, future = decided
                try:
                    decided = future.result()
                except BrokenProcessPool:
                    decided = _render_regional(job)
                except Exception as exc:  # this region fails, the others go on
                    decided = RegionalResult(job.code, "failed", job.target, error=f"{type(exc).__name__}: {exc}")
            out.append(decided)
        return out


def write_regional_index(edition: Edition, report_dir: Path) -> Path:
    """Write ``regio/index.html`` listing every regional report present (with its build date)."""

    regio_dir = report_dir / REGIONAL_SUBDIR
    regio_dir.mkdir(parents=True, exist_ok=True)
    entries = []
    for folder in sorted(p for p in regio_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        manifest = read_render_manifest(folder)
        html_out = manifest.get("outputs", {}).get("html")
        first = html_out or next(iter(manifest.get("outputs", {}).values()), None)
        if not first:
            continue
        entries.append(IndexEntry(
            code=str(manifest.get("code", folder.name)), naam=str(manifest.get("naam", folder.name)),
            niveau=str(manifest.get("niveau", "")), edition=str(manifest.get("edition", edition.edition)),
            date=str(manifest.get("date", "")), link=f"{folder.name}/{first}",
        ))
    css = (TEMPLATES_DIR / "voortgang.css").read_text(encoding="utf-8")
    path = regio_dir / REGIONAL_INDEX
    fd, tmp = tempfile.mkstemp(prefix=staging_prefix("index"), dir=regio_dir)  # a new file: follows no link
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(regional_index_html(entries, edition, css))
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    return path
