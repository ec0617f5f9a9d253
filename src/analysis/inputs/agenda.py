"""Registries of the evaluatieagenda and the mijlpalen: models and loaders.

- ``params/evaluatieagenda.yaml``: the knowledge questions about the effectiveness
  of jeugdhulp (maatregel 5 of the werkgroep Kwaliteit en effectiviteit, seed 003),
  with prioritisation criteria, status and the studies and notebooks that answer them.
- ``params/mijlpalen.yaml``: the Mijlpalenoverzicht (milestones per actielijn with the
  edition in which each was reached) and, per actielijn and edition, the table
  "Subdoel | Belangrijkste mijlpalen | Vervolgstappen" of Bijlage 1 (seed 001).

Both are validated on load (pydantic, ``extra="forbid"``); every error names the
file, the record id and the field. Editions are named ``YYYY-H1``/``YYYY-H2``
(:data:`analysis.inputs.editions.EDITION_PATTERN`); ``VGR n`` in the sources is
turned into an edition only through :data:`analysis.config.VGR_EDITIONS`. The
frames and changes the chapters show are in :mod:`analysis.measures.agenda`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from analysis.config import EVALUATIEAGENDA, MIJLPALEN, VGR_EDITIONS
from analysis.errors import VoortgangError
from analysis.inputs.editions import EDITION_PATTERN
from analysis.inputs.yamlio import read_yaml_mapping

#: Files this module reads: part of the cache key of every chapter that imports it
#: (:mod:`analysis.pipeline.dependencies`).
READS: tuple[Path, ...] = (EVALUATIEAGENDA, MIJLPALEN)

Actielijn = Literal["1", "2", "3", "4", "5", "6", "R"]
#: Status of a knowledge question (maatregel 5-8 of seed 003: onderzoeken, dan toepassen of stoppen).
AgendaStatus = Literal[
    "geagendeerd", "in onderzoek", "beantwoord: werkt", "beantwoord: werkt niet", "beantwoord: onbekend"
]
#: Status of a milestone step.
MijlpaalStatus = Literal["gepland", "in uitvoering", "behaald"]

_REGELS = re.compile(r"^\d+(-\d+)?(, ?\d+(-\d+)?)*$")
_VGR = re.compile(r"VGR\s*(\d+)(?:\s*-\s*(\d+))?")


def check_edition(v: str | None) -> str | None:
    """``v`` when it is an edition (``YYYY-H1``/``YYYY-H2``) or None; a ValueError otherwise."""
    if v is not None and not EDITION_PATTERN.match(v):
        raise ValueError(f"{v!r} is not an edition of the form YYYY-H1 or YYYY-H2")
    return v


def check_regels(v: str) -> str:
    """``v`` when it is a line number, range or list (``'590-612, 680'``); a ValueError otherwise."""
    if not _REGELS.match(v):
        raise ValueError(f"{v!r} is not a line number, range or list like '590-612, 680'")
    return v


def edition_index(edition: str) -> int:
    """Half-years since year 0: ``2019-H1 -> 4038``, ``2019-H2 -> 4039`` (for ordering)."""
    year, half = edition.split("-H")
    return int(year) * 2 + int(half) - 1


def edition_range(first: str, last: str) -> list[str]:
    """Every edition from ``first`` to ``last`` inclusive: ``2019-H1, 2019-H2 -> both``."""
    return [f"{i // 2}-H{i % 2 + 1}" for i in range(edition_index(first), edition_index(last) + 1)]


def vgr_editions(text: str) -> set[str]:
    """Editions named in a "Wanneer" cell: ``'VGR 2-3; VGR 4' -> {2019-H1, 2019-H2, 2020-H1}``.

    Accepts the OCR spellings of seed 001 (``VGR1``, ``VGR 1``, ``VGR2/VGR 4``).

    Raises
    ------
    ValueError
        No ``VGR n`` in the text, or an ``n`` missing from :data:`analysis.config.VGR_EDITIONS`.
    """
    found = _VGR.findall(text)
    if not found:
        raise ValueError(f"no 'VGR n' in {text!r}")
    out: set[str] = set()
    for first, last in found:
        for n in range(int(first), int(last or first) + 1):
            if n not in VGR_EDITIONS:
                raise ValueError(f"VGR {n} in {text!r} has no edition in VGR_EDITIONS")
            out.add(VGR_EDITIONS[n])
    return out


class Record(BaseModel):
    """A registry record: unknown keys are refused, and it never changes once read."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Bron(Record):
    """Where a record comes from: a source document and its line numbers."""

    document: str = Field(min_length=1, description="Source, e.g. the seed file stem '001_a366937519f87aa1'.")
    regels: str = Field(description="Line numbers in the OCR text: '572', '590-612' or '1395, 1437'.")
    wanneer: str | None = Field(default=None, description="Mijlpalenoverzicht: the 'Wanneer' cell verbatim.")

    @field_validator("regels")
    @classmethod
    def _check_regels(cls, v: str) -> str:
        return check_regels(v)

    def label(self) -> str:
        """``'seed 001, r. 572'``-style reference for tables."""
        return f"{self.document}, r. {self.regels}"


