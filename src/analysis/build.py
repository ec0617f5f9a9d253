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

Regional reports (``--regions``, :func:`plan_regional`): the edition's
``regions.chapters`` run once per region in the same ``execute_runs`` call as
the national chapters; each region's report is rendered in its own staging
folder and swapped into ``reports/<edition>/regio/<code>/``, and
``regio/index.html`` lists every regional report present. A region whose
execution or rendering fails keeps its previous report; the build goes on and
fails at the end (:class:`BuildError` listing every failure).

Two caches keep a build with nothing changed fast: the execution cache
(:mod:`analysis.execution.cache`; the inputs of each run are
:func:`run_inputs`, so a researcher's text only counts for its own chapter or
region) and the render key (:func:`render_key`): a report whose executed
notebooks, book settings, code and renderer are unchanged is not rendered again.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import nbformat

from analysis.config import (
    CACHE_DIR,
    NOTEBOOKS_DIR,
    PARAMS_DIR,
    PROJECT_ROOT,
    REFERENCE_DIR,
    REPORTS_DIR,
    TEKST_DIR,
    TEMPLATES_DIR,
)
from analysis.diff import previous_inputs
from analysis.display import MARKER
from analysis.editions import ChapterRun, Edition, load_edition, plan_chapters
from analysis.errors import VoortgangError
from analysis.kernel import check_kernelspec
from analysis.leeswijzer import inleiding_markdown
from analysis.render.project import FORMATS, check_formats
from analysis.render.quarto_project import (
    INDEX_CHAPTER,
    NOTEBOOK_SUBDIR,
    load_template,
    quarto_config,
    quarto_executable,
    render_quarto,
    write_quarto_project,
)
from analysis.versions import (
    build_manifest,
    edition_figures,
    publish,
    published_paths,
    renderer_info,
    statline_snapshots,
    utc_now,
    write_edition_data,
)

if TYPE_CHECKING:
    from analysis.execution import ExecutionSummary
    from analysis.regional import Region


#: Folder under ``reports/`` with the executed notebooks of each edition (stable, so
#: the execution cache can skip unchanged chapters; failed runs leave
#: ``<id>.failed.ipynb`` there).
EXECUTED_SUBDIR = ".executed"


class BuildError(RuntimeError):
    """A notebook or renderer failed during a build (not a user-input error)."""


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


# --------------------------------------------------------------------------- cache inputs per run


def run_inputs(edition: Edition, text_name: str) -> list[Path]:
    """Files and folders one execution may read (the inputs part of its cache key).

    As :func:`edition_inputs`, except that of the researchers' texts
    (``params/tekst/``) only the run's own file counts:
    ``params/tekst/<edition>/<text_name>.md`` when it exists. Changing the text
    of one chapter or one region then re-executes only that chapter or region.
    Files of region groupings named in the edition count too.

    Parameters
    ----------
    edition : Edition
    text_name : str
        The run's text file stem: the chapter id for a national chapter,
        ``regio-<code>`` for a regional one.
    """
    paths: list[Path] = [
        p for p in PARAMS_DIR.rglob("*") if p.is_file() and TEKST_DIR not in p.parents and "__pycache__" not in p.parts
    ]
    own_text = TEKST_DIR / edition.edition / f"{text_name}.md"
    if own_text.is_file():
        paths.append(own_text)
    paths += [p for p in edition_inputs(edition) if p != PARAMS_DIR]
    if edition.regions is not None:
        paths += [PROJECT_ROOT / g.pad for g in edition.regions.groupings.values()]
    return sorted({p for p in paths if p.exists()})


# --------------------------------------------------------------------------- render cache


#: In a rendered report folder: the render key and the outputs it produced.
RENDER_MANIFEST = ".render.json"
#: Distributions (besides those of the execution cache key) that shape a rendered report.
RENDER_LIBRARIES: tuple[str, ...] = ("nbconvert", "pypandoc-binary", "typst")


