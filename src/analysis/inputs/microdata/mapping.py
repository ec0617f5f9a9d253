"""Column mapping: which source file and variable fills each schema column.

A mapping file (YAML; the default for CBS Remote Access is
``params/microdata_mapping.yaml``) has, per schema table, one or more
*sources*: a file-name pattern and, per schema column, how to read it::

    tables:
      jeugdhulp:
        sources:
          - file: "JGDHULP*BUS*"          # glob in the input directory, extension added by the loader
            keep: {RINPERSOONS: ["R"]}    # optional row filter on source values
            columns:
              person_id: {source: RINPERSOON}
              start_date: {source: JGDHGELDIGHEIDBEGINDATUM, format: yyyymmdd}
              vorm: {source: JGDHHULPVORM, codes: {"11": pleegzorg}, other: zonder_verblijf, inferred: true}

Column entries (all optional except one way to fill the column):

- ``source``: the variable, or a list for ``year_month_parts`` ``[year, month]``
  and ``date_parts`` ``[year, month, day]``;
- ``constant``: a fixed value for every row of this source (e.g. the scheme of
  a Wmo file);
- ``from_file_name``: a regular expression with one group read from the file
  name (e.g. the year of a yearly file);
- ``from_gemeente: true`` (``residence.jeugdregio`` only): look the jeugdregio
  up from the gemeente with a user-supplied "Gebieden in Nederland" mapping;
- ``format``: ``iso`` (default for dates: ``YYYY-MM-DD``; months ``YYYY-MM``),
  ``yyyymmdd``, ``yyyymm``, ``year_month_parts``, ``date_parts``;
- ``missing``: source values meaning "empty" (e.g. ``"----"``, ``"88888888"``);
- ``codes``: source code -> schema code, and ``other``: the schema code for any
  code not listed (without ``other`` an unlisted code is an error);
- ``true_values`` / ``false_values`` for booleans;
- ``join: {file, key}``: read the variable from another file, joined on that
  file's person key;
- ``inferred: true`` marks a code or variable reading that public code uses but
  no CBS codebook confirmed, or a variable name nobody has seen (then ``note``
  says so); ``note`` says where the reading comes from;
- ``optional: true``: the variable may be absent from a file (a nullable column
  added to the schema later); the column is then empty.

A column with none of ``source``, ``constant``, ``from_file_name``,
``from_gemeente`` is *unset*: loading stops with a message that names the
mapping key and repeats its ``note``, so a researcher knows what to fill in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    ValidationError,
    field_validator,
    model_validator,
)

from analysis.errors import VoortgangError
from analysis.inputs.files import display_path
from analysis.inputs.microdata.schema import TABLES
from analysis.inputs.yamlio import read_yaml

Format = Literal["iso", "yyyymmdd", "yyyymm", "year_month_parts", "date_parts"]

#: Formats allowed per schema column kind (the first is the default).
FORMATS_BY_KIND: dict[str, tuple[str, ...]] = {
    "date": ("iso", "yyyymmdd", "date_parts"),
    "month": ("iso", "yyyymm", "year_month_parts"),
}


class Join(BaseModel):
    """Read a column from another file, joined on its person key."""

    model_config = ConfigDict(extra="forbid")
    file: str
    key: str


class ColumnMap(BaseModel):
    """How one schema column is read from a source file."""

    model_config = ConfigDict(extra="forbid")
    source: str | list[str] | None = None
    constant: str | int | bool | None = None
    from_file_name: str | None = None
    from_gemeente: bool = False
    format: Format | None = None
    missing: list[str] = []
    codes: dict[str, str] | None = None
    other: str | None = None
    true_values: list[str] = ["true", "1", "ja", "yes"]
    false_values: list[str] = ["false", "0", "nee", "no"]
    join: Join | None = None
    inferred: bool = False
    #: The source variable may be absent from a file; the column is then empty (only for nullable columns).
    optional: bool = False
    note: str = ""

    @field_validator("codes", mode="before")
    @classmethod
    def _codes_as_text(cls, v: object) -> object:
        # YAML reads unquoted numeric codes (11: pleegzorg) as int keys.
        return {str(k): str(val) for k, val in v.items()} if isinstance(v, dict) else v

    @field_validator("missing", "true_values", "false_values", mode="before")
    @classmethod
    def _values_as_text(cls, v: object) -> object:
        return [str(x) for x in v] if isinstance(v, list) else v

    @property
    def is_set(self) -> bool:
        """Whether the entry says where the values come from."""
        return bool(self.source) or self.constant is not None or bool(self.from_file_name) or self.from_gemeente

    @property
    def source_columns(self) -> list[str]:
        """The source variables read from the source's own file (not a join)."""
        if self.join or not self.source:
            return []
        return [self.source] if isinstance(self.source, str) else list(self.source)


class SourceMap(BaseModel):
    """One source file (pattern) of a schema table."""

    model_config = ConfigDict(extra="forbid")
    file: str
    keep: dict[str, list[str]] = {}
    columns: dict[str, ColumnMap]
    note: str = ""

    @field_validator("keep", mode="before")
    @classmethod
    def _keep_as_text(cls, v: object) -> object:
        return {str(k): [str(x) for x in val] for k, val in v.items()} if isinstance(v, dict) else v