# ---------------------------------------------------------------- evaluatieagenda


class Criterium(Record):
    """A prioritisation criterion for knowledge questions."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    omschrijving: str
    bron: Bron


class Kennisvraag(Record):
    """One knowledge question of the evaluatieagenda."""

    id: str = Field(pattern=r"^EA-\d{3}$")
    vraag: str = Field(min_length=1)
    thema: str = Field(min_length=1)
    actielijn: Actielijn | None = None
    hervormingsthema: str | None = None
    prioriteringscriteria: dict[str, int | None] = Field(
        description="Score per criterion id; null = not scored (the sources give no scores)."
    )
    prioriteit: int | None = Field(default=None, ge=1, description="Rank (1 = first); null until prioritised.")
    status: AgendaStatus
    studies: list[str] = Field(default_factory=list)
    notebooks: list[str] = Field(default_factory=list, description="Notebook stems under notebooks/.")
    editie_toegevoegd: str
    editie_gesloten: str | None = None
    implementatie: str | None = Field(
        default=None, pattern=r"^IA-\d{3}$",
        description="Entry of params/implementatieagenda.yaml; required when the answer is 'werkt'.",
    )
    bron: Bron
    toelichting: str | None = None

    @field_validator("editie_toegevoegd", "editie_gesloten")
    @classmethod
    def _check_editions(cls, v: str | None) -> str | None:
        return check_edition(v)

    @field_validator("notebooks")
    @classmethod
    def _notebook_stems(cls, v: list[str]) -> list[str]:
        for stem in v:
            if not re.match(r"^[\w-]+$", stem):
                raise ValueError(f"{stem!r} is not a notebook stem like '02-evaluatieagenda'")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> Kennisvraag:
        if self.actielijn is None and self.hervormingsthema is None:
            raise ValueError("give an actielijn or a hervormingsthema")
        answered = self.status.startswith("beantwoord")
        if answered and self.editie_gesloten is None:
            raise ValueError(f"status {self.status!r} needs editie_gesloten")
        if self.status == "beantwoord: werkt" and self.implementatie is None:
            raise ValueError("status 'beantwoord: werkt' needs implementatie: the IA-nnn of its entry in "
                             "params/implementatieagenda.yaml (what works moves to the implementatieagenda)")
        if not answered and self.editie_gesloten is not None:
            raise ValueError(f"status {self.status!r} is open, so editie_gesloten must be empty")
        if self.editie_gesloten and edition_index(self.editie_gesloten) < edition_index(self.editie_toegevoegd):
            raise ValueError("editie_gesloten is before editie_toegevoegd")
        return self


class Evaluatieagenda(Record):
    """The whole of ``params/evaluatieagenda.yaml``."""

    prioriteringscriteria: list[Criterium]
    vragen: list[Kennisvraag]


# ---------------------------------------------------------------- mijlpalen


class Stap(Record):
    """A status a milestone reached, and in which edition (``editie_tot`` for a span)."""

    status: MijlpaalStatus
    editie: str
    editie_tot: str | None = None
    toelichting: str | None = None

    @field_validator("editie", "editie_tot")
    @classmethod
    def _check_editions(cls, v: str | None) -> str | None:
        return check_edition(v)

    @model_validator(mode="after")
    def _span(self) -> Stap:
        if self.editie_tot is not None and edition_index(self.editie_tot) <= edition_index(self.editie):
            raise ValueError("editie_tot must be after editie")
        return self

    @property
    def edities(self) -> list[str]:
        return edition_range(self.editie, self.editie_tot or self.editie)


class Mijlpaal(Record):
    """One row of the Mijlpalenoverzicht."""

    id: str = Field(pattern=r"^M-\d{3}$")
    mijlpaal: str = Field(min_length=1)
    actielijnen: list[Actielijn] = Field(min_length=1, description="'1'..'6' or 'R' (randvoorwaarden).")
    stappen: list[Stap] = Field(min_length=1, description="Oldest first; the last is the current status.")
    bron: Bron

    @model_validator(mode="after")
    def _steps(self) -> Mijlpaal:
        order = [edition_index(s.editie) for s in self.stappen]
        if order != sorted(order):
            raise ValueError("stappen are not in edition order")
        if self.bron.wanneer is not None:
            named = vgr_editions(self.bron.wanneer)
            have = {e for s in self.stappen for e in s.edities}
            if named != have:
                raise ValueError(
                    f"stappen cover {sorted(have)} but bron.wanneer {self.bron.wanneer!r} names {sorted(named)}"
                )
        return self

    @property
    def huidig(self) -> Stap:
        return self.stappen[-1]


class Item(Record):
    """A bullet of a Bijlage 1 table cell, with its source lines."""

    tekst: str = Field(min_length=1)
    regels: str

    @field_validator("regels")
    @classmethod
    def _check_regels(cls, v: str) -> str:
        return check_regels(v)


class TabelRij(Record):
    """One subdoel row: the milestones reached and the next steps."""

    subdoel: str = Field(pattern=r"^([A-F]|-)$", description="Letter of the subdoel on the goal page; '-' if none.")
    subdoel_tekst: str
    mijlpalen: list[Item] = Field(default_factory=list)
    vervolgstappen: list[Item] = Field(default_factory=list)


class ActielijnTabel(Record):
    """The table "Subdoel | Belangrijkste mijlpalen | Vervolgstappen" of one actielijn in one edition."""

    actielijn: Actielijn
    titel: str
    editie: str
    kolommen: list[str] = Field(min_length=3, max_length=3, description="Column headers as printed.")
    rijen: list[TabelRij] = Field(min_length=1)
    bron: Bron

    @field_validator("editie")
    @classmethod
    def _check_edition(cls, v: str) -> str:
        return check_edition(v)


class Mijlpalen(Record):
    """The whole of ``params/mijlpalen.yaml``."""

    overzicht: list[Mijlpaal]
    tabellen: list[ActielijnTabel]


# ---------------------------------------------------------------- loading


def _where(raw: dict[str, Any], loc: tuple) -> str:
    """'record 'EA-003' (vragen #3), field status' from a pydantic error location."""
    if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
        items = raw.get(loc[0])
        item = items[loc[1]] if isinstance(items, list) and loc[1] < len(items) else None
        rid = None
        if isinstance(item, dict):
            table = f"actielijn {item.get('actielijn')} {item.get('editie')}" if "rijen" in item else None
            rid = item.get("id") or item.get("nummer") or table
        field = ".".join(str(x) for x in loc[2:]) or "(record)"
        return f"record {rid!r} ({loc[0]} #{loc[1] + 1}), field {field}"
    return f"field {'.'.join(str(x) for x in loc)}"


def validate_model(model: type[BaseModel], raw: dict[str, Any], path: Path) -> Any:
    """``raw`` validated as ``model``; the first error as one line naming file, record and field."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        msg = first["msg"].removeprefix("Value error, ")
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise VoortgangError(f"{path}: {_where(raw, first['loc'])}: {msg}{more}") from None


