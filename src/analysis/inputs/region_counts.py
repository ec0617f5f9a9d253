"""The regional count tables: person-level data read once per build, sliced per region.

A build with regional reports first makes, in one *national pass*
(:mod:`analysis.pipeline.region_counts`), the stratified counts that every
regional chapter needs, from the person-level data the chapters name
(``microdata``). Each regional execution then reads these small tables and
takes its region's rows; it never loads person records, so its cost no longer
grows with the population.

One folder per edition and person-level source,
``data/afgeleid/<edition>/<source>/`` (:func:`counts_dir`), holds:

``prevalentie.parquet``
    year x age_group x sex x jeugdregio: ``inwoners`` (residents aged 0-17 on 31
    December), ``jeugdhulp`` and ``verblijf`` (persons with that care in the
    year), as :func:`analysis.measures.prevalence.care_prevalence`.
``cohort_a.parquet``, ``cohort_b.parquet``
    The 18+ cohorts of actielijn 4 by jeugdregio, every year the data allow
    (:func:`analysis.measures.cohorts.cohort_a` / ``cohort_b``): numerator and
    denominator per cell.
``uitkomsten.parquet``
    The outcome count table of :mod:`analysis.inputs.aggregates` (jeugdregio x
    half-year x stratum x outcome).
``tellingen.json``
    The key of the national pass (data, code, years), whether the data are
    synthetic, the person-level source, and the years with an incomplete
    exposure window per cohort.

Counts are kept **unprotected** and all cells, zero included: a landsdeel or an
expertisenetwerk is a sum of jeugdregio's, and sums of suppressed cells would
be wrong. So the tables are person-level derived data: they stay inside
``data/`` (``.gitignore``, the git guard) and every regional chapter that reads
them keeps its ``microdata`` parameter, so the disclosure gate
(:mod:`analysis.pipeline.gate`) checks it as a chapter on person-level data.
The tables are written by the build, never edited; a folder is replaced whole
(:func:`write_region_counts`), so a reader never sees half of one.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.config import DATA_DIR, DERIVED_DIR, PROJECT_ROOT
from analysis.errors import VoortgangError
from analysis.inputs.aggregates import COUNT_COLUMNS, check_counts
from analysis.inputs.editions import Edition
from analysis.inputs.files import display_path, swap_into_place

#: Version of the folder layout; a folder of another version is made again.
FORMAT = 1
#: The description of a folder (key, source, synthetic, incomplete cohort years).
META_FILE = "tellingen.json"
#: Each table: its file and the columns it must have.
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "prevalence": ("prevalentie.parquet",
                   ("year", "age_group", "sex", "jeugdregio", "inwoners", "jeugdhulp", "verblijf")),
    "cohort_a": ("cohort_a.parquet",
                 ("year", "jeugdregio", "group", "outcome", "category", "numerator", "denominator")),
    "cohort_b": ("cohort_b.parquet",
                 ("year", "jeugdregio", "outcome", "scheme", "window_months", "numerator", "denominator")),
    "outcomes": ("uitkomsten.parquet", COUNT_COLUMNS),
}
#: A source folder becomes one folder name: its path under the project with '/' as '__'.
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


@dataclass(frozen=True, eq=False)
class RegionCounts:
    """The stratified counts every regional chapter slices (see the module docstring).

    Attributes
    ----------
    prevalence, cohort_a, cohort_b, outcomes : DataFrame
        The tables of :data:`TABLES`.
    synthetic : bool
        Made from synthetic data: every output says so.
    source : str
        The person-level folder they were made from (relative to the project root).
    incomplete_a, incomplete_b : tuple of int
        Cohort years whose exposure window starts before the data (the cohort
        functions warn for them; a report adds its caveat).
    """

    prevalence: pd.DataFrame
    cohort_a: pd.DataFrame
    cohort_b: pd.DataFrame
    outcomes: pd.DataFrame
    synthetic: bool = False
    source: str = ""
    incomplete_a: tuple[int, ...] = field(default_factory=tuple)
    incomplete_b: tuple[int, ...] = field(default_factory=tuple)


def counts_dir(edition: str, microdata: str) -> Path:
    """The folder of the count tables of one edition and person-level source.

    ``data/afgeleid/<edition>/<source>/`` for a source inside ``data/`` (where
    the build's person-level data always are: ``data/synthetic/2020-H1`` gives
    ``data/afgeleid/2020-H1/synthetic__2020-H1``); beside the source,
    ``<source>.afgeleid/<edition>/``, for one elsewhere (a chapter called from
    Python on a population in a temporary folder).

    Parameters
    ----------
    edition : str
    microdata : str
        The chapters' ``microdata`` parameter (relative to the project root, or absolute).
    """
    source = Path(microdata)
    source = (source if source.is_absolute() else PROJECT_ROOT / source).resolve()
    if not source.is_relative_to(DATA_DIR.resolve()):
        return source.with_name(f"{source.name}.afgeleid") / edition
    name = _UNSAFE.sub("_", "__".join(source.relative_to(DATA_DIR.resolve()).parts))
    return DERIVED_DIR / edition / name


def run_reads(edition: Edition, parameters: dict[str, object]) -> list[Path]:
    """The count folder a run reads: that of its ``microdata`` (re-executed when the counts change)."""
    microdata = parameters.get("microdata")
    return [counts_dir(edition.edition, microdata)] if isinstance(microdata, str) and microdata else []


def _meta(folder: Path) -> dict | None:
    """The description of ``folder`` (:data:`META_FILE`), or None when absent, unreadable or of another format."""
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT or not isinstance(meta.get("key"), str):
        return None
    return meta


def stored_key(folder: Path) -> str | None:
    """The key of the national pass that wrote ``folder``, or None (absent, unreadable, other format)."""
    meta = _meta(folder)
    return None if meta is None else meta["key"]


def write_region_counts(folder: Path, counts: RegionCounts, key: str) -> None:
    """Write ``counts`` as ``folder`` (replacing it whole), with ``key`` in :data:`META_FILE`.

    The tables are written into a new folder beside ``folder`` and swapped in
    with two renames, so a failed write keeps the previous tables.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    staging.chmod(0o755)
    try:
        for attribute, (name, columns) in TABLES.items():
            frame = getattr(counts, attribute)
            frame.loc[:, list(columns)].to_parquet(staging / name, index=False)
        meta = {"format": FORMAT, "key": key, "source": counts.source, "synthetic": counts.synthetic,
                "incomplete_a": list(counts.incomplete_a), "incomplete_b": list(counts.incomplete_b)}
        (staging / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        swap_into_place(staging, folder)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def read_region_counts(edition: str, microdata: str) -> RegionCounts:
    """The count tables of ``edition`` made from ``microdata`` (the regional chapters' input).

    Raises
    ------
    VoortgangError
        When the folder is missing (a notebook run before any build: ``voortgang
        data prepare <edition>`` makes it) or a table lacks a column, naming the file.
    """
    folder = counts_dir(edition, microdata)
    meta = _meta(folder)
    if meta is None:
        raise VoortgangError(
            f"{display_path(folder)}: no regional count tables of {microdata!r} (format {FORMAT}); "
            f"'voortgang data prepare --edition {edition}' or 'voortgang build {edition}' makes them"
        )
    frames = {}
    for attribute, (name, columns) in TABLES.items():
        path = folder / name
        try:
            frame = pd.read_parquet(path)
        except (OSError, ValueError) as exc:
            raise VoortgangError(f"{display_path(path)}: cannot be read ({type(exc).__name__})") from None
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise VoortgangError(f"{display_path(path)}: column(s) {', '.join(map(repr, missing))} missing")
        frames[attribute] = frame
    check_counts(frames["outcomes"], display_path(folder / TABLES["outcomes"][0]))
    return RegionCounts(**frames, synthetic=bool(meta.get("synthetic")), source=str(meta.get("source", "")),
                        incomplete_a=_years(meta.get("incomplete_a", ())),
                        incomplete_b=_years(meta.get("incomplete_b", ())))


def _years(values: Iterable[object]) -> tuple[int, ...]:
    return tuple(int(v) for v in values if isinstance(v, int))
