"""``CITATION.cff``: the project's title, publisher, contact and licence, for the colofon of every report.

The Citation File Format (1.2.0) is the one place for these facts; the colofon
(:mod:`analysis.present.colofon`) prints them with the edition, its version and
the commit that built it. Only the keys the project writes are accepted.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from analysis.config import CITATION_FILE
from analysis.inputs.files import PLAIN_TEXT
from analysis.inputs.yamlio import load_model

#: Files this module reads: part of the cache key of every chapter that imports it.
READS: tuple[Path, ...] = (CITATION_FILE,)


class Party(BaseModel):
    """An author or contact: an entity (``name``) with an optional e-mail address."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, pattern=PLAIN_TEXT)
    email: str | None = Field(default=None, pattern=r"^[^@\s<>]+@[^@\s<>]+$")


class Citation(BaseModel):
    """The keys of ``CITATION.cff`` the project uses."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    cff_version: str = Field(alias="cff-version", pattern=r"^1\.2\.0$")
    message: str = Field(min_length=1)
    type: str = Field(pattern=r"^(software|dataset)$")
    title: str = Field(min_length=1, pattern=PLAIN_TEXT)
    abstract: str | None = None
    authors: tuple[Party, ...] = Field(min_length=1)
    contact: tuple[Party, ...] = Field(min_length=1)
    license: str = Field(pattern=r"^[A-Za-z0-9.+-]+$", description="SPDX identifier, e.g. EUPL-1.2.")
    version: str = Field(min_length=1)
    keywords: tuple[str, ...] = ()

    @property
    def publisher(self) -> str:
        """The publisher of the reports: the authors, joined."""
        return ", ".join(a.name for a in self.authors)

    @property
    def contact_text(self) -> str:
        """Contact as printed: name, and e-mail address when given."""
        return "; ".join(f"{c.name} ({c.email})" if c.email else c.name for c in self.contact)


def load_citation(path: Path | None = None) -> Citation:
    """Load and validate ``CITATION.cff``.

    Raises
    ------
    VoortgangError
        Missing file, invalid YAML, an unknown key, markup in a name, or a licence
        that is not an SPDX identifier (one line naming the file and key).
    """
    return load_model(Path(path) if path is not None else CITATION_FILE, Citation)