def check_unique(ids: list[str], path: Path, what: str) -> None:
    """Refuse the first id that occurs twice in ``ids`` (records of the list ``what`` in ``path``)."""
    seen: set[str] = set()
    for rid in ids:
        if rid in seen:
            raise VoortgangError(f"{path}: record {rid!r} ({what}), field id: duplicate id")
        seen.add(rid)


def load_evaluatieagenda(path: Path | None = None) -> Evaluatieagenda:
    """Load and validate ``params/evaluatieagenda.yaml``.

    Raises
    ------
    VoortgangError
        Invalid YAML, an unknown or missing field, a status outside the fixed list,
        an inconsistent editie_gesloten, a duplicate id, or scores for criteria that
        are not defined (or missing ones); the message names file, record and field.
    """
    path = Path(path) if path is not None else EVALUATIEAGENDA
    agenda: Evaluatieagenda = validate_model(Evaluatieagenda, read_yaml_mapping(path), path)
    check_unique([c.id for c in agenda.prioriteringscriteria], path, "prioriteringscriteria")
    check_unique([v.id for v in agenda.vragen], path, "vragen")
    criteria = {c.id for c in agenda.prioriteringscriteria}
    for vraag in agenda.vragen:
        given = set(vraag.prioriteringscriteria)
        if given != criteria:
            unknown, missing = sorted(given - criteria), sorted(criteria - given)
            detail = "; ".join(
                part for part in (f"unknown {', '.join(unknown)}" if unknown else "",
                                  f"missing {', '.join(missing)} (write null when not scored)" if missing else "")
                if part
            )
            raise VoortgangError(f"{path}: record {vraag.id!r} (vragen), field prioriteringscriteria: {detail}")
    return agenda


def load_mijlpalen(path: Path | None = None) -> Mijlpalen:
    """Load and validate ``params/mijlpalen.yaml``.

    Raises
    ------
    VoortgangError
        Invalid YAML, an unknown or missing field, an unknown actielijn or status,
        steps out of edition order or disagreeing with the source's "Wanneer" cell,
        a duplicate id, or two tables for the same actielijn and edition.
    """
    path = Path(path) if path is not None else MIJLPALEN
    mijlpalen: Mijlpalen = validate_model(Mijlpalen, read_yaml_mapping(path), path)
    check_unique([m.id for m in mijlpalen.overzicht], path, "overzicht")
    check_unique([f"actielijn {t.actielijn} {t.editie}" for t in mijlpalen.tabellen], path, "tabellen")
    return mijlpalen