class TableMap(BaseModel):
    """All sources of one schema table (their rows are stacked)."""

    model_config = ConfigDict(extra="forbid")
    sources: list[SourceMap]
    note: str = ""


class MicrodataMapping(BaseModel):
    """A whole mapping file."""

    model_config = ConfigDict(extra="forbid")
    version: Literal[1]
    description: str = ""
    tables: dict[str, TableMap]

    @model_validator(mode="after")
    def _matches_schema(self) -> MicrodataMapping:
        problems = []
        for name in TABLES:
            if name not in self.tables:
                problems.append(f"tables.{name}: missing (every schema table needs a source)")
        for name, tmap in self.tables.items():
            if name not in TABLES:
                problems.append(f"tables.{name}: not a schema table (expected one of {', '.join(TABLES)})")
                continue
            spec = TABLES[name]
            for i, src in enumerate(tmap.sources):
                where = f"tables.{name}.sources[{i}]"
                for col in spec.names:
                    if col not in src.columns:
                        problems.append(f"{where}.columns.{col}: missing")
                for col, cmap in src.columns.items():
                    if col not in spec.names:
                        problems.append(f"{where}.columns.{col}: not a column of {name}")
                        continue
                    problems += _check_column(f"{where}.columns.{col}", spec.column(col), cmap, name)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def unset(self) -> list[str]:
        """Mapping keys of columns that do not say where their values come from, with notes."""
        out = []
        for name, tmap in self.tables.items():
            for i, src in enumerate(tmap.sources):
                for col, cmap in src.columns.items():
                    if not cmap.is_set:
                        note = f" ({cmap.note})" if cmap.note else ""
                        out.append(f"tables.{name}.sources[{i}].columns.{col}{note}")
        return out


def _check_column(where: str, col, cmap: ColumnMap, table: str) -> list[str]:
    """Consistency of one column entry with its schema column."""
    problems = []
    allowed = FORMATS_BY_KIND.get(col.kind)
    if cmap.format and (allowed is None or cmap.format not in allowed):
        problems.append(f"{where}.format: {cmap.format!r} does not apply to a {col.kind} column")
    parts = {"year_month_parts": 2, "date_parts": 3}.get(cmap.format or "")
    if parts and not (isinstance(cmap.source, list) and len(cmap.source) == parts):
        problems.append(f"{where}.source: format {cmap.format} needs a list of {parts} variables")
    if not parts and isinstance(cmap.source, list):
        problems.append(f"{where}.source: a list of variables needs format year_month_parts or date_parts")
    if col.kind == "code":
        targets = list((cmap.codes or {}).values()) + ([cmap.other] if cmap.other else [])
        if cmap.constant is not None:
            targets.append(str(cmap.constant))
        bad = sorted({t for t in targets if t not in (col.codes or ())})
        if bad:
            problems.append(f"{where}: schema codes {bad} are not among {list(col.codes or ())}")
    elif cmap.codes or cmap.other:
        problems.append(f"{where}.codes: only code columns take codes")
    if cmap.from_gemeente and (table, col.name) != ("residence", "jeugdregio"):
        problems.append(f"{where}.from_gemeente: only residence.jeugdregio can be looked up from the gemeente")
    if cmap.join and not cmap.source:
        problems.append(f"{where}.join: needs a source variable to read from the joined file")
    if cmap.optional and not col.nullable:
        problems.append(f"{where}.optional: only a column that may be empty can be optional")
    return problems


def schema_mapping() -> MicrodataMapping:
    """The identity mapping: files named after the tables, columns as in the schema.

    This is what :func:`analysis.inputs.microdata.load.load_microdata` uses without a
    mapping file (synthetic data and test fixtures are written this way).
    """
    tables = {}
    for name, spec in TABLES.items():
        cols = {c.name: ColumnMap(source=c.name, optional=c.optional) for c in spec.columns}
        tables[name] = TableMap(sources=[SourceMap(file=name, columns=cols)])
    return MicrodataMapping(version=1, description="schema (identity) mapping", tables=tables)


def load_mapping(path: Path) -> MicrodataMapping:
    """Read and validate a mapping file.

    Parameters
    ----------
    path : Path
        YAML file in the format of the module docstring.

    Returns
    -------
    MicrodataMapping

    Raises
    ------
    VoortgangError
        When the file is missing, is not YAML, or does not fit the schema (the
        message names the file and the mapping key).
    """
    path = Path(path)
    if not path.is_file():
        raise VoortgangError(f"{display_path(path)}: mapping file not found")
    raw = read_yaml(path)
    try:
        return MicrodataMapping.model_validate(raw)
    except ValidationError as exc:
        msgs = []
        for err in exc.errors():
            loc = ".".join(str(x) if not isinstance(x, int) else f"[{x}]" for x in err["loc"]).replace(".[", "[")
            msgs.append(f"{loc}: {err['msg']}" if loc else err["msg"].removeprefix("Value error, "))
        raise VoortgangError(f"{display_path(path)}: " + "; ".join(msgs)) from exc
