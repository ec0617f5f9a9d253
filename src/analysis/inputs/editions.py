"""Edition parameters: ``params/editions/<edition>.yaml``.

An *edition* is one half-yearly voortgangsrapportage, named by year and half:
``2020-H1`` is the May 2020 report (the 4th of Zorg voor de Jeugd), ``2020-H2``
the November report. The edition file names the report's title, the years it
covers, the data it uses and the chapters: one entry per notebook execution,
with the parameters to inject. Parameters under the edition-level
``parameters`` key go to every chapter; a chapter's own ``parameters`` are
added to (and override) them. The build always injects ``edition`` itself, so
every notebook declares an ``edition`` parameter. Everything is validated — the YAML against the
model, and every injected parameter against the notebook's ``parameters`` cell
— before any notebook runs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from analysis.config import CONTENT_DIR, EDITIONS_DIR, FORMATS, NOTEBOOKS_DIR, PROJECT_ROOT, TEKST_DIR
from analysis.errors import VoortgangError
from analysis.inputs.files import PLAIN_TEXT, display_path
from analysis.inputs.notebooks import check_parameters, declared_parameters
from analysis.inputs.yamlio import load_model

EDITION_PATTERN = re.compile(r"^\d{4}-H[12]$")
#: A notebook stem or chapter id: a plain file name (no folders, no ``..``), at most 64 characters.
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"


class DataSource(BaseModel):
    """One data source of an edition, with its vintage, for the leeswijzer."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    naam: str = Field(pattern=PLAIN_TEXT.pattern, max_length=300)
    soort: Literal["gepubliceerd", "statline", "microdata", "synthetisch"]
    versie: str = Field(pattern=PLAIN_TEXT.pattern, max_length=100,
                        description="Vintage: publication date, snapshot date or seed.")
    pad: str | None = Field(default=None, description="Path relative to the project root.")


class SyntheticSpec(BaseModel):
    """The synthetic population an edition uses (made by the build when missing)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    persons: int = Field(gt=0, description="Number of persons.")
    years: str = Field(description="Observation years, e.g. '2013-2019'.")
    seed: int = Field(ge=0)
    pad: str = Field(description="Output directory relative to the project root.")
    monitor: str | None = Field(
        default=None, description="Folder of the synthetic monitor of complexe zorgvragen (made with the same seed "
        "and years when missing), relative to the project root.")


class ChapterSpec(BaseModel):
    """One notebook execution in an edition."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    notebook: str = Field(pattern=NAME_PATTERN,
                          description="Notebook file stem under notebooks/, e.g. '01-kernindicatoren'.")
    id: str | None = Field(default=None, pattern=NAME_PATTERN,
                           description="Output name; defaults to the notebook stem.")
    parameters: dict[str, Any] = Field(default_factory=dict)

    @property
    def output_id(self) -> str:
        return self.id or self.notebook


#: Names of groupings: lower-case words; ``all`` is the spec for every jeugdregio, ``gemeenten`` for every gemeente.
GROUPING_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")
RESERVED_REGION_SPECS = ("all", "gemeenten")


class RegionGrouping(BaseModel):
    """A user-supplied grouping of jeugdregio's (landsdelen, expertisenetwerken), with its source.

    The CSV has one row per jeugdregio: its ``JZxx`` code and the code and name
    of the group it belongs to. Read by :func:`analysis.inputs.groupings.load_grouping`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    pad: str = Field(description="CSV file relative to the project root.")
    code: str = Field(description="Column with the group code, e.g. 'landsdeel' (LD01..LD04).")
    naam: str = Field(description="Column with the group name.")
    jeugdregio: str = Field(default="jeugdregio", description="Column with the JZxx code.")
    bron: str = Field(min_length=1, max_length=500, pattern=PLAIN_TEXT.pattern,
                      description="Source of the mapping, or the assumption it rests on (plain text).")
    bron_kolom: str | None = Field(
        default=None, description="Column with the source of each row's membership (optional; plain text).")
    aanname_kolom: str | None = Field(
        default=None, description="Column saying 'ja' where no source confirms the membership (an assumption), "
        "else 'nee' (optional); a report on the group names its assumed members.")


class GemeenteReports(BaseModel):
    """Gemeente reports of an edition (``voortgang build --regions gemeenten`` or ``GM0363``).

    Made from one StatLine gemeente table (the shape of 85098NED, see
    :mod:`analysis.inputs.statline.gemeenten`), never from person-level data:
    a snapshot fetched with ``voortgang data fetch`` (``data/raw/statline/``) or,
    with ``synthetisch: true``, a synthetic one of the same shape that the build
    makes when missing (``data/synthetic/statline/``). Each gemeente of 1 January
    of the edition's year gets a report made of ``chapters``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    tabel: str = Field(pattern=r"^\d{5}[A-Z]{3}$", description="StatLine table id, e.g. 85098NED.")
    snapshot: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="Snapshot date YYYY-MM-DD.")
    synthetisch: bool = Field(
        default=False, description="true: a synthetic snapshot of the same shape (made by the build, seed below); "
        "every report made from it says so.")
    seed: int = Field(default=0, ge=0, description="Seed of the synthetic snapshot.")
    jaren: list[int] = Field(min_length=1, description="Years shown (calendar years of the table).")
    indeling: str | None = Field(
        default=None, description="CSV export of the CBS table 'Gebieden in Nederland' of the edition's year "
        "(gemeente -> jeugdregio), relative to the project root; without it no jeugdregio is shown (the mapping "
        "is never invented).")
    chapters: list[ChapterSpec] = Field(min_length=1)


