"""Registries of the Hervormingsagenda's maatregelen and implementatieagenda: models and loaders.

- ``params/maatregelen.yaml``: the themes of the Hervormingsagenda that seed 003
  names, the ten maatregelen of the werkgroep Kwaliteit en effectiviteit in their
  four clusters, and per cluster its "Data & monitoring" indicators with how each
  is measured (``nog geen bron`` where no data exist yet).
- ``params/implementatieagenda.yaml``: hulp and ways of working with what is known
  about whether they work (``werkt`` / ``werkt niet`` / ``onbekend``), the criteria
  for "bewezen (niet-)effectief" (maatregel 7c) and the evaluatieagenda question an
  entry came from.

Both are validated like the evaluatieagenda (:mod:`analysis.inputs.agenda`): one
line naming file, record and field. The links between the files are checked
here too: an evaluatieagenda question answered ``werkt`` must name an entry of
the implementatieagenda that says ``werkt`` and names it back, and every
``hervormingsthema`` of the evaluatieagenda must be a theme of the maatregelen.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from analysis.config import EVALUATIEAGENDA, IMPLEMENTATIEAGENDA, MAATREGELEN
from analysis.errors import VoortgangError
from analysis.inputs.agenda import (
    Bron,
    Evaluatieagenda,
    Record,
    check_edition,
    check_unique,
    load_evaluatieagenda,
    validate_model,
)
from analysis.inputs.yamlio import read_yaml_mapping

#: Files this module reads: part of the cache key of every chapter that imports it.
READS: tuple[Path, ...] = (MAATREGELEN, IMPLEMENTATIEAGENDA, EVALUATIEAGENDA)

#: How a monitoring indicator is measured: not at all yet, or counted from one of our registries.
Meting = Literal["nog geen bron", "evaluatieagenda", "implementatieagenda"]
#: What is known about whether an intervention works (maatregel 7-8 of seed 003).
Bewijs = Literal["werkt", "werkt niet", "onbekend"]

_ID = r"^[a-z][a-z0-9-]*$"


# ---------------------------------------------------------------- maatregelen


class Thema(Record):
    """A theme (werkgroep) of the Hervormingsagenda, as seed 003 names it."""

    id: str = Field(pattern=_ID)
    titel: str = Field(min_length=1)
    bron: Bron


class Indicator(Record):
    """A "Data & monitoring" indicator of a cluster and how it is measured."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    omschrijving: str = Field(min_length=1)
    bron: Bron
    meting: Meting


class Monitoring(Record):
    """The "Data & monitoring" paragraph of a cluster: its words and its indicators."""

    tekst: str = Field(min_length=1)
    bron: Bron
    indicatoren: tuple[Indicator, ...] = Field(min_length=1)


class Cluster(Record):
    """A group of maatregelen as seed 003 presents them ("Maatregel 5, 6 Als we niet weten ...")."""

    id: int = Field(ge=1)
    titel: str = Field(min_length=1)
    bron: Bron
    dwarsverbanden: tuple[str, ...] = ()
    monitoring: Monitoring | None = Field(description="None: the source has no Data & monitoring paragraph.")


class Maatregel(Record):
    """One of the ten maatregelen."""

    nummer: int = Field(ge=1, le=10)
    cluster: int
    thema: str
    tekst: str = Field(min_length=1)
    bron: Bron


class Maatregelen(Record):
    """The whole of ``params/maatregelen.yaml``."""

    themas: tuple[Thema, ...] = Field(min_length=1)
    clusters: tuple[Cluster, ...] = Field(min_length=1)
    maatregelen: tuple[Maatregel, ...] = Field(min_length=1)

    def thema(self, thema_id: str) -> Thema:
        """The theme with id ``thema_id``."""
        return next(t for t in self.themas if t.id == thema_id)

    def of_cluster(self, cluster_id: int) -> list[Maatregel]:
        """The maatregelen of a cluster, in number order."""
        return sorted((m for m in self.maatregelen if m.cluster == cluster_id), key=lambda m: m.nummer)


def load_maatregelen(path: Path | None = None, agenda: Evaluatieagenda | None = None) -> Maatregelen:
    """Load and validate ``params/maatregelen.yaml``.

    Parameters
    ----------
    path : Path, optional
        The file (default ``params/maatregelen.yaml``).
    agenda : Evaluatieagenda, optional
        The evaluatieagenda whose ``hervormingsthema`` values must be themes here
        (default: the project's).

    Raises
    ------
    VoortgangError
        An unknown key, a wrong ``meting``, a duplicate id or number, a maatregel in an
        unknown cluster or theme, a cluster naming an unknown theme, or an evaluatieagenda
        question with an unknown ``hervormingsthema``.
    """
    path = Path(path) if path is not None else MAATREGELEN
    model: Maatregelen = validate_model(Maatregelen, read_yaml_mapping(path), path)
    check_unique([t.id for t in model.themas], path, "themas")
    check_unique([str(c.id) for c in model.clusters], path, "clusters")
    check_unique([str(m.nummer) for m in model.maatregelen], path, "maatregelen")
    check_unique([i.id for c in model.clusters if c.monitoring for i in c.monitoring.indicatoren], path,
                 "clusters.monitoring.indicatoren")
    themes, clusters = {t.id for t in model.themas}, {c.id for c in model.clusters}
    for c in model.clusters:
        for ref in c.dwarsverbanden:
            if ref not in themes:
                raise VoortgangError(f"{path}: record {c.id!r} (clusters), field dwarsverbanden: "
                                     f"{ref!r} is not a theme in themas")
    for m in model.maatregelen:
        if m.cluster not in clusters:
            raise VoortgangError(f"{path}: record {m.nummer!r} (maatregelen), field cluster: "
                                 f"{m.cluster!r} is not a cluster")
        if m.thema not in themes:
            raise VoortgangError(f"{path}: record {m.nummer!r} (maatregelen), field thema: "
                                 f"{m.thema!r} is not a theme in themas")
    agenda = agenda if agenda is not None else load_evaluatieagenda()
    titles = {t.titel for t in model.themas}
    for vraag in agenda.vragen:
        if vraag.hervormingsthema is not None and vraag.hervormingsthema not in titles:
            raise VoortgangError(f"{EVALUATIEAGENDA}: record {vraag.id!r} (vragen), field hervormingsthema: "
                                 f"{vraag.hervormingsthema!r} is not a theme of {path.name}")
    return model


