"""Validate everything first: every file an edition will read, checked before any kernel starts.

:data:`CHECKS` is the list of file kinds, one entry each: a name and a function
of the edition that loads the files of that kind through **their own loader**
(the loader is the one schema of its file; nothing is checked twice in two
ways). ``voortgang validate`` and the first step of every build
(:func:`analysis.pipeline.plan.plan_build`) run :func:`validate_edition`; the
first problem stops it with one :class:`~analysis.errors.VoortgangError` naming
file, record or row and field, and nothing has been written. A new kind of input
file plugs in with one line in :data:`CHECKS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from analysis.config import EDITIONS_DIR, MICRODATA_MAPPING, PROJECT_ROOT, STATLINE_DIR
from analysis.errors import VoortgangError
from analysis.inputs.agenda import load_evaluatieagenda, load_mijlpalen
from analysis.inputs.aggregates import load_counts
from analysis.inputs.analysis_settings import load_analysis_settings
from analysis.inputs.citation import load_citation
from analysis.inputs.disclosure_settings import load_disclosure_settings
from analysis.inputs.editions import Edition, all_chapters
from analysis.inputs.factsheets import load_factsheets
from analysis.inputs.figures import load_edition_figures, published_paths, statline_snapshots
from analysis.inputs.files import display_path, inside_data
from analysis.inputs.gemeenten import load_herindelingen
from analysis.inputs.glossary import load_glossary
from analysis.inputs.groupings import region_catalogue
from analysis.inputs.headlines import load_kerncijfers
from analysis.inputs.hervorming import load_implementatieagenda, load_maatregelen
from analysis.inputs.house_style import load_house_style
from analysis.inputs.leercyclus import load_aanbevelingen, load_leercycli
from analysis.inputs.microdata.mapping import load_mapping
from analysis.inputs.programme import load_caveats, load_kern_selection, load_programme
from analysis.inputs.regions import gemeenten, jeugdregios, landsdeel_grouping
from analysis.inputs.registry import load_registry
from analysis.inputs.statline.gemeenten import load_gemeente_table, snapshot_folder
from analysis.inputs.statline.mapping import load_statline_mapping
from analysis.inputs.synthetic.params import load_params
from analysis.inputs.texts import placeholder_texts, researcher_text, text_files

#: Chapter parameters that name a folder of person-level data (must lie inside ``data/``).
PERSON_LEVEL_PARAMETERS: tuple[str, ...] = ("microdata",)
#: Chapter parameter naming a stratified count table (analysis.inputs.aggregates).
COUNT_TABLE_PARAMETER = "aggregaten"


@dataclass(frozen=True)
class Check:
    """One kind of input file: its name (for ``voortgang validate``) and how to load it."""

    name: str
    run: Callable[[Edition], object]


def _edition_file(edition: Edition) -> str:
    return display_path(EDITIONS_DIR / f"{edition.edition}.yaml")


def check_sources(edition: Edition) -> None:
    """Every data source of the edition exists (published files, StatLine snapshots).

    A synthetic or microdata source may be missing: the build makes the
    synthetic population, and microdata exist only inside CBS Remote Access.
    """
    for source in edition.sources:
        if source.pad is None or source.soort in ("synthetisch", "microdata"):
            continue
        path = PROJECT_ROOT / source.pad
        if not path.exists():
            raise VoortgangError(f"{_edition_file(edition)}: source {source.naam[:60]!r}, key 'pad': "
                                 f"{display_path(path)} does not exist")
    for table, date in statline_snapshots(edition).items():
        if not (STATLINE_DIR / table / date).is_dir():
            raise VoortgangError(f"{_edition_file(edition)}: StatLine snapshot {table}/{date} does not exist "
                                 "(voortgang data fetch writes it)")
    if not published_paths(edition) and not statline_snapshots(edition):
        raise VoortgangError(f"{_edition_file(edition)}: key 'sources': no published figures or StatLine snapshot")


def check_person_level_paths(edition: Edition) -> None:
    """Every path of person-level data the edition names lies inside ``data/``."""
    where = _edition_file(edition)
    if edition.synthetic is not None:
        inside_data(edition.synthetic.pad, f"{where}: key 'synthetic.pad'")
    for source in edition.sources:
        if source.soort in ("synthetisch", "microdata") and source.pad:
            inside_data(source.pad, f"{where}: source {source.naam[:60]!r}, key 'pad'")
    chapters = all_chapters(edition)
    for scope, parameters in [("parameters", edition.parameters),
                              *((f"chapter {c.output_id!r}", c.parameters) for c in chapters)]:
        for name in PERSON_LEVEL_PARAMETERS:
            if isinstance(parameters.get(name), str) and parameters[name]:  # empty: the chapter reads counts instead
                inside_data(parameters[name], f"{where}: {scope}, parameter {name!r}")


def check_count_tables(edition: Edition) -> None:
    """Every count table a chapter reads instead of person records (parameter ``aggregaten``) is valid.

    So a malformed table a region shared stops the build before anything runs, with the
    loader's one line (file, row, column) and exit code 2.
    """
    chapters = all_chapters(edition)
    for chapter in chapters:
        value = chapter.parameters.get(COUNT_TABLE_PARAMETER)
        if isinstance(value, str) and value:
            load_counts(PROJECT_ROOT / value)


def check_gemeente_table(edition: Edition) -> None:
    """The herindelingen, and the gemeente table of the edition's gemeente reports (when it has them).

    A synthetic table that is not there yet is left to the build, which makes it.
    """
    load_herindelingen()
    spec = edition.regions.gemeenten if edition.regions is not None else None
    if spec is None or (spec.synthetisch and not snapshot_folder(spec).is_dir()):
        return
    load_gemeente_table(spec)


def check_texts(edition: Edition) -> None:
    """Every researchers' text of the edition is UTF-8 and within the size limit."""
    for path in text_files(edition.edition):
        researcher_text(edition.edition, path.stem)


