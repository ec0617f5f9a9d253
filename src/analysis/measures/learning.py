"""The learning loop as an edition shows it: monitoring per maatregel, implementatieagenda,
aanbevelingen and leercycli, as frames and small views.

Pure functions on the registries of :mod:`analysis.inputs.hervorming` and
:mod:`analysis.inputs.leercyclus`. Every comparison is between the registry as it
stood in an edition and as it stood in the previous one (an edition argument),
so rebuilding an old edition with a newer registry never reports the future.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.inputs.agenda import Evaluatieagenda, check_edition, edition_index
from analysis.inputs.hervorming import Implementatieagenda, Maatregelen
from analysis.inputs.leercyclus import OPEN_STATUSES, Aanbevelingen, Leercycli, Leercyclus, Les
from analysis.measures.agenda import agenda_as_of

#: How an advice is grouped in an edition: given since the previous edition, its status changed,
#: still open (or in uitvoering) without change, or closed before (afgerond/vervallen, unchanged).
GROUPS: tuple[str, ...] = ("nieuw", "gewijzigd", "open", "gesloten")


def _before(editie: str, previous: str | None) -> bool:
    return previous is not None and edition_index(editie) <= edition_index(previous)


# ---------------------------------------------------------------- monitoring and implementatieagenda


def implementatie_as_of(agenda: Implementatieagenda, editie: str) -> Implementatieagenda:
    """The implementatieagenda without the entries added after ``editie``."""
    check_edition(editie)
    keep = tuple(i for i in agenda.interventies if edition_index(i.editie_toegevoegd) <= edition_index(editie))
    return agenda.model_copy(update={"interventies": keep})


def implementatie_frame(agenda: Implementatieagenda, editie: str, previous: str | None = None) -> pd.DataFrame:
    """The implementatieagenda as it stood in ``editie``, with ``nieuw`` since ``previous``.

    Returns
    -------
    pandas.DataFrame
        One row per entry: id, naam, soort, bewijs, vraag, criterium, editie_toegevoegd,
        bron (``document, r. n``), nieuw (added after ``previous``; all when it is None).
    """
    rows = [
        {"id": i.id, "naam": i.naam, "soort": i.soort, "bewijs": i.bewijs, "vraag": i.vraag,
         "criterium": i.criterium, "editie_toegevoegd": i.editie_toegevoegd, "bron": i.bron.label(),
         "nieuw": not _before(i.editie_toegevoegd, previous)}
        for i in implementatie_as_of(agenda, editie).interventies
    ]
    columns = ["id", "naam", "soort", "bewijs", "vraag", "criterium", "editie_toegevoegd", "bron", "nieuw"]
    return pd.DataFrame(rows, columns=columns)


def _count_text(counts: pd.Series) -> str:
    return ", ".join(f"{name}: {n}" for name, n in counts.items())


def monitoring_frame(maatregelen: Maatregelen, agenda: Evaluatieagenda, implementatie: Implementatieagenda,
                     editie: str) -> pd.DataFrame:
    """The "Data & monitoring" indicators of every cluster with what is known in ``editie``.

    An indicator measured from one of our registries gets its count as it stood in
    the edition (``waarde``) and the count per status (``verdeling``); an indicator
    without a source gets neither.

    Returns
    -------
    pandas.DataFrame
        One row per indicator: cluster, indicator, omschrijving, meting, waarde
        (int or None), verdeling (str or None), bron.
    """
    questions = agenda_as_of(agenda, editie).vragen
    entries = implementatie_as_of(implementatie, editie).interventies
    counted = {
        "evaluatieagenda": pd.Series([v.status for v in questions], dtype="object").value_counts(sort=False),
        "implementatieagenda": pd.Series([i.bewijs for i in entries], dtype="object").value_counts(sort=False),
    }
    rows = []
    for cluster in maatregelen.clusters:
        for ind in cluster.monitoring.indicatoren if cluster.monitoring else ():
            counts = counted.get(ind.meting)
            rows.append({
                "cluster": cluster.id, "indicator": ind.id, "omschrijving": ind.omschrijving, "meting": ind.meting,
                "waarde": None if counts is None else int(counts.sum()),
                "verdeling": None if counts is None else _count_text(counts),
                "bron": ind.bron.label(),
            })
    frame = pd.DataFrame(rows, columns=["cluster", "indicator", "omschrijving", "meting", "waarde", "verdeling",
                                       "bron"])
    return frame.astype({"waarde": "Int64"})


# ---------------------------------------------------------------- aanbevelingen


def aanbevelingen_frame(aanbevelingen: Aanbevelingen, editie: str, previous: str | None) -> pd.DataFrame:
    """Every advice given up to ``editie``, its status there and in ``previous``, and its group.

    Parameters
    ----------
    aanbevelingen : Aanbevelingen
        The registry.
    editie : str
        The edition shown.
    previous : str or None
        The edition compared with; None: every advice given up to ``editie`` is new.

    Returns
    -------
    pandas.DataFrame
        One row per advice: id, advies, adressaat, datum, bron, gegeven_in, status,
        toelichting, vorige_status (None when it was not given yet), groep (one of
        :data:`GROUPS`).
    """
    check_edition(editie)
    rows = []
    for a in aanbevelingen.aanbevelingen:
        now = a.status_in(editie)
        if now is None:
            continue
        before = a.status_in(previous) if previous is not None else None
        if before is None:
            group = "nieuw"
        elif before.status != now.status:
            group = "gewijzigd"
        else:
            group = "open" if now.status in OPEN_STATUSES else "gesloten"
        rows.append({"id": a.id, "advies": a.advies, "adressaat": a.adressaat, "datum": a.datum,
                     "bron": a.bron.label(), "gegeven_in": a.gegeven_in, "status": now.status,
                     "toelichting": now.toelichting, "vorige_status": None if before is None else before.status,
                     "groep": group})
    columns = ["id", "advies", "adressaat", "datum", "bron", "gegeven_in", "status", "toelichting",
               "vorige_status", "groep"]
    return pd.DataFrame(rows, columns=columns)


# ---------------------------------------------------------------- leercycli


@dataclass(frozen=True)
class CycleView:
    """A leercyclus as an edition shows it.

    Attributes
    ----------
    cycle : Leercyclus
        The cycle.
    previous : Leercyclus or None
        The cycle before it.
    returning : int
        Knelpunten that return from the previous cycle (``terug_van``).
    lessons_in : tuple of Les
        The lessen of the previous cycle, carried into this one.
    """

    cycle: Leercyclus
    previous: Leercyclus | None
    returning: int
    lessons_in: tuple[Les, ...]


def cycles_as_of(leercycli: Leercycli, editie: str) -> list[CycleView]:
    """The leercycli reported up to ``editie``, newest first, each with what it carries forward."""
    check_edition(editie)
    cycles = [c for c in leercycli.leercycli if edition_index(c.editie) <= edition_index(editie)]
    views = []
    for n, cycle in enumerate(cycles):
        previous = cycles[n - 1] if n else None
        views.append(CycleView(
            cycle=cycle, previous=previous,
            returning=sum(k.terug_van is not None for k in cycle.knelpunten),
            lessons_in=previous.lessen if previous else (),
        ))
    return views[::-1]


def knelpunten_frame(cycle: Leercyclus) -> pd.DataFrame:
    """The knelpunten of one cycle with their acties.

    Returns
    -------
    pandas.DataFrame
        One row per knelpunt: id, knelpunt, soort, termijn, terug_van, acties (the
        acties against it, joined with "; "), bron.
    """
    rows = [
        {"id": k.id, "knelpunt": k.knelpunt, "soort": k.soort, "termijn": k.termijn, "terug_van": k.terug_van,
         "acties": "; ".join(a.actie for a in cycle.acties if a.knelpunt == k.id), "bron": k.bron.label()}
        for k in cycle.knelpunten
    ]
    return pd.DataFrame(rows, columns=["id", "knelpunt", "soort", "termijn", "terug_van", "acties", "bron"])
