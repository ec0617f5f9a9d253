"""Registries of the learning loop: aanbevelingen over editions, leercycli with their knelpunten.

- ``params/aanbevelingen.yaml``: advice with date, source, addressee, the edition in
  which it was given and its status per edition (``open`` / ``in uitvoering`` /
  ``afgerond`` / ``vervallen``) with a short account (seed 004, l.335-338: advice
  turned into action by a named party, "Het monitoren van het verloop").
- ``params/leercycli.yaml``: per leercyclus the knelpunten (inhoud / proces, korte /
  lange termijn), the acties and the lessen for the next cycle; a knelpunt that
  returns from the previous cycle names it (seed 004, l.496, 568-571, 595).

Validated like the evaluatieagenda (:mod:`analysis.inputs.agenda`): one line naming
file, record and field. What an edition shows of them is :mod:`analysis.measures.learning`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from analysis.config import AANBEVELINGEN, LEERCYCLI
from analysis.errors import VoortgangError
from analysis.inputs.agenda import Bron, Record, check_edition, check_unique, edition_index, validate_model
from analysis.inputs.yamlio import read_yaml_mapping

#: Files this module reads: part of the cache key of every chapter that imports it.
READS: tuple[Path, ...] = (AANBEVELINGEN, LEERCYCLI)

#: Status of an advice in an edition.
AdviesStatus = Literal["open", "in uitvoering", "afgerond", "vervallen"]
#: Statuses in which an advice still asks for something.
OPEN_STATUSES: tuple[str, ...] = ("open", "in uitvoering")

_DATUM = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


# ---------------------------------------------------------------- aanbevelingen


class StatusStap(Record):
    """The status an advice had from one edition on, with a short account."""

    editie: str
    status: AdviesStatus
    toelichting: str = Field(min_length=1)

    @field_validator("editie")
    @classmethod
    def _check_edition(cls, v: str) -> str:
        return check_edition(v)


class Aanbeveling(Record):
    """One advice and its course over the editions."""

    id: str = Field(pattern=r"^AB-\d{3}$")
    advies: str = Field(min_length=1)
    datum: str = Field(description="YYYY, YYYY-MM or YYYY-MM-DD: as precise as the source.")
    bron: Bron
    adressaat: str = Field(min_length=1)
    gegeven_in: str
    statussen: tuple[StatusStap, ...] = ()

    @field_validator("datum")
    @classmethod
    def _check_datum(cls, v: str) -> str:
        if not _DATUM.match(v):
            raise ValueError(f"{v!r} is not a date like '2021-12-23', '2022-06' or '2022'")
        return v

    @field_validator("gegeven_in")
    @classmethod
    def _check_edition(cls, v: str) -> str:
        return check_edition(v)

    @model_validator(mode="after")
    def _course(self) -> Aanbeveling:
        order = [edition_index(s.editie) for s in self.statussen]
        if order != sorted(set(order)):
            raise ValueError("statussen are not in edition order (one per edition)")
        if order and order[0] < edition_index(self.gegeven_in):
            raise ValueError(f"statussen start in {self.statussen[0].editie}, before gegeven_in {self.gegeven_in}")
        return self

    def status_in(self, editie: str) -> StatusStap | None:
        """The status as it stood in ``editie``; None before the advice was given.

        An advice is ``open`` from the edition in which it was given until its
        first recorded status.
        """
        if edition_index(editie) < edition_index(self.gegeven_in):
            return None
        current = StatusStap(editie=self.gegeven_in, status="open", toelichting="Nieuw advies.")
        for step in self.statussen:
            if edition_index(step.editie) <= edition_index(editie):
                current = step
        return current


class Aanbevelingen(Record):
    """The whole of ``params/aanbevelingen.yaml``."""

    aanbevelingen: tuple[Aanbeveling, ...] = ()


def load_aanbevelingen(path: Path | None = None) -> Aanbevelingen:
    """Load and validate ``params/aanbevelingen.yaml``.

    Raises
    ------
    VoortgangError
        An unknown key, a status outside the list, statussen out of edition order or
        before ``gegeven_in``, a malformed date or edition, or a duplicate id.
    """
    path = Path(path) if path is not None else AANBEVELINGEN
    model: Aanbevelingen = validate_model(Aanbevelingen, read_yaml_mapping(path), path)
    check_unique([a.id for a in model.aanbevelingen], path, "aanbevelingen")
    return model


# ---------------------------------------------------------------- leercycli


class Knelpunt(Record):
    """A knelpunt of a leercyclus; ``None`` for soort or termijn where the source does not say."""

    id: str = Field(pattern=r"^KP-\d{3}$")
    knelpunt: str = Field(min_length=1)
    soort: Literal["inhoud", "proces"] | None
    termijn: Literal["korte termijn", "lange termijn"] | None
    terug_van: str | None = Field(default=None, pattern=r"^KP-\d{3}$",
                                  description="The knelpunt of the previous cycle that returns here.")
    bron: Bron


class Actie(Record):
    """An action of a leercyclus, optionally against one of its knelpunten."""

    id: str = Field(pattern=r"^AC-\d{3}$")
    actie: str = Field(min_length=1)
    knelpunt: str | None = Field(default=None, pattern=r"^KP-\d{3}$")
    bron: Bron


class Les(Record):
    """A lesson for the next cycle."""

    id: str = Field(pattern=r"^LS-\d{3}$")
    les: str = Field(min_length=1)
    bron: Bron


class Leercyclus(Record):
    """One leercyclus and what it recorded."""

    id: str = Field(pattern=r"^LC-\d+$")
    naam: str = Field(min_length=1)
    periode: str = Field(min_length=1)
    editie: str
    bron: Bron
    themas: tuple[str, ...] = ()
    knelpunten: tuple[Knelpunt, ...] = ()
    acties: tuple[Actie, ...] = ()
    lessen: tuple[Les, ...] = ()

    @field_validator("editie")
    @classmethod
    def _check_edition(cls, v: str) -> str:
        return check_edition(v)


class Leercycli(Record):
    """The whole of ``params/leercycli.yaml``, oldest cycle first."""

    leercycli: tuple[Leercyclus, ...] = ()


def load_leercycli(path: Path | None = None) -> Leercycli:
    """Load and validate ``params/leercycli.yaml``.

    Raises
    ------
    VoortgangError
        An unknown key, a soort or termijn outside the lists, cycles out of edition
        order, a duplicate id, an actie for a knelpunt that is not in its cycle, or a
        ``terug_van`` that is not a knelpunt of the previous cycle.
    """
    path = Path(path) if path is not None else LEERCYCLI
    model: Leercycli = validate_model(Leercycli, read_yaml_mapping(path), path)
    cycles = model.leercycli
    check_unique([c.id for c in cycles], path, "leercycli")
    for kind, ids in (("knelpunten", [k.id for c in cycles for k in c.knelpunten]),
                      ("acties", [a.id for c in cycles for a in c.acties]),
                      ("lessen", [s.id for c in cycles for s in c.lessen])):
        check_unique(ids, path, f"leercycli.{kind}")
    order = [edition_index(c.editie) for c in cycles]
    if order != sorted(order):
        raise VoortgangError(f"{path}: field leercycli: cycles are not in edition order (oldest first)")
    for n, cycle in enumerate(cycles):
        own = {k.id for k in cycle.knelpunten}
        previous = {k.id for k in cycles[n - 1].knelpunten} if n else set()
        for actie in cycle.acties:
            if actie.knelpunt is not None and actie.knelpunt not in own:
                raise VoortgangError(f"{path}: record {actie.id!r} (leercycli {cycle.id}), field knelpunt: "
                                     f"{actie.knelpunt!r} is not a knelpunt of this cycle")
        for knelpunt in cycle.knelpunten:
            if knelpunt.terug_van is not None and knelpunt.terug_van not in previous:
                before = cycles[n - 1].id if n else "none"
                raise VoortgangError(f"{path}: record {knelpunt.id!r} (leercycli {cycle.id}), field terug_van: "
                                     f"{knelpunt.terug_van!r} is not a knelpunt of the previous cycle ({before})")
    return model