def check_final_texts(edition: Edition) -> None:
    """A definitief edition has every required text written (:func:`analysis.inputs.texts.required_texts`).

    Raises
    ------
    VoortgangError
        Naming the edition file and the first text that is still a placeholder.
    """
    if edition.status != "definitief":
        return
    missing = placeholder_texts(edition)
    if missing:
        raise VoortgangError(
            f"{_edition_file(edition)}: key 'status': definitief, but {display_path(missing[0])} is still a "
            f"placeholder (missing or only notes){f' (and {len(missing) - 1} more)' if len(missing) > 1 else ''}: "
            "write it, or build with status: concept"
        )


def _figures_and_content(edition: Edition) -> None:
    registry = load_registry()
    figures = load_edition_figures(edition, registry).figures
    load_programme(edition, registry)
    load_kern_selection(edition, registry)
    load_factsheets(edition, registry, figures)
    load_kerncijfers(edition, registry)
    load_caveats(edition, registry)


#: The kinds of input file, in the order they are checked; one line per kind.
CHECKS: tuple[Check, ...] = (
    Check("indicatorregister", lambda e: load_registry()),
    Check("geheimhouding (disclosure)", lambda e: load_disclosure_settings()),
    Check("analyse-instellingen", lambda e: load_analysis_settings()),
    Check("bronnen", check_sources),
    Check("cijfers, bronnen, programma, factsheets en kerncijfers", _figures_and_content),
    Check("begrippenlijst", lambda e: load_glossary()),
    Check("evaluatieagenda", lambda e: load_evaluatieagenda()),
    Check("mijlpalen", lambda e: load_mijlpalen()),
    Check("maatregelen en hun monitoring", lambda e: load_maatregelen()),
    Check("implementatieagenda", lambda e: load_implementatieagenda()),
    Check("aanbevelingen", lambda e: load_aanbevelingen()),
    Check("leercycli en knelpunten", lambda e: load_leercycli()),
    Check("StatLine-koppeling", lambda e: load_statline_mapping()),
    Check("microdata-koppeling", lambda e: load_mapping(MICRODATA_MAPPING)),
    Check("synthetische populatie", lambda e: load_params() if e.synthetic is not None else None),
    Check("paden van persoonsgegevens", check_person_level_paths),
    Check("tellingen van regio's", check_count_tables),
    Check("regio's", lambda e: (jeugdregios(), gemeenten(), landsdeel_grouping())),
    Check("regio-indelingen", lambda e: region_catalogue(e)),
    Check("gemeenten per jaar en gemeentetabel", check_gemeente_table),
    Check("eigen teksten", check_texts),
    Check("verplichte teksten van een definitieve versie", check_final_texts),
    Check("huisstijl", lambda e: load_house_style()),
    Check("citatie en licentie (CITATION.cff)", lambda e: load_citation()),
)


def validate_edition(edition: Edition, checks: tuple[Check, ...] = CHECKS) -> list[str]:
    """Run every check for ``edition``; returns the names of the checks, in order.

    Raises
    ------
    VoortgangError
        The first problem found (one line naming file, record or row and field).
    """
    for check in checks:
        check.run(edition)
    return [check.name for check in checks]
