"""Content of a programme and of an edition: themes, the Kernindicatoren selection, caveats.

The indicator registry holds definitions only. What a report series *shows* is
content: the programme's framing (Zorg voor de Jeugd 2018-2021 with its
actielijnen, or the Hervormingsagenda Jeugd 2023-2028 with its themes), which
indicators form the Kernindicatoren table, the headline lines and the factsheets.
They live in one folder per programme, ``params/inhoud/<naam>/``, that an edition
chooses with ``inhoud: <naam>``:

- ``programma.yaml``: name, years, chapter titles, the word for a theme
  (``actielijn``) and the themes with their indicators (:class:`Programme`);
- ``kernindicatoren.yaml``: the rows of the Kernindicatoren table (:class:`KernSelection`);
- ``in_cijfers.yaml``: headline lines (:mod:`analysis.inputs.headlines`);
- ``factsheets.yaml``: factsheets (:mod:`analysis.inputs.factsheets`).

Caveats that comment on one report's findings belong to that edition:
``params/tekst/<edition>/kanttekeningen.yaml`` (:func:`load_caveats`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from analysis.config import (
    CAVEATS_FILE,
    CONTENT_DIR,
    KERN_SELECTION_FILE,
    PROGRAMME_FILE,
    TEKST_DIR,
)
from analysis.errors import VoortgangError
from analysis.inputs.editions import Edition
from analysis.inputs.files import display_path
from analysis.inputs.registry import Registry
from analysis.inputs.yamlio import load_model


class Thema(BaseModel):
    """A theme of a programme (an actielijn of Zorg voor de Jeugd).

    Attributes
    ----------
    id : int
        Number of the theme (0 for programme-wide figures).
    titel : str
        Title as the programme prints it.
    beweging : str, optional
        The factsheet's *Beweging* sentence.
    subdoelen : tuple of str
        The lettered goals (``"A. ..."``).
    indicatoren : tuple of str
        Registry ids of the indicators that belong to the theme.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: int = Field(ge=0)
    titel: str = Field(min_length=1)
    beweging: str | None = None
    subdoelen: tuple[str, ...] = ()
    indicatoren: tuple[str, ...] = ()


class Programme(BaseModel):
    """The framing of a programme (``programma.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    programma: str = Field(min_length=1, description="Name, e.g. 'Zorg voor de Jeugd'.")
    periode: str = Field(pattern=r"^\d{4}-\d{4}$", description="Years of the programme, e.g. '2018-2021'.")
    cijfers_titel: str = Field(min_length=1, description="Title of the chapter with the Kernindicatoren.")
    kernindicatoren_titel: str = Field(min_length=1, description="Caption of the Kernindicatoren table.")
    thema_woord: str = Field(pattern=r"^[a-z][a-z -]*$", description="What a theme is called: 'actielijn'.")
    themas: tuple[Thema, ...] = Field(min_length=1)
    hoofdstukken: dict[str, str] = Field(
        default_factory=dict, description="Titles of chapters whose name is the programme's, by chapter key."
    )

    def hoofdstuk(self, key: str) -> str:
        """The title of chapter ``key`` (``maatregelen``, ``aanbevelingen``, ...) in this programme.

        Raises
        ------
        VoortgangError
            The programme's ``programma.yaml`` gives no title for ``key``.
        """
        title = self.hoofdstukken.get(key)
        if not title:
            raise VoortgangError(f"{self.programma}: programma.yaml has no title for chapter {key!r} "
                                 f"(key 'hoofdstukken.{key}')")
        return title

    def thema(self, n: int) -> Thema:
        """The theme with id ``n``.

        Raises
        ------
        VoortgangError
            No such theme (the message names the known ones).
        """
        for t in self.themas:
            if t.id == n:
                return t
        known = ", ".join(str(t.id) for t in self.themas)
        raise VoortgangError(f"{self.thema_woord} {n!r} is not a theme of {self.programma} (known: {known})")

    def thema_of(self, indicator_id: str) -> Thema | None:
        """The theme an indicator belongs to, or ``None``."""
        return next((t for t in self.themas if indicator_id in t.indicatoren), None)


class KernRowSpec(BaseModel):
    """One row of the Kernindicatoren table: an indicator, the breakdown shown, the printed label."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    indicator: str
    breakdown: str = Field(min_length=1)
    label: str = Field(min_length=1)
    eenvoudig: str | None = Field(
        default=None, min_length=1,
        description="The row's subject in plain Dutch for 'In het kort' ('Het aantal jongeren met jeugdzorg'); "
                    "a row without it is not summarised.",
    )