class RegionalReports(BaseModel):
    """Regional reports of an edition (``voortgang build --regions ...``).

    Each selected region gets one report under ``reports/<edition>/regio/<code>/``
    made of ``chapters``; every chapter gets the edition-level parameters, its
    own parameters and ``region`` (the code), so each notebook declares
    ``region``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    formats: list[str] = Field(
        default_factory=lambda: ["html"], min_length=1, description="Output formats of each regional report."
    )
    chapters: list[ChapterSpec] = Field(
        default_factory=list, description="Chapters of a jeugdregio's or a grouping's report (none: only gemeente "
        "reports).")
    groupings: dict[str, RegionGrouping] = Field(default_factory=dict)
    gemeenten: GemeenteReports | None = None

    @model_validator(mode="after")
    def _something_to_build(self) -> RegionalReports:
        if not self.chapters and self.gemeenten is None:
            raise ValueError("give 'chapters' (reports of jeugdregio's and groupings) or 'gemeenten' (or both)")
        return self

    @field_validator("formats")
    @classmethod
    def _known_formats(cls, v: list[str]) -> list[str]:
        unknown = [f for f in v if f not in FORMATS]
        if unknown:
            raise ValueError(f"unknown format {unknown[0]!r} (choose from {', '.join(FORMATS)})")
        return v

    @field_validator("groupings")
    @classmethod
    def _grouping_names(cls, v: dict[str, RegionGrouping]) -> dict[str, RegionGrouping]:
        for name in v:
            if not GROUPING_NAME.match(name) or name in RESERVED_REGION_SPECS:
                raise ValueError(
                    f"grouping name {name!r}: use lower-case letters, digits, '-' or '_' (not 'all')"
                )
        return v


class Edition(BaseModel):
    """The parameters of one edition (validated on load)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    edition: str
    title: str = Field(pattern=PLAIN_TEXT.pattern, max_length=300)
    subtitle: str = Field(pattern=PLAIN_TEXT.pattern, max_length=300)
    reproductie: str | None = Field(
        default=None, pattern=PLAIN_TEXT.pattern, max_length=300,
        description="The published report this edition reproduces, e.g. 'Vierde voortgangsrapportage (mei 2020)': "
                    "the cover, the title in every format and the running header then say "
                    "'Reproductie van de <reproductie>'.")
    inhoud: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$",
                        description="Content folder under params/inhoud/ (the programme's themes, tables, factsheets).")
    date: str = Field(description="Publication month, YYYY-MM.")
    author: str = Field(pattern=PLAIN_TEXT.pattern, max_length=300)
    years: list[int] = Field(min_length=1, description="Reporting years shown in the tables (calendar years).")
    sources: list[DataSource]
    synthetic: SyntheticSpec | None = None
    parameters: dict[str, Any] = Field(default_factory=dict)
    chapters: list[ChapterSpec]
    regions: RegionalReports | None = None
    status: Literal["concept", "definitief"] = Field(
        default="concept",
        description="concept: every page says so; definitief: refused while a required text is a placeholder.",
    )
    verplichte_teksten: tuple[str, ...] = Field(
        default=(), description="Stems of params/tekst/<edition>/*.md that a definitief build needs (besides "
                                "the beschouwing, which every edition needs).",
    )

    @field_validator("verplichte_teksten")
    @classmethod
    def _text_stems(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for stem in v:
            if not re.match(r"^[a-z0-9][a-z0-9-]*$", stem):
                raise ValueError(f"{stem!r} is not a text stem like 'maatregelen' (params/tekst/<edition>/<stem>.md)")
        return v

    @field_validator("edition")
    @classmethod
    def _edition_form(cls, v: str) -> str:
        if not EDITION_PATTERN.match(v):
            raise ValueError(f"{v!r} is not of the form YYYY-H1 or YYYY-H2")
        return v

    @field_validator("date")
    @classmethod
    def _date_form(cls, v: str) -> str:
        if not re.match(r"^\d{4}-\d{2}$", v):
            raise ValueError(f"{v!r} is not of the form YYYY-MM")
        return v


@dataclass(frozen=True)
class ChapterRun:
    """A validated notebook execution: what to run, with what, and where it goes."""

    output_id: str
    notebook: Path
    parameters: dict[str, Any]


def available_editions(editions_dir: Path = EDITIONS_DIR) -> list[str]:
    """Names of the editions that have a parameter file, sorted."""
    return sorted(p.stem for p in editions_dir.glob("*.yaml"))


@dataclass(frozen=True)
class OwnedPath:
    """A file or folder that belongs to one edition (relative to the project root).

    Attributes
    ----------
    path : Path
        Relative to the project root, e.g. ``params/editions/2020-H1.yaml``.
    copied : bool
        True: a new edition starts from the previous edition's copy (and then
        names itself in it). False: it must be new for every edition and is
        never copied (the researchers' texts describe one report's findings).
    what : str
        A few words for messages.
    """

    path: Path
    copied: bool
    what: str


def edition_owned_paths(edition: str) -> tuple[OwnedPath, ...]:
    """The files and folders that belong to one edition: **the** list ``voortgang edition new`` copies or clears.

    Content that moves from the project-wide ``params/`` into an edition goes
    here, in one place, so that a new edition starts with it. Person-level data
    never does (a new edition's synthetic population is made by its build).
    The first entry is the edition file.
    """
    rel = EDITIONS_DIR.relative_to(PROJECT_ROOT)
    return (
        OwnedPath(rel / f"{edition}.yaml", copied=True, what="edition file"),
        OwnedPath(TEKST_DIR.relative_to(PROJECT_ROOT) / edition, copied=False, what="researchers' texts"),
    )


def load_edition(name: str, editions_dir: Path = EDITIONS_DIR, content_root: Path = CONTENT_DIR) -> Edition:
    """Load and validate ``params/editions/<name>.yaml``.

    Raises
    ------
    VoortgangError
        Unknown edition (the message lists the available ones), invalid YAML,
        an unknown or missing key, a wrong type, a file whose ``edition``
        differs from its name, or an ``inhoud`` without its folder under ``params/inhoud/``.
    """
    path = editions_dir / f"{name}.yaml"
    if not path.is_file():
        available = ", ".join(available_editions(editions_dir)) or "none"
        raise VoortgangError(f"unknown edition {name!r}; available editions: {available}")
    where = display_path(path)
    edition = load_model(path, Edition)
    if edition.edition != name:
        raise VoortgangError(f"{where}: key 'edition' is {edition.edition!r} but the file is named {name!r}")
    if not (content_root / edition.inhoud).is_dir():
        known = ", ".join(sorted(p.name for p in content_root.iterdir() if p.is_dir())) if content_root.is_dir() else ""
        raise VoortgangError(f"{where}: key 'inhoud': no folder {display_path(content_root / edition.inhoud)} "
                             f"(available: {known or 'none'})")
    return edition


def chapter_parameters(
    edition: Edition,
    chapter: ChapterSpec,
    notebook: Path,
    context: str,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The parameters injected into one execution of ``notebook``, checked against its parameters cell.

    ``edition`` (always), the edition-level ``parameters`` that the notebook
    declares (each chapter receives only what it declares), the chapter's own
    ``parameters`` (every one must be declared) and ``extra`` (``region`` for a
    regional chapter).

    Raises
    ------
    VoortgangError
        A parameter the notebook does not declare, or one of the wrong type
        (:func:`analysis.inputs.notebooks.check_parameters`).
    """
    declared = declared_parameters(notebook)
    shared = {k: v for k, v in edition.parameters.items() if k in declared}
    values = {"edition": edition.edition, **shared, **chapter.parameters, **(extra or {})}
    check_parameters(notebook, values, context, declared=declared)
    return values


def all_chapters(edition: Edition) -> list[ChapterSpec]:
    """Every chapter entry of the edition: national, regional and gemeente chapters."""
    regions = edition.regions
    return [*edition.chapters, *(regions.chapters if regions else ()),
            *(regions.gemeenten.chapters if regions and regions.gemeenten else ())]


def edition_year(edition: Edition) -> int:
    """The calendar year of the edition (``2024-H1`` -> 2024): its gemeenten are those of 1 January."""
    return int(edition.edition[:4])


def check_shared_parameters(edition: Edition, notebooks_dir: Path = NOTEBOOKS_DIR,
                            editions_dir: Path = EDITIONS_DIR) -> None:
    """Refuse an edition-level parameter that no chapter (national or regional) declares (a typo, say).

    Raises
    ------
    VoortgangError
        Naming the edition file, the parameter and the chapters' notebooks.
    """
    if not edition.parameters:
        return
    chapters = all_chapters(edition)
    declared: set[str] = set()
    for chapter in chapters:
        notebook = notebooks_dir / f"{chapter.notebook}.ipynb"
        if notebook.is_file():
            declared.update(declared_parameters(notebook))
    unused = [name for name in edition.parameters if name not in declared]
    if unused:
        raise VoortgangError(
            f"{display_path(editions_dir / f'{edition.edition}.yaml')}: key 'parameters.{unused[0]}': no chapter "
            "declares this parameter in its parameters cell"
        )


def plan_chapters(
    edition: Edition,
    notebooks_dir: Path = NOTEBOOKS_DIR,
    editions_dir: Path = EDITIONS_DIR,
) -> list[ChapterRun]:
    """Resolve and validate every national chapter of an edition, before anything runs.

    Returns
    -------
    list of ChapterRun
        In report order.

    Raises
    ------
    VoortgangError
        Missing notebook, duplicate output id, a parameter the notebook does
        not declare or with the wrong type, or an edition-level parameter that
        no chapter declares.
    """
    where = display_path(editions_dir / f"{edition.edition}.yaml")
    runs: list[ChapterRun] = []
    seen: set[str] = set()
    for chapter in edition.chapters:
        context = f"{where}: chapter {chapter.output_id!r}"
        if chapter.output_id in seen:
            raise VoortgangError(f"{context}: duplicate chapter id; give each execution its own 'id'")
        seen.add(chapter.output_id)
        notebook = notebooks_dir / f"{chapter.notebook}.ipynb"
        if not notebook.is_file():
            raise VoortgangError(f"{context}: notebook {display_path(notebook)} does not exist")
        values = chapter_parameters(edition, chapter, notebook, context)
        runs.append(ChapterRun(output_id=chapter.output_id, notebook=notebook, parameters=values))
    check_shared_parameters(edition, notebooks_dir, editions_dir)
    return runs


def check_formats(formats: Sequence[str] | str, argument: str = "formats") -> list[str]:
    """Validate output format names; returns them as a list without repeats.

    Parameters
    ----------
    formats : sequence of str or str
        Names among :data:`FORMATS`.
    argument : str
        The argument's name in the message (``--formats`` on the CLI).

    Raises
    ------
    VoortgangError
        For an empty list or an unknown name.
    """
    if isinstance(formats, str):
        formats = [formats]
    if not formats:
        raise VoortgangError(f"argument {argument!r}: give at least one of {', '.join(FORMATS)}")
    for f in formats:
        if f not in FORMATS:
            raise VoortgangError(f"argument {argument!r}: unknown format {f!r} (choose from {', '.join(FORMATS)})")
    return list(dict.fromkeys(formats))


def synthetic_paths(edition: Edition) -> tuple[str, ...]:
    """Project-relative paths of the edition's synthetic data (sources ``soort: synthetisch`` and ``synthetic.pad``)."""
    paths = {s.pad for s in edition.sources if s.soort == "synthetisch" and s.pad}
    if edition.synthetic is not None:
        paths.add(edition.synthetic.pad)
    return tuple(sorted(p.rstrip("/") for p in paths))


def uses_synthetic(parameters: dict[str, Any], paths: tuple[str, ...]) -> bool:
    """Whether a chapter's parameters name one of ``paths`` (or a file under one), at any depth."""
    def named(value: Any) -> bool:
        if isinstance(value, str):
            text = value.rstrip("/")
            return any(text == p or text.startswith(p + "/") for p in paths)
        if isinstance(value, dict):
            return any(named(v) for v in value.values())
        if isinstance(value, (list, tuple)):
            return any(named(v) for v in value)
        return False

    return named(parameters)