# ---------------------------------------------------------------- implementatieagenda


class Criterium(Record):
    """A criterion for "bewezen (niet-)effectief" and whether it has been set."""

    id: str = Field(pattern=_ID)
    omschrijving: str = Field(min_length=1)
    vastgesteld: bool
    bron: Bron


class Interventie(Record):
    """An entry of the implementatieagenda."""

    id: str = Field(pattern=r"^IA-\d{3}$")
    naam: str = Field(min_length=1)
    soort: Literal["hulp", "werkwijze"]
    bewijs: Bewijs
    criterium: str | None = None
    vraag: str | None = Field(default=None, pattern=r"^EA-\d{3}$")
    editie_toegevoegd: str
    bron: Bron
    toelichting: str | None = None

    @field_validator("editie_toegevoegd")
    @classmethod
    def _check_edition(cls, v: str) -> str:
        return check_edition(v)


class Implementatieagenda(Record):
    """The whole of ``params/implementatieagenda.yaml``."""

    criteria: tuple[Criterium, ...] = ()
    interventies: tuple[Interventie, ...] = ()


def check_agenda_links(agenda: Evaluatieagenda, implementatie: Implementatieagenda, path: Path,
                       agenda_path: Path) -> None:
    """Refuse a question answered ``werkt`` without an entry, and entries pointing nowhere.

    Raises
    ------
    VoortgangError
        A question's ``implementatie`` that is not an entry, or whose entry does not say
        ``werkt`` while the question does, or does not name the question back; an entry's
        ``vraag`` that is not a question, or whose question does not name it.
    """
    entries = {i.id: i for i in implementatie.interventies}
    questions = {v.id: v for v in agenda.vragen}
    for vraag in agenda.vragen:
        if vraag.implementatie is None:
            continue
        where = f"{agenda_path}: record {vraag.id!r} (vragen), field implementatie"
        entry = entries.get(vraag.implementatie)
        if entry is None:
            raise VoortgangError(f"{where}: {vraag.implementatie!r} is not an entry of {path.name}")
        if entry.vraag != vraag.id:
            raise VoortgangError(f"{where}: entry {entry.id!r} does not name {vraag.id!r} in its field vraag")
        if vraag.status == "beantwoord: werkt" and entry.bewijs != "werkt":
            raise VoortgangError(f"{where}: the question is answered 'werkt' but entry {entry.id!r} "
                                 f"says {entry.bewijs!r}")
    for entry in implementatie.interventies:
        if entry.vraag is not None:
            vraag = questions.get(entry.vraag)
            if vraag is None or vraag.implementatie != entry.id:
                what = "is not a question" if vraag is None else "does not name this entry in its field implementatie"
                raise VoortgangError(f"{path}: record {entry.id!r} (interventies), field vraag: "
                                     f"{entry.vraag!r} {what} of {agenda_path.name}")


def load_implementatieagenda(path: Path | None = None, agenda_path: Path | None = None) -> Implementatieagenda:
    """Load and validate ``params/implementatieagenda.yaml`` with the evaluatieagenda it links to.

    Raises
    ------
    VoortgangError
        An unknown key, a ``bewijs`` outside the list, a duplicate id, an unknown
        ``criterium``, or a broken link with the evaluatieagenda (:func:`check_agenda_links`).
    """
    path = Path(path) if path is not None else IMPLEMENTATIEAGENDA
    agenda_path = Path(agenda_path) if agenda_path is not None else EVALUATIEAGENDA
    model: Implementatieagenda = validate_model(Implementatieagenda, read_yaml_mapping(path), path)
    check_unique([c.id for c in model.criteria], path, "criteria")
    check_unique([i.id for i in model.interventies], path, "interventies")
    criteria = {c.id for c in model.criteria}
    for entry in model.interventies:
        if entry.criterium is not None and entry.criterium not in criteria:
            raise VoortgangError(f"{path}: record {entry.id!r} (interventies), field criterium: "
                                 f"{entry.criterium!r} is not a criterion in criteria")
    check_agenda_links(load_evaluatieagenda(agenda_path), model, path, agenda_path)
    return model
