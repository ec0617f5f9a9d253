"""Loading person-level data into the schema, with validation.

:func:`load_microdata` is the entry point. Without a mapping it reads files in
the schema itself (``persons.parquet``, ``residence.parquet``, ... as written by
``voortgang data synth``, or CSV); with a mapping (default for CBS Remote
Access: :data:`analysis.config.MICRODATA_MAPPING`) it reads CBS files and
renames and recodes their variables (:mod:`analysis.inputs.microdata.mapping`).

Every problem found is reported in one :class:`~analysis.errors.VoortgangError`
that names the file, the column (and its source variable) and the first
offending data rows by number (1-based, header excluded), with counts. Values
of person records are never printed; only unknown *codes* are listed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from analysis.errors import VoortgangError
from analysis.inputs.files import display_path
from analysis.inputs.microdata.dates import birthday
from analysis.inputs.microdata.mapping import (
    MicrodataMapping,
    load_mapping,
    schema_mapping,
)
from analysis.inputs.microdata.read import Problems, load_source, repeated_keys
from analysis.inputs.microdata.schema import (
    TABLES,
    VORM_VERBLIJF,
)
from analysis.inputs.regions import attach_jeugdregio

#: Name of the file that marks a directory as synthetic data (written by ``data synth``).
SYNTHETIC_MANIFEST = "synthetic.json"



@dataclass(frozen=True)
class MicrodataTables:
    """The person-level tables in the schema of :mod:`analysis.inputs.microdata.schema`.

    Attributes
    ----------
    persons, residence, jeugdhulp, jeugdbescherming, outcomes, vervolgzorg
        One DataFrame per schema table (``jeugdhulp`` with the derived columns
        ``verblijf`` and ``verlengd``).
    synthetic
        True when the data are synthetic (every output made from them must say
        "synthetische data").
    source
        Where the tables were read from (for captions and logs).
    """

    persons: pd.DataFrame
    residence: pd.DataFrame
    jeugdhulp: pd.DataFrame
    jeugdbescherming: pd.DataFrame
    outcomes: pd.DataFrame
    vervolgzorg: pd.DataFrame
    synthetic: bool = False
    source: str = ""

    @property
    def coverage(self) -> tuple[int, int]:
        """First and last calendar year covered (the years of ``residence``)."""
        years = self.residence["year"]
        return int(years.min()), int(years.max())


def _resolve_mapping(mapping: MicrodataMapping | Path | str | None) -> tuple[MicrodataMapping, str]:
    if mapping is None:
        return schema_mapping(), "schema"
    if isinstance(mapping, MicrodataMapping):
        return mapping, "mapping"
    return load_mapping(Path(mapping)), display_path(Path(mapping))


def load_microdata(
    path: Path | str,
    fmt: Literal["parquet", "csv"] = "parquet",
    mapping: MicrodataMapping | Path | str | None = None,
    gemeente_mapping: pd.DataFrame | None = None,
    validate: bool = True,
) -> MicrodataTables:
    """Read the person-level tables from a directory.

    Parameters
    ----------
    path : Path or str
        Directory with the files.
    fmt : {"parquet", "csv"}
        File format (CSV files are read as text and converted).
    mapping : MicrodataMapping, Path or str, optional
        ``None``: files in the schema itself (``<table>.<fmt>``). Otherwise a
        mapping file, e.g. :data:`analysis.config.MICRODATA_MAPPING` for CBS
        Remote Access files (converted from ``.sav`` to parquet or CSV).
    gemeente_mapping : pandas.DataFrame, optional
        Gemeente -> jeugdregio (from :func:`analysis.inputs.regions.load_gemeente_mapping`);
        needed when the mapping looks the jeugdregio up from the gemeente.
    validate : bool
        Run the schema checks (types and codes are always converted).

    Returns
    -------
    MicrodataTables

    Raises
    ------
    VoortgangError
        For a bad argument, a missing file or column, an unset mapping entry,
        values that cannot be read, unknown codes, empty required values,
        repeated keys, end before start, or records of unknown persons. The
        message names the file, the column and the rows (counts and row
        numbers, never person records).
    """
    root = Path(path)
    if fmt not in ("parquet", "csv"):
        raise VoortgangError(f"fmt = {fmt!r}: expected 'parquet' or 'csv'")
    if not root.exists():
        # Typically a notebook opened in JupyterLab before any build: name the command that makes the data.
        raise VoortgangError(
            f"{display_path(root)}: does not exist (argument path). Synthetische data maak je met `make data` "
            "(of `voortgang data prepare --edition <editie>`); synthetic data are made by the same command"
        )
    if not root.is_dir():
        raise VoortgangError(f"{display_path(root)}: not a directory (argument path)")
    m, mapping_name = _resolve_mapping(mapping)
    unset = m.unset()
    if unset:
        raise VoortgangError(
            f"{mapping_name}: {len(unset)} columns have no source yet; edit the mapping:\n" + "\n".join(unset)
        )
    problems = Problems()
    tables: dict[str, pd.DataFrame] = {}
    stacked: set[str] = set()  # tables read from more than one file
    for name, tmap in m.tables.items():
        frames = []
        for i, src in enumerate(tmap.sources):
            frames += load_source(root, fmt, name, i, src, problems, validate)
        spec = TABLES[name]
        if len(frames) > 1:
            stacked.add(name)
        if frames:
            tables[name] = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        else:
            tables[name] = pd.DataFrame({c.name: pd.Series(dtype=c.dtype) for c in spec.columns})
    problems.raise_if_any()
    needs_gm = any(s.columns["jeugdregio"].from_gemeente for s in m.tables["residence"].sources)
    if needs_gm:
        if gemeente_mapping is None:
            raise VoortgangError(
                f"{mapping_name}: residence.jeugdregio is looked up from the gemeente; pass the argument "
                "gemeente_mapping (analysis.inputs.regions.load_gemeente_mapping)"
            )
        res = attach_jeugdregio(tables["residence"], gemeente_mapping, source="residence")
        res["jeugdregio"] = pd.Categorical(res["jeugdregio"], categories=TABLES["residence"].column("jeugdregio").codes)
        tables["residence"] = res[list(TABLES["residence"].names)]
    if validate:
        _check_tables(tables, root, problems, stacked)
        problems.raise_if_any()
    tables["jeugdhulp"] = derive_jeugdhulp(tables["jeugdhulp"], tables["persons"])
    synthetic = (root / SYNTHETIC_MANIFEST).is_file()
    if synthetic:
        _check_manifest(root, fmt)
    return MicrodataTables(**tables, synthetic=synthetic, source=display_path(root))


def _check_tables(tables: dict[str, pd.DataFrame], root: Path, problems: Problems, stacked: set[str]) -> None:
    """Checks across files and tables: keys over stacked files, unknown persons, coverage."""
    for name, spec in TABLES.items():
        df = tables[name]
        if spec.key and name in stacked:  # within one file the schema check has done it
            dup = repeated_keys(df, spec.key, keep="first")
            if dup.any():
                problems.add(f"table {name}: {int(dup.sum())} rows repeat the key ({', '.join(spec.key)}) across files")
    known = tables["persons"]["person_id"].to_numpy()
    for name in TABLES:
        if name == "persons":
            continue
        ids = tables[name]["person_id"].to_numpy()
        orphan = ~np.isin(ids, known)
        if orphan.any():
            problems.add(
                f"table {name}: {int(orphan.sum())} rows of {len(np.unique(ids[orphan]))} persons "
                "that are not in the persons table"
            )
    if tables["residence"].empty:
        problems.add(f"{display_path(root)}: table residence is empty, so the years covered are unknown")


def derive_jeugdhulp(jeugdhulp: pd.DataFrame, persons: pd.DataFrame) -> pd.DataFrame:
    """Add the derived columns ``verblijf`` and ``verlengd`` to jeugdhulp trajectories.

    Parameters
    ----------
    jeugdhulp : pandas.DataFrame
        Trajectories in the schema.
    persons : pandas.DataFrame
        Persons in the schema (for the birth month).

    Returns
    -------
    pandas.DataFrame
        A copy with ``verblijf`` (``vorm`` is a form met verblijf) and ``verlengd``
        (the trajectory runs on or after the 18th birthday: ``end_date`` empty or
        on/after the first day of the birth month 18 years later; see
        :mod:`analysis.measures.cohorts`).
    """

    out = jeugdhulp.copy()
    out["verblijf"] = out["vorm"].isin(VORM_VERBLIJF).to_numpy(bool)
    birth = persons.set_index("person_id")["birth_month"]
    b18 = birthday(out["person_id"].map(birth), 18)
    out["verlengd"] = (out["end_date"].isna() | (out["end_date"] >= b18)).to_numpy(bool)
    return out


def _check_manifest(root: Path, fmt: str) -> None:
    """A synthetic directory must hold exactly the files its manifest lists."""
    manifest = json.loads((root / SYNTHETIC_MANIFEST).read_text(encoding="utf-8"))
    for name, info in manifest.get("files", {}).items():
        f = root / name
        if f.suffix.lstrip(".") != fmt:
            continue
        if not f.is_file() or f.stat().st_size != info["bytes"]:
            raise VoortgangError(
                f"{display_path(f)}: does not match {SYNTHETIC_MANIFEST} (incomplete or changed synthetic data; "
                "run voortgang data synth again)"
            )
