"""Where published figures come from: the source records of ``data/published/sources.yaml``.

Every row of a published-figures table names its source by ``source`` (an id
here) and, where there is one, a ``location`` in it (``l.421``, ``p. 12``, a
table title). A source record is the provenance of a publication: what it is,
who published it, when, and where to find it again (a URL or a document).
The publication date decides between sources that give different values for
the same figure (:mod:`analysis.inputs.figures`).

StatLine snapshots carry their own provenance (table, snapshot date); their
records are made from the snapshot by :func:`statline_source`.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from analysis.config import PUBLISHED_SOURCES
from analysis.errors import VoortgangError
from analysis.inputs.files import display_path
from analysis.inputs.yamlio import load_model

#: Files this module reads: part of the cache key of every chapter that imports it
#: (:mod:`analysis.pipeline.dependencies`).
READS: tuple[Path, ...] = (PUBLISHED_SOURCES,)

#: A publication date as precise as the source says: ``2020``, ``2020-05`` or ``2020-05-29``.
PUBLICATION_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
SOURCE_ID = r"^[a-z0-9][a-z0-9._-]*$"


class Source(BaseModel):
    """One publication that figures are taken from.

    Attributes
    ----------
    id : str
        Lower-case id used in the ``source`` column of the figures tables.
    titel : str
        Title as published (Dutch).
    uitgever : str
        Publisher (CBS, the ministry, a research institute).
    gepubliceerd : str
        Publication date, as precise as known: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
    url : str, optional
        Where the publication can be read (http or https).
    document : str, optional
        A document instead of (or besides) a URL: its title and where it is kept.
    opmerking : str, optional
        Anything a reader of the provenance needs (how the date was found, say).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=SOURCE_ID)
    titel: str = Field(min_length=1)
    uitgever: str = Field(min_length=1)
    gepubliceerd: str
    url: str | None = None
    document: str | None = None
    opmerking: str | None = None

    @field_validator("gepubliceerd")
    @classmethod
    def _date_form(cls, v: str) -> str:
        if not PUBLICATION_DATE.match(v):
            raise ValueError(f"{v[:40]!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        return v

    @field_validator("url")
    @classmethod
    def _web_address(cls, v: str | None) -> str | None:
        if v is not None and not re.match(r"^https?://\S+$", v):
            raise ValueError("must be an http(s) address without spaces")
        return v

    @model_validator(mode="after")
    def _has_provenance(self) -> Source:
        if not (self.url or self.document):
            raise ValueError("a source needs a 'url' or a 'document' (where the figures can be checked)")
        return self

    def date_key(self) -> tuple[int, int, int]:
        """The publication date as ``(year, month, day)``, unknown parts 0 (for ordering)."""
        year, month, day = ([int(p) for p in self.gepubliceerd.split("-")] + [0, 0])[:3]
        return year, month, day


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: tuple[Source, ...]


def load_sources(path: Path | None = None) -> dict[str, Source]:
    """Read and validate the source records.

    Returns
    -------
    dict
        Source id -> :class:`Source`, in file order.

    Raises
    ------
    VoortgangError
        Invalid file or record (naming the file, the record and the field), or an id used twice.
    """
    path = PUBLISHED_SOURCES if path is None else Path(path)
    out: dict[str, Source] = {}
    for i, source in enumerate(load_model(path, _File).sources):
        if source.id in out:
            raise VoortgangError(f"{display_path(path)}: key 'sources.{i}.id': {source.id!r} is used twice")
        out[source.id] = source
    return out


def statline_source(table_id: str, snapshot: str, title: str | None, url: str) -> Source:
    """The source record of a StatLine snapshot (``statline-<table>-<date>``).

    Parameters
    ----------
    table_id : str
        E.g. ``84799NED``.
    snapshot : str
        Snapshot date ``YYYY-MM-DD`` (when the table was fetched).
    title : str, optional
        The table's title from its TableInfos.
    url : str
        The OData address the snapshot came from.
    """
    return Source(
        id=f"statline-{table_id.lower()}-{snapshot}",
        titel=title or f"CBS StatLine {table_id}",
        uitgever="CBS",
        gepubliceerd=snapshot,
        url=url,
        opmerking=f"StatLine-tabel {table_id}, opgehaald op {snapshot} (voortgang data fetch)",
    )
