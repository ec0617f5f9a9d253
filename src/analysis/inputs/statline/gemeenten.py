"""The StatLine gemeente table of jeugdhulp, jeugdbescherming and jeugdreclassering: loaded and checked.

The shape is that of CBS table **85098NED** "Indicatoren jeugdzorg in natura;
gemeenten" (from 2020; its predecessor 82972NED, 2015-2019, has the same topics).

What was verified (public sources, 2026-11):

- the five topic keys ``JongerenMetJeugdhulpInNatura_1``,
  ``JongerenMetJeugdhMetVerblInNat_2``, ``JongerenMetJeugdbescherming_3``,
  ``JeugdbeschEnJeugdhMetVerblInNat_4``, ``JongerenMetJeugdreclassering_5`` and
  the dimensions ``RegioS`` (``GMxxxx`` codes) and ``Perioden`` (``2022JJ00``):
  a download of 85098NED printed in the documentation of the R client
  cbsodataR (2022, 345 gemeenten);
- the topic titles and their unit ``%`` ("% (zie toelichting)"), one decimal,
  the regions Nederland, landsdelen (LD), provincies (PV), COROP (CR, all ``.``),
  gemeenten and gemeentegrootteklassen, years and half-years (``1e halfjaar
  2022**``), and ``.`` for small gemeenten: the StatLine pages of 85098NED and
  82972NED (cbs.nl/nl-nl/cijfers/detail/...).

What is **inferred**, not verified:

- the code of Nederland, ``NL01`` (the usual StatLine code; not seen for this
  table);
- the denominators: topics 1, 3 and 5 are taken as a percentage of the young
  residents, topic 2 of the young people with jeugdhulp in natura and topic 4 of
  those with jeugdbescherming (the national values 12,2 / 9,7 / 1,2 / 47,3 / 0,4
  of 2019 only fit that reading); the age range of each is in CBS's toelichting,
  which was not seen, so the reports do not state it;
- that every year is published on the gemeentelijke indeling of 1 January of
  that year (the 2022 download matched the 345 gemeenten of 2022). The loader
  requires exactly that: every gemeente of the year has a row, and a gemeente
  that no longer exists has no value.

85099NED (counts per gemeente by vorm van jeugdzorg) was not seen; it is not read.

Disclosure
----------
These are published aggregates, already rounded and protected by CBS, not
person-level data: they are not passed through :mod:`analysis.disclosure` again.
CBS suppresses small gemeenten's cells (``.``, JSON ``null``); they are missing
here (``NaN``), printed ``.`` and never replaced by 0 or by an estimate.

A synthetic snapshot (:mod:`analysis.inputs.synthetic.gemeente_table`) has the
same files, dimensions and topics, and ``"synthetisch": true`` in its
``manifest.json``; the loader requires that flag for a snapshot under
``data/synthetic/`` and refuses it under ``data/raw/``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.config import PROJECT_ROOT, STATLINE_DIR, SYNTHETIC_STATLINE_DIR
from analysis.errors import VoortgangError
from analysis.inputs.editions import Edition, GemeenteReports
from analysis.inputs.files import display_path
from analysis.inputs.gemeenten import Indeling, indeling, missing_members
from analysis.inputs.statline.snapshot import MANIFEST, read_snapshot

#: The dimensions of the table.
REGION_DIMENSION, TIME_DIMENSION = "RegioS", "Perioden"
#: The code of Nederland in ``RegioS`` (inferred, see the module docstring).
NATIONAL_CODE = "NL01"
#: The unit CBS gives every topic.
UNIT = "%"
#: Key in the snapshot's ``manifest.json`` that marks a synthetic snapshot.
SYNTHETIC_KEY = "synthetisch"


@dataclass(frozen=True)
class Topic:
    """One topic of the table: its StatLine key and title, and the kind of care it belongs to."""

    key: str
    title: str
    kind: str


#: The topics, in the table's order; ``kind`` is jeugdhulp, jeugdbescherming or jeugdreclassering.
TOPICS: tuple[Topic, ...] = (
    Topic("JongerenMetJeugdhulpInNatura_1", "Jongeren met jeugdhulp in natura", "jeugdhulp"),
    Topic("JongerenMetJeugdhMetVerblInNat_2", "Jongeren met jeugdh. met verbl. in nat.", "jeugdhulp"),
    Topic("JongerenMetJeugdbescherming_3", "Jongeren met jeugdbescherming", "jeugdbescherming"),
    Topic("JeugdbeschEnJeugdhMetVerblInNat_4", "Jeugdbesch. en jeugdh. met verbl. in nat", "jeugdbescherming"),
    Topic("JongerenMetJeugdreclassering_5", "Jongeren met jeugdreclassering", "jeugdreclassering"),
)
#: Columns of :attr:`GemeenteTable.values`.
VALUE_COLUMNS: tuple[str, ...] = ("code", "year", "status", "topic", "value")


@dataclass(frozen=True, eq=False)
class GemeenteTable:
    """The checked gemeente table.

    Attributes
    ----------
    table_id, snapshot : str
        StatLine id and snapshot date.
    synthetic : bool
        A synthetic snapshot: every report made from it says so.
    folder : Path
        The snapshot folder.
    values : pandas.DataFrame
        Columns ``code`` (``NL01`` or ``GMxxxx``), ``year`` (int), ``status``
        (``definitief``, ``voorlopig``, ``nader voorlopig``), ``topic`` (key),
        ``value`` (percentage, 0-100; NaN where CBS printed ``.``); the years
        asked for only, Nederland and the gemeenten of each year.
    names : dict of str to str
        Code -> name as the table gives it.
    """

    table_id: str
    snapshot: str
    synthetic: bool
    folder: Path
    values: pd.DataFrame
    names: dict[str, str]


def snapshot_root(spec: GemeenteReports) -> Path:
    """Root of the snapshots of the edition's gemeente table: ``data/synthetic/statline`` or ``data/raw/statline``."""
    return SYNTHETIC_STATLINE_DIR if spec.synthetisch else STATLINE_DIR