def render_key(
    notebooks: Sequence[Path], config: dict[str, Any], index_markdown: str, formats: Sequence[str], renderer: str
) -> str:
    """SHA-256 of everything a rendered report depends on.

    The executed notebooks (bytes, in chapter order), the book configuration
    and index chapter, the formats, the renderer, the ``analysis`` code, the
    renderer templates and the library versions. A report whose key is
    unchanged is not rendered again.
    """
    from importlib import metadata

    from analysis.execution.cache import canonical_json, code_hash, environment_versions, sha256_bytes, sha256_file

    versions = dict(environment_versions())
    for dist in RENDER_LIBRARIES:
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "absent"
    templates = {
        p.relative_to(TEMPLATES_DIR).as_posix(): sha256_file(p) for p in sorted(TEMPLATES_DIR.rglob("*")) if p.is_file()
    }
    parts = {
        "notebooks": [sha256_file(p) for p in notebooks],
        "config": config,
        "index": index_markdown,
        "formats": list(formats),
        "renderer": renderer,
        "code": code_hash(),
        "templates": templates,
        "versions": versions,
    }
    return sha256_bytes(canonical_json(parts).encode("utf-8"))


def read_render_manifest(report_dir: Path) -> dict[str, Any]:
    """The report's render manifest, or an empty dict when absent or unreadable."""
    try:
        data = json.loads((report_dir / RENDER_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def current_outputs(report_dir: Path, key: str, formats: Sequence[str]) -> dict[str, Path] | None:
    """The outputs of a report rendered with ``key``, or None when it must be rendered.

    None when the manifest is missing, its key differs, a format is missing or
    an output file is gone.
    """
    manifest = read_render_manifest(report_dir)
    outputs = manifest.get("outputs", {})
    if manifest.get("key") != key or not isinstance(outputs, dict) or set(outputs) != set(formats):
        return None
    paths = {fmt: report_dir / outputs[fmt] for fmt in formats}
    return paths if all(p.is_file() for p in paths.values()) else None


def write_render_manifest(report_dir: Path, key: str, outputs: dict[str, Path], **extra: Any) -> None:
    """Record the render key and the outputs (relative paths) in ``report_dir``."""
    payload = {"key": key, "outputs": {f: p.relative_to(report_dir).as_posix() for f, p in outputs.items()}, **extra}
    (report_dir / RENDER_MANIFEST).write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8")


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
        ``all``, a grouping name (``landsdelen``) or comma-separated codes.
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
    from analysis.notebooks import check_parameters
    from analysis.regional import region_catalogue, select_regions
    from analysis.yamlio import display_path

    where = display_path(PARAMS_DIR / "editions" / f"{edition.edition}.yaml")
    if edition.regions is None:
        raise VoortgangError(
            f"argument '--regions': {where} has no 'regions' section (regional chapters and groupings)"
        )
    regions = select_regions(spec, region_catalogue(edition, PROJECT_ROOT))
    chapters = edition.regions.chapters
    ids = [c.output_id for c in chapters]
    if len(set(ids)) != len(ids):
        raise VoortgangError(f"{where}: regions.chapters: duplicate chapter id; give each chapter its own 'id'")
    plans = []
    for region in regions:
        runs = []
        for chapter in chapters:
            notebook = notebooks_dir / f"{chapter.notebook}.ipynb"
            context = f"{where}: regions.chapters {chapter.output_id!r}"
            if not notebook.is_file():
                raise VoortgangError(f"{context}: notebook {display_path(notebook)} does not exist")
            values = {"edition": edition.edition, **edition.parameters, **chapter.parameters, "region": region.code}
            if region is regions[0]:  # the same names and types for every region
                check_parameters(notebook, values, context)
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


def _prepare_regional(
    plan: RegionalPlan,
    edition: Edition,
    executed: Path,
    regio_dir: Path,
    summary: ExecutionSummary,
    template: dict[str, Any],
    use_quarto: bool,
) -> RegionalResult | _RegionalJob:
    """Decide what happens to one regional report: failed, current, or a render job."""
    from analysis.regional import regional_inleiding

    code = plan.region.code
    target = regio_dir / code
    failed = [summary[r.output_id] for r in plan.runs if summary[r.output_id].status == "failed"]
    if failed:
        first = failed[0]
        return RegionalResult(code, "failed", target, error=f"chapter {first.output_id!r}: {first.error}",
                              failed_notebook=first.failed_notebook)
    formats = list(edition.regions.formats) if edition.regions else ["html"]
    sources = tuple(executed / f"{r.output_id}.ipynb" for r in plan.runs)
    try:
        for run, source in zip(plan.runs, sources, strict=True):
            check_disclosure(source, run)
    except BuildError as exc:
        return RegionalResult(code, "failed", target, error=str(exc))
    config = quarto_config(
        template,
        edition=edition.edition,
        title=f"Regiorapportage {plan.region.naam}",
        subtitle=f"{edition.title}, {edition.subtitle.lower()}",
        date=edition.date,
        author=edition.author,
        chapters=[INDEX_CHAPTER] + [f"{NOTEBOOK_SUBDIR}/{c}.ipynb" for c in plan.chapter_ids],
        formats=formats,
    )
    config["book"]["output-file"] = f"regiorapportage-{edition.edition}-{code}"
    index_md = regional_inleiding(edition, plan.region)
    key = render_key(sources, config, index_md, formats, "quarto" if use_quarto else "builtin")
    current = current_outputs(target, key, formats)
    if current is not None:
        return RegionalResult(code, "current", target, current)
    manifest = {"code": code, "naam": plan.region.naam, "niveau": plan.region.niveau, "edition": edition.edition}
    return _RegionalJob(code, target, sources, plan.chapter_ids, config, index_md, tuple(formats), use_quarto, key,
                        manifest)


def _render_regional(job: _RegionalJob) -> RegionalResult:
    """Render one regional report in a staging folder and swap it into place.

    Never raises: a failure is a failed result, and the region's previous
    report stays in place.
    """
    regio_dir = job.target.parent
    try:
        regio_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{job.code}-", dir=regio_dir))
        staging.chmod(0o755)
        try:
            for chapter_id, source in zip(job.chapter_ids, job.sources, strict=True):
                dest = staging / NOTEBOOK_SUBDIR / f"{chapter_id}.ipynb"
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, dest)
            write_quarto_project(staging, job.config, job.index_markdown)
            outputs = _render(staging, job.formats, job.use_quarto)
            write_render_manifest(staging, job.key, outputs, date=dt.date.today().isoformat(), **job.manifest)
            _swap_into_place(staging, job.target)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    except Exception as exc:  # this region fails, the others go on
        message = str(exc) if isinstance(exc, (BuildError, VoortgangError)) else f"{type(exc).__name__}: {exc}"
        return RegionalResult(job.code, "failed", job.target, error=message)
    return RegionalResult(job.code, "rendered", job.target,
                          {f: job.target / p.relative_to(staging) for f, p in outputs.items()})


def render_regional_reports(
    plans: Sequence[RegionalPlan],
    edition: Edition,
    executed: Path,
    report_dir: Path,
    summary: ExecutionSummary,
    template: dict[str, Any],
    use_quarto: bool,
    jobs: int | None = None,
) -> list[RegionalResult]:
    """Render the regional reports that changed; keep the current ones.

    Each report is rendered in a staging folder and swapped into
    ``report_dir/regio/<code>/``. A region whose execution, disclosure check or
    rendering failed gets a failed result and keeps its previous report; the
    others go on. Several renders run in ``jobs`` worker processes, not
    threads: pypandoc changes the working directory of the whole process
    around each pandoc call. Workers are spawned (a fresh interpreter, not a
    fork of this process with its kernel-client threads and sockets).
    """
    regio_dir = report_dir / REGIONAL_SUBDIR
    decided = [_prepare_regional(p, edition, executed, regio_dir, summary, template, use_quarto) for p in plans]
    todo = [d for d in decided if isinstance(d, _RegionalJob)]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    rendered: list[RegionalResult] = []
    if workers > 1:
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
                rendered = list(pool.map(_render_regional, todo))
        except BrokenProcessPool:  # e.g. a __main__ that a spawned worker cannot import (python -)
            rendered = []
    if not rendered:
        rendered = [_render_regional(job) for job in todo]
    by_code = {r.code: r for r in rendered}
    return [by_code[d.code] if isinstance(d, _RegionalJob) else d for d in decided]


def write_regional_index(edition: Edition, report_dir: Path) -> Path:
    """Write ``regio/index.html`` listing every regional report present (with its build date)."""
    from analysis.regional import IndexEntry, regional_index_html

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
    tmp = path.with_name(f".{REGIONAL_INDEX}.tmp")
    tmp.write_text(regional_index_html(entries, edition, css), encoding="utf-8")
    os.replace(tmp, path)
    return path


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
        share one parallel, cached :func:`~analysis.execution.execute_runs`
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
    from analysis.execution import execute_runs

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
    staging folder and published with :func:`analysis.versions.publish`
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
        outputs = _render(staging, formats, use_quarto)
        write_render_manifest(staging, key, outputs)
        write_edition_data(staging, edition_figures(published_paths(runs), statline_snapshots(edition)))
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