class KernSelection(BaseModel):
    """The rows of the Kernindicatoren table, in printed order (``kernindicatoren.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rijen: tuple[KernRowSpec, ...] = Field(min_length=1)


class CaveatItem(BaseModel):
    """A kanttekening that belongs under one breakdown of an indicator only."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tekst: str = Field(min_length=1)
    uitsplitsing: str = Field(min_length=1, description="The breakdown whose finding it comments on.")


class _Caveats(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kanttekeningen: dict[str, tuple[str | CaveatItem, ...]]


@dataclass(frozen=True)
class Caveats:
    """An edition's kanttekeningen: per indicator, for all its findings or for one breakdown.

    :meth:`for_series` gives those of one finding; a chapter shows each sentence
    once (under its first finding), so a caveat is never repeated.
    """

    items: dict[str, tuple[str | CaveatItem, ...]]

    def for_series(self, indicator: str, breakdown: str) -> tuple[str, ...]:
        """The caveats of the finding on ``indicator``'s ``breakdown``."""
        return tuple(item if isinstance(item, str) else item.tekst
                     for item in self.items.get(indicator, ())
                     if isinstance(item, str) or item.uitsplitsing == breakdown)


def content_dir(edition: Edition) -> Path:
    """The content folder an edition chooses: ``params/inhoud/<inhoud>/``."""
    return CONTENT_DIR / edition.inhoud


def caveats_path(edition: Edition) -> Path:
    """``params/tekst/<edition>/kanttekeningen.yaml`` (it need not exist)."""
    return TEKST_DIR / edition.edition / CAVEATS_FILE


def edition_reads(edition: Edition) -> list[Path]:
    """Files this module reads for ``edition`` (for the cache key of the chapters that use it)."""
    folder = content_dir(edition)
    return [folder / PROGRAMME_FILE, folder / KERN_SELECTION_FILE, caveats_path(edition)]


def _check_indicator(registry: Registry, indicator_id: str, where: str) -> None:
    try:
        registry.get(indicator_id)
    except VoortgangError as exc:
        raise VoortgangError(f"{where}: {exc}") from None


def load_programme(edition: Edition, registry: Registry) -> Programme:
    """Read and validate the programme of an edition.

    Raises
    ------
    VoortgangError
        An invalid file, a duplicate theme id, an indicator that is not in the
        registry or that belongs to two themes (naming the file, theme and field).
    """
    path = content_dir(edition) / PROGRAMME_FILE
    where = display_path(path)
    programme = load_model(path, Programme)
    seen: dict[str, int] = {}
    ids: set[int] = set()
    for t in programme.themas:
        if t.id in ids:
            raise VoortgangError(f"{where}: thema {t.id}: field 'id': used twice")
        ids.add(t.id)
        for indicator_id in t.indicatoren:
            _check_indicator(registry, indicator_id, f"{where}: thema {t.id}: field 'indicatoren'")
            if indicator_id in seen:
                raise VoortgangError(f"{where}: thema {t.id}: field 'indicatoren': {indicator_id!r} is also in "
                                     f"thema {seen[indicator_id]}")
            seen[indicator_id] = t.id
    return programme


def load_kern_selection(edition: Edition, registry: Registry) -> tuple[KernRowSpec, ...]:
    """Read and validate the Kernindicatoren rows of an edition (every indicator in the registry)."""
    path = content_dir(edition) / KERN_SELECTION_FILE
    where = display_path(path)
    rows = load_model(path, KernSelection).rijen
    for i, row in enumerate(rows):
        _check_indicator(registry, row.indicator, f"{where}: key 'rijen.{i}.indicator'")
    return rows


def load_caveats(edition: Edition, registry: Registry) -> Caveats:
    """The edition's caveats (none when the edition has no ``kanttekeningen.yaml``).

    Raises
    ------
    VoortgangError
        An invalid file or an indicator that is not in the registry.
    """
    path = caveats_path(edition)
    if not path.is_file():
        return Caveats({})
    where = display_path(path)
    caveats = load_model(path, _Caveats).kanttekeningen
    for indicator_id in caveats:
        _check_indicator(registry, indicator_id, f"{where}: key 'kanttekeningen.{indicator_id}'")
    return Caveats(caveats)