def snapshot_folder(spec: GemeenteReports) -> Path:
    """``<root>/<table>/<snapshot>/``."""
    return snapshot_root(spec) / spec.tabel / spec.snapshot


def edition_reads(edition: Edition) -> list[Path]:
    """The snapshot files and the gemeente mapping the edition's gemeente reports read (for the cache key)."""
    spec = edition.regions.gemeenten if edition.regions else None
    if spec is None:
        return []
    folder = snapshot_folder(spec)
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    return files + ([PROJECT_ROOT / spec.indeling] if spec.indeling else [])


def load_gemeente_table(spec: GemeenteReports, root: Path | None = None,
                        table: Indeling | None = None) -> GemeenteTable:
    """Read the snapshot the edition names and check it against the gemeenten of each year.

    Parameters
    ----------
    spec : GemeenteReports
        Table id, snapshot date, synthetic or not, the years.
    root : Path, optional
        Snapshot root; default :func:`snapshot_root`.
    table : Indeling, optional
        Gemeenten per year; default :func:`analysis.inputs.gemeenten.indeling`.

    Returns
    -------
    GemeenteTable

    Raises
    ------
    VoortgangError
        One line naming the file and the key, row or column: no snapshot (with
        the command that makes it), a snapshot changed after it was written, the
        synthetic flag missing under ``data/synthetic`` or present under
        ``data/raw``, a missing dimension or topic, a unit other than ``%``, a
        year without a period, Nederland without a value, a gemeente of the
        year without a row, a value for a code that is not a gemeente that
        year, or a value outside 0-100.
    """
    base = root if root is not None else snapshot_root(spec)
    table = table or indeling()
    folder = base / spec.tabel / spec.snapshot
    if not folder.is_dir():
        how = ("voortgang data gemeenten --edition <edition> makes it (the build too)" if spec.synthetisch
               else f"voortgang data fetch {spec.tabel} --date {spec.snapshot} writes it where CBS is reachable")
        raise VoortgangError(f"{display_path(folder)}: snapshot of the gemeente table not found; {how}")
    parsed = read_snapshot(spec.tabel, spec.snapshot, base)
    manifest_path = folder / MANIFEST
    flagged = json.loads(manifest_path.read_text(encoding="utf-8")).get(SYNTHETIC_KEY) is True
    if flagged != spec.synthetisch:
        problem = ("has no \"synthetisch\": true, but the edition says synthetisch: true" if spec.synthetisch
                   else "says \"synthetisch\": true, but the edition reads it as a CBS snapshot (synthetisch: false)")
        raise VoortgangError(f"{display_path(manifest_path)}: key {SYNTHETIC_KEY!r}: the snapshot {problem}")
    props = parsed.properties.set_index("Key")
    where_props = display_path(folder / "DataProperties.json")
    for dim in (REGION_DIMENSION, TIME_DIMENSION):
        if dim not in parsed.dimensions:
            raise VoortgangError(f"{where_props}: no dimension {dim!r}; is {spec.tabel} a gemeente table like "
                                 "85098NED?")
    for topic in TOPICS:
        if topic.key not in props.index:
            raise VoortgangError(f"{where_props}: topic {topic.key!r} ({topic.title}) is missing")
        unit = str(props.at[topic.key, "Unit"]) if "Unit" in props.columns else ""
        if unit.strip() != UNIT:
            raise VoortgangError(f"{where_props}: topic {topic.key!r}: unit {unit!r}, expected {UNIT!r}")
    data = parsed.data
    n_rows = len(data) // max(1, data["topic"].nunique())
    data = data.assign(row=np.arange(len(data)) % n_rows + 1)
    data = data[(data["period_kind"] == "JJ") & data["topic"].isin([t.key for t in TOPICS])]
    where_data = display_path(folder / "TypedDataSet.json")
    frame = pd.DataFrame({
        "code": data[f"{REGION_DIMENSION}_code"].astype(str).to_numpy(),
        "year": data["year"].astype(int).to_numpy(),
        "status": data["status"].astype(str).to_numpy(),
        "topic": data["topic"].astype(str).to_numpy(),
        "value": data["value"].to_numpy(dtype=float),
        "row": data["row"].to_numpy(),
    })
    out = []
    for year in spec.jaren:
        rows = frame[frame["year"] == year]
        if rows.empty:
            raise VoortgangError(f"{display_path(folder / 'Perioden.json')}: no period {year}JJ00 (year {year}, key "
                                 "'regions.gemeenten.jaren' of the edition)")
        members = table.gemeenten(year)
        national = rows[rows["code"] == NATIONAL_CODE]
        if national["value"].isna().any() or national["topic"].nunique() < len(TOPICS):
            raise VoortgangError(f"{where_data}: Nederland ({NATIONAL_CODE}) has no value for every topic in {year}")
        if missing := missing_members(members, set(rows["code"])):
            raise VoortgangError(
                f"{where_data}: no row for {missing} in {year}: every gemeente of 1 January {year} needs one "
                "(gemeenten per year: data/reference/gemeente_herindelingen.csv)")
        stray = rows[rows["code"].str.startswith("GM") & ~rows["code"].isin(list(members)) & rows["value"].notna()]
        if not stray.empty:
            first = stray.iloc[0]
            raise VoortgangError(
                f"{where_data}: row {int(first['row'])} ({REGION_DIMENSION} {first['code']}, {year}), column "
                f"{first['topic']!r}: a value for a code that is not a gemeente on 1 January {year}")
        kept = rows[rows["code"].isin([NATIONAL_CODE, *members])]
        outside = kept[(kept["value"] < 0) | (kept["value"] > 100)]
        if not outside.empty:
            first = outside.iloc[0]
            raise VoortgangError(
                f"{where_data}: row {int(first['row'])} ({REGION_DIMENSION} {first['code']}, {year}), column "
                f"{first['topic']!r}: {first['value']:g} is not a percentage (0-100)")
        out.append(kept)
    values = pd.concat(out, ignore_index=True)[list(VALUE_COLUMNS)]
    labels = parsed.dimensions[REGION_DIMENSION]
    return GemeenteTable(table_id=spec.tabel, snapshot=spec.snapshot, synthetic=flagged, folder=folder,
                         values=values, names=dict(zip(labels["code"], labels["label"], strict=True)))
