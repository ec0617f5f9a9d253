"""A synthetic StatLine gemeente table of the shape of 85098NED (``voortgang data gemeenten``, or the build).

Where CBS cannot be reached, the gemeente reports are built from this snapshot
instead of a fetched one. It has the files of a real snapshot
(:mod:`analysis.inputs.statline.snapshot`: ``TableInfos``, ``DataProperties``,
``RegioS``, ``Perioden``, ``TypedDataSet`` and ``manifest.json`` with the sha256 of
each), the dimensions, topic keys, titles and unit of
:data:`analysis.inputs.statline.gemeenten.TOPICS`, ``NL01`` and every gemeente of
1 January of each year (:mod:`analysis.inputs.gemeenten`, so the herindelingen
show), and ``"synthetisch": true`` in the manifest: every report made from it says
so. Only years (``JJ``) are written, not the half-years of the real table, nor its
landsdelen, provincies, COROP regions and size classes.

The values are made up, deterministic for a seed: per gemeente a level around a
national level of the order CBS publishes (12% jeugdhulp, 10% of them with
verblijf, 1,2% jeugdbescherming, 47% of them with verblijf, 0,4% jeugdreclassering),
a small trend per year, one decimal as CBS prints. Each gemeente gets a synthetic
number of young residents (not part of the table); Nederland is the
resident-weighted mean of the gemeenten, and the cells of the smallest gemeenten
are left empty (``null``, printed ``.``) as CBS suppresses them.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from analysis import __version__
from analysis.inputs.editions import GemeenteReports
from analysis.inputs.gemeenten import Indeling, indeling
from analysis.inputs.statline.gemeenten import (
    NATIONAL_CODE,
    REGION_DIMENSION,
    SYNTHETIC_KEY,
    TIME_DIMENSION,
    TOPICS,
    UNIT,
    snapshot_root,
)
from analysis.inputs.statline.snapshot import DATA_ENDPOINT, MANIFEST, write_endpoint

#: Title of the synthetic table (the real title, marked).
TITLE = "Indicatoren jeugdzorg in natura; gemeenten (SYNTHETISCH)"
#: National level (%) of each topic and the sd of the gemeenten around it (log scale).
LEVELS: dict[str, tuple[float, float]] = {
    "JongerenMetJeugdhulpInNatura_1": (12.0, 0.15),
    "JongerenMetJeugdhMetVerblInNat_2": (10.0, 0.30),
    "JongerenMetJeugdbescherming_3": (1.2, 0.30),
    "JeugdbeschEnJeugdhMetVerblInNat_4": (47.0, 0.15),
    "JongerenMetJeugdreclassering_5": (0.4, 0.40),
}
#: Topics whose cell is left empty for a gemeente with fewer synthetic young residents than this.
SMALL_GEMEENTE: dict[str, int] = {
    "JongerenMetJeugdhMetVerblInNat_2": 1_500,
    "JongerenMetJeugdbescherming_3": 1_000,
    "JeugdbeschEnJeugdhMetVerblInNat_4": 3_000,
    "JongerenMetJeugdreclassering_5": 4_000,
}


def _code_rng(seed: int, code: str) -> np.random.Generator:
    """A generator of its own per gemeente: a gemeente keeps its values whatever else is in the year."""
    digest = hashlib.sha256(f"{seed}:{code}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def table_rows(years: list[int], seed: int, table: Indeling) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The ``TypedDataSet`` rows (padded keys, as StatLine writes them) and code -> name of every region.

    Parameters
    ----------
    years : list of int
        Years to write (each on its own 1 January list of gemeenten).
    seed : int
    table : Indeling

    Returns
    -------
    tuple
        Rows in region-then-year order, and the names.
    """
    names: dict[str, str] = {NATIONAL_CODE: "Nederland"}
    rows: list[dict[str, Any]] = []
    for year in sorted(years):
        members = table.gemeenten(year)
        names.update(members)
        values, weights = {}, {}
        for code in members:
            rng = _code_rng(seed, code)
            weights[code] = float(np.exp(rng.normal(8.3, 1.0)))  # young residents: median about 4.000
            trend = rng.normal(0.0, 0.02)
            values[code] = {key: level * float(np.exp(rng.normal(0.0, sd) + trend * (year - 2020)))
                            for key, (level, sd) in LEVELS.items()}
        total = sum(weights.values())
        national = {key: sum(values[c][key] * weights[c] for c in members) / total for key in LEVELS}
        for code in [NATIONAL_CODE, *members]:
            cells = national if code == NATIONAL_CODE else values[code]
            row: dict[str, Any] = {REGION_DIMENSION: f"{code:<10}", TIME_DIMENSION: f"{year}JJ00"}
            for key, value in cells.items():
                small = code != NATIONAL_CODE and weights[code] < SMALL_GEMEENTE.get(key, 0)
                row[key] = None if small else round(min(value, 100.0), 1)
            rows.append(row)
    return [{"ID": i, **r} for i, r in enumerate(rows)], names


