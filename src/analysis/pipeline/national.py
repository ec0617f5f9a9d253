"""Steps 4-6 of a build for the national report: gate, render, publish.

:func:`publish_national` refuses a chapter that reads person-level data and
shows something that did not pass the disclosure gate
(:func:`analysis.pipeline.gate.check_disclosure`), renders the report in a
staging folder inside ``releases/<edition>/`` (Quarto when installed, else the
built-in renderer) and publishes it as the next version
(:func:`analysis.pipeline.publish.publish`), with the figures and registries it
used and its manifest. When the executed notebooks, settings and rendering code
are those of the report in place (:func:`analysis.pipeline.render_cache.render_key`),
nothing is rendered again.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from analysis.chapters import beschouwing, in_het_kort
from analysis.chapters.inleiding import inleiding_markdown
from analysis.errors import BuildError
from analysis.inputs.citation import load_citation
from analysis.inputs.figures import edition_figures
from analysis.inputs.releases import versions
from analysis.pipeline.cover import report_cover
from analysis.pipeline.dependencies import RunDependencies
from analysis.pipeline.execution.runner import RunResult
from analysis.pipeline.gate import check_disclosure
from analysis.pipeline.manifest import build_manifest, git_state, renderer_info, write_edition_data
from analysis.pipeline.plan import BuildPlan
from analysis.pipeline.progress import StepBar
from analysis.pipeline.publish import publish, staging_dir
from analysis.pipeline.render.project import CONCEPT_KEY
from analysis.pipeline.render.quarto_project import (
    INDEX_CHAPTER,
    NOTEBOOK_SUBDIR,
    quarto_config,
    write_quarto_project,
)
from analysis.pipeline.render_cache import (
    current_outputs,
    render_key,
    write_render_manifest,
)
from analysis.pipeline.rendering import render_book
from analysis.present.colofon import colofon_markdown


@dataclass(frozen=True)
class NationalResult:
    """The national report: its folder, outputs by format and the renderer used."""

    report_dir: Path
    outputs: dict[str, Path]
    renderer: str
    notebooks: list[Path]


def check_national(plan: BuildPlan, results: Mapping[str, RunResult]) -> None:
    """Refuse to render when a national chapter failed or did not pass the disclosure gate.

    ``results`` holds (at least) the result of every national run, by output id.

    Raises
    ------
    BuildError
        Naming every failed chapter with the notebook holding its traceback, or
        the chapter and cell that showed unprotected person-level figures.
    """
    report = plan.paths.report(plan.edition.edition)
    failed = [results[run.output_id] for run in plan.runs if results[run.output_id].status == "failed"]
    if failed:
        failures = "; ".join(f"chapter {r.output_id!r}: {r.error}; traceback in {r.failed_notebook}" for r in failed)
        raise BuildError(f"{failures}; the previous report in {report} is unchanged")
    executed = plan.paths.executed(plan.edition.edition)
    for run in plan.runs:
        check_disclosure(executed / f"{run.output_id}.ipynb", run)


def publish_national(
    plan: BuildPlan,
    results: Mapping[str, RunResult],
    dependencies: dict[str, RunDependencies],
    started: datetime,
    say: Callable[[str], None] = lambda _msg: None,
    progress: bool = False,
) -> NationalResult:
    """Gate, render and publish the national report (see the module docstring).

    ``results`` holds the result of every national run (the build calls this as
    soon as they are in, while regional runs may still execute). With
    ``progress`` the rendering shows a progress bar on stderr (every chapter,
    then every format), beside that of the executions.

    Raises
    ------
    BuildError
        A chapter failed, the gate refused a chapter, or the renderer failed; the
        previous version and the report links are untouched.
    """
    check_national(plan, results)
    edition = plan.edition
    executed = plan.paths.executed(edition.edition)
    report = plan.paths.report(edition.edition)
    front = report_cover(edition, plan.runs, executed, title=edition.title, subtitle=edition.subtitle,
                         reproductie=edition.reproductie)
    config = quarto_config(
        plan.template,
        edition=edition.edition,
        title=front.title,
        subtitle=front.subtitle,
        date=edition.date,
        author=edition.author,
        chapters=[INDEX_CHAPTER] + [f"{NOTEBOOK_SUBDIR}/{run.output_id}.ipynb" for run in plan.runs],
        formats=list(plan.formats),
        notice=front.subject,
        keywords=front.keywords,
    )
    config[CONCEPT_KEY] = edition.status == "concept"  # every page says so (pipeline.render.offline)
    opening = f"{in_het_kort.summary(edition.edition)}\n{beschouwing.section(edition.edition)}"
    inleiding = inleiding_markdown(edition, opening)
    project = load_citation()
    renderer = "quarto" if plan.use_quarto else "builtin"
    notebooks = [executed / f"{run.output_id}.ipynb" for run in plan.runs]
    # the colofon in the key without this build's version and commit: those alone re-render nothing
    key = render_key(notebooks, config, inleiding + colofon_markdown(edition, project, None, None),
                     plan.formats, renderer)
    outputs = current_outputs(report, key, plan.formats)
    if outputs is not None:
        say("render: ongewijzigd, bestaand rapport behouden")
    else:
        staging = staging_dir(plan.paths.releases, edition.edition)
        try:
            for run, source in zip(plan.runs, notebooks, strict=True):
                dest = staging / NOTEBOOK_SUBDIR / f"{run.output_id}.ipynb"
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, dest)
            git = git_state()
            # the number publish() gives a new version (when the content is the latest's, no version is made)
            number = max(versions(plan.paths.releases / edition.edition), default=0) + 1
            colofon = colofon_markdown(edition, project, number, git["commit"], git["dirty"])
            write_quarto_project(staging, config, f"{inleiding}\n{colofon}")
            say(f"opmaken met {'Quarto' if plan.use_quarto else 'de ingebouwde renderer'} ({', '.join(plan.formats)})")
            with StepBar("opmaken", None, enabled=progress) as bar:
                rendered = render_book(staging, plan.formats, plan.use_quarto,
                                       lambda name, total: bar.advance(total=total, step=name))
            write_render_manifest(staging, key, rendered)
            write_edition_data(staging, edition_figures(edition))
            inputs = sorted({p for run in plan.runs for p in dependencies[run.output_id].files})
            manifest = build_manifest(edition, staging, inputs=inputs, runs=plan.runs,
                                      renderer=renderer_info(plan.use_quarto), started=started)
            say(publish(staging, plan.paths.releases, edition.edition, manifest, report_dir=report).message)
        except BaseException:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
            raise
        outputs = {fmt: report / path.relative_to(staging) for fmt, path in rendered.items()}
    return NationalResult(report_dir=report, outputs=outputs, renderer=renderer,
                          notebooks=[report / NOTEBOOK_SUBDIR / f"{run.output_id}.ipynb" for run in plan.runs])
