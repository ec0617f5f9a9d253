"""The person-level (microdata) schema: the one place for tables, columns and codes.

The schema is modelled on the CBS microdata files a researcher links in the
Remote Access (RA) environment; ``params/microdata_mapping.yaml`` maps the real
CBS file and variable names onto it (see :mod:`analysis.inputs.microdata.mapping`).
Synthetic data (:mod:`analysis.inputs.synthetic`) are written in this schema.

Conventions
-----------
- ``person_id``: pseudonymised person number, an integer (RINPERSOON in RA).
  Person ids are never printed in messages; errors give counts and row numbers.
- Dates are ``datetime64[s]``, day precision. ``end_date`` is the *last* day of
  care or of the measure (inclusive); an empty ``end_date`` means still running
  at the end of the data.
- ``birth_month`` is a year-month, stored as the first day of that month
  (``1999-04-01`` = born in April 1999): CBS microdata give the birth month
  only (public pipelines impute a day; the project uses day 1, so that the
  18th birthday is the first day of the birth month 18 years later and windows
  in months after it are whole calendar months; see :mod:`analysis.measures.cohorts`).
- Codes are categoricals whose allowed values are listed here; the Dutch labels
  for reports are in :data:`LABELS`.
- Derived columns (not read from a source, computed on load): ``jeugdhulp.verblijf``
  and ``jeugdhulp.verlengd``; see :data:`DERIVED`.
- ``jeugdhulp.reden_einde`` is the reason of ending as the jeugdhulpaanbieder
  reports it to CBS (Beleidsinformatie Jeugd): empty while a trajectory runs, and
  empty for an ended trajectory whose reason is unknown. It is *optional*: a file
  written before it was added has no such column and loads with it empty.

The data dictionary below is generated from :data:`TABLES` (``help()`` shows it;
:func:`data_dictionary` returns it as a table).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd
import pandera.pandas as pa

from analysis.inputs.regions import jeugdregio_codes

Kind = Literal["id", "year", "date", "month", "code", "text", "bool"]

#: Allowed codes, one tuple per code list.
SEX: tuple[str, ...] = ("M", "V")
VORM: tuple[str, ...] = ("zonder_verblijf", "pleegzorg", "gezinsgericht", "residentieel", "overig_verblijf")
#: Jeugdhulp forms that are jeugdhulp *met verblijf*.
VORM_VERBLIJF: tuple[str, ...] = VORM[1:]
MAATREGEL: tuple[str, ...] = ("ots", "vots", "voogdij", "jr")
WOONSITUATIE: tuple[str, ...] = ("zelfstandig", "thuiswonend", "institutioneel", "overig")
REGELING: tuple[str, ...] = ("zvw_ggz", "wmo", "wlz")
#: Reason a jeugdhulp trajectory ended. CBS StatLine 85097NED ("Jeugdhulptrajecten in natura;
#: verwijzer, regio") splits beëindigde trajecten into "Beëindigd volgens plan" and "Voortijdig
#: afgesloten"; VGR 4 (seed 001 l.1284-1288) prints "Volgens plan of samen beëindigd",
#: "Eenzijdig door cliënt" (part of the rest) and "Overig". The schema keeps those three:
#: volgens plan (of samen), voortijdig eenzijdig door de cliënt, voortijdig om een andere reden.
REDEN_EINDE: tuple[str, ...] = ("volgens_plan", "eenzijdig_client", "voortijdig_overig")
JEUGDREGIO: tuple[str, ...] = jeugdregio_codes()

#: Dutch labels of codes (and of the binary outcomes) for tables and figures.
LABELS: dict[str, str] = {
    "M": "man",
    "V": "vrouw",
    "zonder_verblijf": "jeugdhulp zonder verblijf",
    "pleegzorg": "pleegzorg",
    "gezinsgericht": "gezinsgericht",
    "residentieel": "residentieel (incl. gesloten)",
    "overig_verblijf": "overig verblijf",
    "ots": "ondertoezichtstelling (OTS)",
    "vots": "voorlopige OTS",
    "voogdij": "voogdij",
    "jr": "jeugdreclassering",
    "zelfstandig": "zelfstandig wonend",
    "thuiswonend": "hoofdzakelijk thuiswonend",
    "institutioneel": "hoofdzakelijk institutioneel",
    "overig": "overig",
    "volgens_plan": "volgens plan of samen beëindigd",
    "eenzijdig_client": "voortijdig, eenzijdig door de cliënt",
    "voortijdig_overig": "voortijdig, andere reden",
    "zvw_ggz": "Zvw-GGZ",
    "wmo": "Wmo",
    "wlz": "Wlz",
    "woonsituatie": "woonsituatie",
    "economisch_zelfstandig": "economisch zelfstandig inkomen",
    "wanbetaler": "betalingsachterstand Zvw-premie",
    "werk_onderwijs": "werk en/of onderwijs",
}


@dataclass(frozen=True)
class Column:
    """One column of a schema table.

    ``kind`` fixes the pandas dtype: ``id`` int64, ``year`` int16, ``date`` and
    ``month`` datetime64[s] (``month`` always on day 1), ``code`` categorical of
    ``codes``, ``text`` string (matching ``pattern``), ``bool`` bool
    (``boolean`` when nullable).
    """

    name: str
    kind: Kind
    description: str
    nullable: bool = False
    codes: tuple[str, ...] | None = None
    #: Regular expression a ``text`` value must match in full.
    pattern: str | None = None
    #: May be absent from a file in the schema layout (a nullable column added later): then empty.
    optional: bool = False

    @property
    def dtype(self) -> object:
        """The pandas dtype of the column."""
        if self.kind == "id":
            return "int64"
        if self.kind == "year":
            return "int16"
        if self.kind in ("date", "month"):
            return "datetime64[s]"
        if self.kind == "code":
            return pd.CategoricalDtype(list(self.codes or ()))
        if self.kind == "text":
            return "string"
        return "boolean" if self.nullable else "bool"


@dataclass(frozen=True)
class Table:
    """One schema table: its columns, unique key and the CBS files it models."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] | None
    cbs: str
    #: (start, end) column names that must satisfy end >= start, if any.
    interval: tuple[str, str] | None = None
    #: (a, b): column a may only be filled where column b is.
    requires: tuple[tuple[str, str], ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Column names in schema order."""
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        """The column called ``name``."""
        return next(c for c in self.columns if c.name == name)


_PID = Column("person_id", "id", "pseudonymised person number (RINPERSOON)")

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "persons",
            "one row per person",
            (
                _PID,
                Column("birth_month", "month", "year-month of birth, stored as day 1 of the month"),
                Column("sex", "code", "sex: M man, V vrouw", codes=SEX),
                Column("death_date", "date", "date of death; empty if alive at the end of the data", nullable=True),
                Column(
                    "emigration_date",
                    "date",
                    "date of (last) emigration; empty if none. Records after it are not expected",
                    nullable=True,
                ),
            ),
            key=("person_id",),
            cbs="GBAPERSOONTAB (birth, sex); GBAOVERLIJDENTAB (death); emigration: prepared by the researcher",
        ),
        Table(
            "residence",
            "one row per person and calendar year in which the person lived in the Netherlands",
            (
                _PID,
                Column("year", "year", "calendar year"),
                Column("jeugdregio", "code", "jeugdregio of residence (JZxx, 42 regions)", codes=JEUGDREGIO),
                Column(
                    "gemeente",
                    "text",
                    "gemeente of residence (GMxxxx) where known; empty in synthetic data",
                    nullable=True,
                    pattern=r"GM\d{4}",
                ),
            ),
            key=("person_id", "year"),
            cbs="GBAADRESOBJECTBUS + VSLGWBTAB (gemeente), or the Stapelingsmonitor; "
            "jeugdregio from the gemeente via CBS 'Gebieden in Nederland'",
        ),
        Table(
            "jeugdhulp",
            "one row per jeugdhulp trajectory (Jeugdwet)",
            (
                _PID,
                Column("start_date", "date", "first day of the trajectory"),
                Column("end_date", "date", "last day (inclusive); empty = still running", nullable=True),
                Column(
                    "vorm",
                    "code",
                    "form: zonder_verblijf, or met verblijf as pleegzorg / gezinsgericht / "
                    "residentieel (incl. gesloten) / overig_verblijf",
                    codes=VORM,
                ),
                Column(
                    "reden_einde",
                    "code",
                    "reason of ending as reported to CBS: volgens_plan (volgens plan of samen beëindigd), "
                    "eenzijdig_client (voortijdig, eenzijdig door de cliënt), voortijdig_overig; empty while "
                    "running or when unknown",
                    nullable=True,
                    codes=REDEN_EINDE,
                    optional=True,
                ),
            ),
            key=None,
            cbs="JGDHULPBUS (JGDHHULPVORM, JGDHGELDIGHEIDBEGINDATUM/-EINDDATUM; reason of ending: variable "
            "name inferred, see params/microdata_mapping.yaml)",
            interval=("start_date", "end_date"),
            requires=(("reden_einde", "end_date"),),
        ),
        Table(
            "jeugdbescherming",
            "one row per jeugdbeschermings- or jeugdreclasseringsmaatregel",
            (
                _PID,
                Column("start_date", "date", "first day of the measure"),
                Column("end_date", "date", "last day (inclusive); empty = still running", nullable=True),
                Column(
                    "maatregel", "code", "ots, vots (voorlopige OTS), voogdij, jr (jeugdreclassering)", codes=MAATREGEL
                ),
            ),
            key=None,
            cbs="JGDBESCHERMBUS (JGDBMAATREGEL, JGDBGELDIGHEIDBEGINDATUM/-EINDDATUM); "
            "jeugdreclassering file unconfirmed",
            interval=("start_date", "end_date"),
        ),
        Table(
            "outcomes",
            "one row per person and year with the 18+ outcomes (a missing row = outcomes unknown)",
            (
                _PID,
                Column("year", "year", "calendar year the outcomes describe"),
                Column("woonsituatie", "code", "living situation in the year", nullable=True, codes=WOONSITUATIE),
                Column(
                    "economisch_zelfstandig",
                    "bool",
                    "income above the bijstandsnorm of that year (e.g. EUR 950 in 2017, seed l.2206-2207)",
                    nullable=True,
                ),
                Column(
                    "wanbetaler", "bool", "registered as Zvw-premie defaulter (wanbetaler) in the year", nullable=True
                ),
                Column("werk_onderwijs", "bool", "has work and/or is in education in the year", nullable=True),
            ),
            key=("person_id", "year"),
            cbs="GBAHUISHOUDENSBUS / Stapelingsmonitor Wonen; INHATAB/INPATAB; WANBZVWTAB; "
            "SECMBUS + ONDERWIJSINSCHRTAB",
        ),
        Table(
            "vervolgzorg",
            "one row per start of adult (follow-up) care after jeugdhulp",
            (
                _PID,
                Column("start_date", "date", "first day of the care"),
                Column("regeling", "code", "scheme: zvw_ggz, wmo, wlz", codes=REGELING),
            ),
            key=None,
            cbs="GGZDECLVEKTIS / GGZZPMPRESTATIETAB (Zvw-GGZ); WMOBUS; INDICWLZTAB / GEBWLZTAB "
            "(date variables unconfirmed)",
        ),
    )
}

#: Columns computed on load (never read from a source), per table.
DERIVED: dict[str, dict[str, str]] = {
    "jeugdhulp": {
        "verblijf": "vorm is a form met verblijf",
        "verlengd": "verlengde jeugdhulp: the trajectory is running on or after the 18th birthday",
    },
}


def pandera_schema(table: str) -> pa.DataFrameSchema:
    """The pandera schema of a table (dtypes, nullability, end >= start).

    Code columns are checked when they are coerced (unknown codes are reported
    there, with counts), so the schema checks their categorical dtype only. The
    unique key is checked apart, much faster than pandera does it
    (:func:`analysis.inputs.microdata.read.repeated_keys`).

    Parameters
    ----------
    table : str
        A key of :data:`TABLES`.
    """
    spec = TABLES[table]
    columns = {}
    for col in spec.columns:
        checks = []
        if col.kind == "month":
            checks.append(pa.Check(lambda s: s.dt.day == 1, name="is_first_day_of_month"))
        if col.pattern:
            checks.append(pa.Check.str_matches(f"(?:{col.pattern})$"))
        columns[col.name] = pa.Column(col.dtype, checks=checks, nullable=col.nullable, required=not col.optional)
    # an optional column may be absent from the frame: then nothing is set without its partner
    checks = [
        pa.Check(lambda d, a=a, b=b: (d[a].isna() if a in d else True) | d[b].notna(), name=f"{a}_without_{b}")
        for a, b in spec.requires
    ]
    if spec.interval:
        start, end = spec.interval
        checks.append(
            pa.Check(
                lambda d, s=start, e=end: d[e].isna() | (d[e] >= d[s]),
                name=f"{end}_not_before_{start}",
            )
        )
    return pa.DataFrameSchema(columns, checks=checks, strict=False)


def data_dictionary() -> pd.DataFrame:
    """The data dictionary as a table.

    Returns
    -------
    pandas.DataFrame
        One row per column (including derived ones) with ``table``, ``column``,
        ``type``, ``nullable``, ``codes``, ``description``, ``cbs``.
    """
    rows = []
    for t in TABLES.values():
        for c in t.columns:
            rows.append(
                {
                    "table": t.name,
                    "column": c.name,
                    "type": "category" if c.kind == "code" else str(c.dtype),
                    "nullable": c.nullable,
                    "codes": ", ".join(c.codes) if c.codes and len(c.codes) <= 10 else ("JZxx (42)" if c.codes else ""),
                    "description": c.description,
                    "cbs": t.cbs,
                }
            )
        for name, text in DERIVED.get(t.name, {}).items():
            rows.append(
                {"table": t.name, "column": name, "type": "bool", "nullable": False, "codes": "",
                 "description": f"derived on load: {text}", "cbs": ""}
            )
    return pd.DataFrame(rows)


def _render_dictionary() -> str:
    """Plain-text data dictionary for the module docstring."""
    lines = ["", "Data dictionary", "---------------"]
    dd = data_dictionary()
    for t in TABLES.values():
        lines += ["", f"``{t.name}`` - {t.description}. Key: {', '.join(t.key) if t.key else '(none)'}.",
                  f"CBS: {t.cbs}.", ""]
        for row in dd[dd["table"] == t.name].itertuples():
            null = ", may be empty" if row.nullable else ""
            codes = f" [{row.codes}]" if row.codes else ""
            lines.append(f"- ``{row.column}`` ({row.type}{null}){codes}: {row.description}")
    return "\n".join(lines) + "\n"


__doc__ = (__doc__ or "") + _render_dictionary()