def _endpoints(table_id: str, years: list[int], seed: int, table: Indeling) -> dict[str, list[dict[str, Any]]]:
    data, names = table_rows(years, seed, table)
    last = max(years)
    properties: list[dict[str, Any]] = [
        {"ID": 0, "Position": 0, "ParentID": None, "Type": "GeoDimension", "Key": REGION_DIMENSION,
         "Title": "Regio's", "Description": "", "Datatype": None, "Unit": None, "Decimals": None},
        {"ID": 1, "Position": 1, "ParentID": None, "Type": "TimeDimension", "Key": TIME_DIMENSION,
         "Title": "Perioden", "Description": "", "Datatype": None, "Unit": None, "Decimals": None},
    ]
    for i, topic in enumerate(TOPICS, start=2):
        properties.append({"ID": i, "Position": i, "ParentID": None, "Type": "Topic", "Key": topic.key,
                           "Title": topic.title, "Description": "Synthetisch.", "Datatype": "Double",
                           "Unit": UNIT, "Decimals": 1})
    return {
        "TableInfos": [{"Identifier": table_id, "Title": TITLE, "ShortTitle": TITLE,
                        "ShortDescription": "Synthetische tabel met de vorm van CBS 85098NED; geen CBS-cijfers.",
                        "Period": f"{min(years)}-{last}", "Modified": None, "Source": "synthetisch",
                        "Language": "nl"}],
        "DataProperties": properties,
        REGION_DIMENSION: [{"Key": f"{code:<10}", "Title": name, "Description": None}
                           for code, name in sorted(names.items())],
        TIME_DIMENSION: [{"Key": f"{y}JJ00", "Title": f"{y}*" if y == last else str(y), "Description": None,
                          "Status": "Voorlopig" if y == last else "Definitief"} for y in sorted(years)],
        DATA_ENDPOINT: data,
    }


def write_gemeente_table(spec: GemeenteReports, root: Path | None = None, table: Indeling | None = None) -> Path:
    """Write the synthetic snapshot ``<root>/<tabel>/<snapshot>/`` (into a temporary folder, then renamed).

    Parameters
    ----------
    spec : GemeenteReports
        Table id, snapshot date, seed and years of the edition.
    root : Path, optional
        Default :func:`analysis.inputs.statline.gemeenten.snapshot_root` (``data/synthetic/statline``).
    table : Indeling, optional
        Gemeenten per year; default :func:`analysis.inputs.gemeenten.indeling`.

    Returns
    -------
    Path
        The snapshot folder. The same spec always gives the same bytes (the
        manifest records no time).
    """
    base = root if root is not None else snapshot_root(spec)
    target = base / spec.tabel / spec.snapshot
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{spec.snapshot}.partial-", dir=target.parent))
    try:
        files = {}
        for name, rows in _endpoints(spec.tabel, list(spec.jaren), spec.seed, table or indeling()).items():
            files[f"{name}.json"] = {"rows": len(rows), "sha256": write_endpoint(work / f"{name}.json", None, rows)}
        manifest = {"table_id": spec.tabel, "snapshot": spec.snapshot, SYNTHETIC_KEY: True, "seed": spec.seed,
                    "years": sorted(spec.jaren), "tool": f"voortgang {__version__}", "files": files}
        (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        work.rename(target)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return target


def ensure_gemeente_table(spec: GemeenteReports, root: Path | None = None) -> bool:
    """Write the synthetic snapshot when the edition asks for one and it is missing; True when written."""
    if not spec.synthetisch:
        return False
    base = root if root is not None else snapshot_root(spec)
    if (base / spec.tabel / spec.snapshot / MANIFEST).is_file():
        return False
    write_gemeente_table(spec, base)
    return True
