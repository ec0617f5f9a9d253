"""Step 1 of a build: validate everything and decide what will run, before anything runs.

:func:`plan_build` loads and validates the edition, every chapter's parameters
against its notebook's parameters cell, the regional reports a ``--regions``
value asks for, the formats and the renderer. The result, a :class:`BuildPlan`,
is what every later step works from; bad input stops here with one message
(exit code 2) and nothing is written.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.config import CACHE_DIR, RELEASES_DIR, REPORTS_DIR, TEKST_DIR
from analysis.errors import VoortgangError
from analysis.inputs.editions import (
    ChapterRun,
    Edition,
    check_formats,
    load_edition,
    plan_chapters,
)
from analysis.inputs.figures import EditionFigures, load_edition_figures
from analysis.inputs.files import check_argument, shorten
from analysis.inputs.groupings import ALL_GEMEENTEN, ALL_JEUGDREGIOS, Region, text_stem
from analysis.inputs.validation import validate_edition
from analysis.pipeline.regional import RegionalPlan, plan_regional
from analysis.pipeline.render.quarto_project import load_template, quarto_executable

#: Folder under ``reports/`` with the executed notebooks of each edition (stable, so
#: the execution cache can skip unchanged chapters; failed runs leave
#: ``<id>.failed.ipynb`` there).
EXECUTED_SUBDIR = ".executed"
RENDERERS: tuple[str, ...] = ("auto", "quarto", "builtin")


@dataclass(frozen=True)
class BuildPaths:
    """Where a build reads and writes.

    Attributes
    ----------
    reports : Path
        Built reports, disposable: ``reports/<edition>/`` (links to the latest
        release, and ``regio/``), ``reports/.executed/<edition>/``.
    releases : Path
        Released versions, kept: ``releases/<edition>/vN``.
    cache : Path
        Execution cache entries, ``<cache>/<edition>/<run>.json``.
    """

    reports: Path = REPORTS_DIR
    releases: Path = RELEASES_DIR
    cache: Path = CACHE_DIR

    def executed(self, edition: str) -> Path:
        """The executed notebooks of an edition."""
        return self.reports / EXECUTED_SUBDIR / edition

    def report(self, edition: str) -> Path:
        """The report folder of an edition (``reports/<edition>/``)."""
        return self.reports / edition


@dataclass(frozen=True)
class BuildPlan:
    """A validated build: what runs, what is rendered, and where it goes."""

    edition: Edition
    figures: EditionFigures = field(hash=False, compare=False)
    runs: tuple[ChapterRun, ...]
    regional: tuple[RegionalPlan, ...]
    formats: tuple[str, ...]
    use_quarto: bool
    template: dict[str, Any] = field(hash=False)
    paths: BuildPaths
    regional_formats: tuple[str, ...] = ("html",)

    @property
    def all_runs(self) -> list[ChapterRun]:
        """The national runs, then every region's runs."""
        return [*self.runs, *(run for plan in self.regional for run in plan.runs)]

    @functools.cached_property
    def _region_of_run(self) -> dict[str, Region]:
        """Output id of every regional run -> its region (one dict: 400 regions x 4 chapters stay linear)."""
        return {run.output_id: plan.region for plan in self.regional for run in plan.runs}

    def text_names(self, run: ChapterRun) -> tuple[str, ...]:
        """Stems of the researchers' texts a run may read.

        A national chapter reads the text named after its id. A regional or
        gemeente chapter reads its region's texts: ``regio-<code>`` (or
        ``gemeente-<code>``) and the texts of the region's other chapters
        (``patronen-<code>``, ``uitkomsten-<code>``, ...): every
        ``params/tekst/<edition>/*-<code>.md``, so that none of them can be
        changed without the region's chapters executing again.
        """
        region = self._region_of_run.get(run.output_id)
        if region is None:
            return (run.output_id,)
        folder = TEKST_DIR / self.edition.edition
        return tuple(sorted({text_stem(region), *(p.stem for p in folder.glob(f"*-{region.code}.md"))}))


#: Limits of the command-line values (``--edition``, ``--regions``): length and characters.
EDITION_CHARACTERS, MAX_EDITION_CHARS = r"A-Za-z0-9_\-", 40
REGIONS_CHARACTERS, MAX_REGIONS_CHARS = r"A-Za-z0-9_,\- ", 2000


def validate_inputs(name: str) -> tuple[Edition, list[ChapterRun], list[str]]:
    """Validate everything an edition reads, before anything runs (``voortgang validate``, build step 1).

    The ``--edition`` value, the edition file, every national chapter's
    parameters against its notebook, every file kind of
    :data:`analysis.inputs.validation.CHECKS`, and the regional chapters for
    every region.

    Returns
    -------
    tuple
        The edition, its national runs and the names of the checks that passed.

    Raises
    ------
    VoortgangError
        The first problem, in one line naming file, key or row and field.
    """
    check_argument(name, "--edition", EDITION_CHARACTERS, MAX_EDITION_CHARS)
    edition = load_edition(name)
    runs = plan_chapters(edition)
    checks = validate_edition(edition)
    if edition.regions is not None and edition.regions.chapters:
        plan_regional(edition, ALL_JEUGDREGIOS)
        checks.append("regiohoofdstukken")
    if edition.regions is not None and edition.regions.gemeenten is not None:
        plan_regional(edition, ALL_GEMEENTEN)
        checks.append("gemeentehoofdstukken")
    return edition, runs, checks


def plan_build(
    name: str,
    formats: Sequence[str],
    renderer: str = "auto",
    regions: str | None = None,
    paths: BuildPaths | None = None,
    regional_formats: Sequence[str] | None = None,
) -> BuildPlan:
    """Validate the edition, its chapters, the regions, formats and renderer.

    Raises
    ------
    VoortgangError
        Anything bad in the input (one message naming file, key or argument);
        nothing has been written.
    """
    if renderer not in RENDERERS:
        raise VoortgangError(
            f"argument '--renderer': unknown renderer {shorten(renderer)} ({', '.join(RENDERERS)})")
    checked = check_formats(formats, "--formats")
    if regions is not None:
        check_argument(regions, "--regions", REGIONS_CHARACTERS, MAX_REGIONS_CHARS)
    edition, runs, _ = validate_inputs(name)
    figures = load_edition_figures(edition)  # validated by validate_inputs; kept for the build log
    regional = plan_regional(edition, regions) if regions is not None else []
    template = load_template()
    if renderer == "quarto" and quarto_executable() is None:
        raise VoortgangError("argument '--renderer': quarto is not on PATH")
    use_quarto = renderer == "quarto" or (renderer == "auto" and quarto_executable() is not None)
    if regional_formats is not None:
        regional_checked = check_formats(regional_formats, "--formats")
    else:
        regional_checked = list(edition.regions.formats) if edition.regions is not None else ["html"]
    return BuildPlan(edition=edition, figures=figures, runs=tuple(runs), regional=tuple(regional),
                     formats=tuple(checked), use_quarto=use_quarto, template=template, paths=paths or BuildPaths(),
                     regional_formats=tuple(regional_checked))
