"""The national pass of a build: person-level data loaded and validated once, counted for every region.

The chapters that read :mod:`analysis.inputs.region_counts` (patronen,
uitkomsten, and every regional chapter) get their counts from one folder per
person-level source, made here before anything executes. The pass is keyed
on the data (the bytes of every file of the source folder), the counting code
(:mod:`analysis.measures.region_counts` and what it imports) and the edition's
years: with an unchanged key nothing is loaded or validated at all.

The counting runs in a spawned process, so that the memory of the person-level
data (gigabytes at CBS scale) is returned before the kernels start.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from analysis.config import NOTEBOOKS_DIR, PROJECT_ROOT
from analysis.inputs.editions import Edition
from analysis.inputs.files import display_path, inside_data
from analysis.inputs.region_counts import (
    FORMAT,
    RegionCounts,
    counts_dir,
    stored_key,
    write_region_counts,
)
from analysis.pipeline.dependencies import closure, code_hash, notebook_imports
from analysis.pipeline.execution.cache import canonical_json, sha256_bytes, sha256_file
from analysis.present.numbers import format_number

#: The module whose presence in a notebook's imports means "reads the count tables".
READER = "analysis.inputs.region_counts"
#: The counting code; its import closure is part of the key.
COUNTER = "analysis.measures.region_counts"


def sources_to_count(edition: Edition, notebooks_dir: Path = NOTEBOOKS_DIR) -> list[str]:
    """The ``microdata`` values of the chapters (national and regional) whose notebooks read the count tables."""
    chapters = [*edition.chapters, *(edition.regions.chapters if edition.regions else ())]
    out: dict[str, None] = {}
    readers: dict[str, bool] = {}
    for chapter in chapters:
        value = chapter.parameters.get("microdata")
        if not isinstance(value, str) or not value:
            continue
        if chapter.notebook not in readers:
            notebook = notebooks_dir / f"{chapter.notebook}.ipynb"
            readers[chapter.notebook] = notebook.is_file() and READER in closure(notebook_imports(notebook))
        if readers[chapter.notebook]:
            out[value] = None
    return list(out)


def counts_key(folder: Path, years: Sequence[int]) -> str:
    """SHA-256 of what the count tables of the person-level ``folder`` depend on.

    The bytes of every file below it (names relative to the folder, so a moved
    checkout keeps its key), the counting code and the reporting ``years``.
    """
    files = {p.relative_to(folder).as_posix(): sha256_file(p) for p in sorted(folder.rglob("*")) if p.is_file()}
    parts = {"format": FORMAT, "files": files, "code": code_hash(closure([COUNTER])), "years": list(years)}
    return sha256_bytes(canonical_json(parts).encode("utf-8"))


def _count(edition_name: str, microdata: str) -> tuple[RegionCounts, int]:
    """Load (validated) and count one source: the tables and the number of persons. Runs in a child process."""
    # imported here: a build whose counts are current never imports the loader (pandera) or the statistics
    from analysis.inputs.editions import load_edition
    from analysis.inputs.microdata.load import load_microdata
    from analysis.measures.region_counts import region_counts

    tables = load_microdata(PROJECT_ROOT / microdata)
    return region_counts(tables, load_edition(edition_name).years, source=microdata), len(tables.persons)


def _count_in_child(edition_name: str, microdata: str) -> tuple[RegionCounts, int]:
    """:func:`_count` in a spawned process (its memory is freed when it ends); in-process as a fallback.

    Only the small count tables come back; this process writes them.
    """
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
            return pool.submit(_count, edition_name, microdata).result()
    except BrokenProcessPool:  # e.g. a __main__ that a spawned process cannot import (python -)
        return _count(edition_name, microdata)


def prepare_region_counts(edition: Edition, say: Callable[[str], None],
                          notebooks_dir: Path = NOTEBOOKS_DIR) -> list[Path]:
    """Make the count tables of every person-level source the chapters count from, when their key changed.

    Parameters
    ----------
    edition : Edition
    say : callable
        Gets one Dutch line per source: made (with the number of persons) or current.
    notebooks_dir : Path

    Returns
    -------
    list of Path
        The count folders, made or current.

    Raises
    ------
    VoortgangError
        Person-level data that fail validation (one line: file, table, column, counts).
    """
    folders = []
    for microdata in sources_to_count(edition, notebooks_dir):
        folder = counts_dir(edition.edition, microdata)
        folders.append(folder)
        key = counts_key(inside_data(microdata, f"parameter 'microdata' ({microdata})"), edition.years)
        if stored_key(folder) == key:
            say(f"tellingen per regio actueel: {display_path(folder)}")
            continue
        counts, persons = _count_in_child(edition.edition, microdata)
        write_region_counts(folder, counts, key)
        say(f"tellingen per regio gemaakt uit {microdata} ({format_number(persons)} personen): "
            f"{display_path(folder)}")
    return folders
