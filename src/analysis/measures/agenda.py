"""The evaluatieagenda and the mijlpalen as tidy frames, as they stood in an edition, and their changes.

Pure functions on the registries of :mod:`analysis.inputs.agenda`: the frames
of the chapters "Evaluatieagenda" and "Mijlpalen", and what changed between two
versions of a registry (each taken as it stood in its own edition, so that
rebuilding an old edition with a newer registry does not report the future as a
change)."""

from __future__ import annotations

import pandas as pd

from analysis.errors import VoortgangError
from analysis.inputs.agenda import (
    Evaluatieagenda,
    Kennisvraag,
    Mijlpaal,
    Mijlpalen,
    Stap,
    check_edition,
    edition_index,
)

# ---------------------------------------------------------------- frames for the chapters


def _status_at(mijlpaal: Mijlpaal, editie: str | None) -> Stap | None:
    if editie is None:
        return mijlpaal.huidig
    steps = [s for s in mijlpaal.stappen if edition_index(s.editie) <= edition_index(editie)]
    return steps[-1] if steps else None


def _closed_after(vraag: Kennisvraag, editie: str | None) -> bool:
    return (editie is not None and vraag.editie_gesloten is not None
            and edition_index(vraag.editie_gesloten) > edition_index(editie))


def agenda_frame(agenda: Evaluatieagenda, editie: str | None = None) -> pd.DataFrame:
    """The evaluatieagenda as a tidy frame, optionally as it stood in one edition.

    Parameters
    ----------
    agenda : Evaluatieagenda
    editie : str, optional
        Keep the questions on the agenda in this edition: added in or before it and
        not closed before it. ``nieuw`` / ``gesloten`` then flag what happened in it.
        The registry holds only the current status, so for a question answered in a
        later edition ``status`` is None (its status back then is in the registry
        version of that edition; compare versions with :func:`agenda_changes`).

    Returns
    -------
    pandas.DataFrame
        One row per question: id, vraag, thema, actielijn, hervormingsthema, status,
        prioriteit, studies and notebooks (joined with "; "), editie_toegevoegd,
        editie_gesloten, bron, nieuw, gesloten.
    """
    check_edition(editie)
    rows = []
    for v in agenda.vragen:
        if editie is not None:
            if edition_index(v.editie_toegevoegd) > edition_index(editie):
                continue
            if v.editie_gesloten and edition_index(v.editie_gesloten) < edition_index(editie):
                continue
        rows.append({
            "id": v.id, "vraag": v.vraag, "thema": v.thema, "actielijn": v.actielijn,
            "hervormingsthema": v.hervormingsthema,
            "status": None if _closed_after(v, editie) else v.status, "prioriteit": v.prioriteit,
            "studies": "; ".join(v.studies), "notebooks": "; ".join(v.notebooks),
            "editie_toegevoegd": v.editie_toegevoegd, "editie_gesloten": v.editie_gesloten,
            "bron": v.bron.label(),
            "nieuw": editie is not None and v.editie_toegevoegd == editie,
            "gesloten": editie is not None and v.editie_gesloten == editie,
        })
    columns = ["id", "vraag", "thema", "actielijn", "hervormingsthema", "status", "prioriteit", "studies",
               "notebooks", "editie_toegevoegd", "editie_gesloten", "bron", "nieuw", "gesloten"]
    return pd.DataFrame(rows, columns=columns)


def mijlpalen_frame(mijlpalen: Mijlpalen, editie: str | None = None) -> pd.DataFrame:
    """The Mijlpalenoverzicht as a tidy frame, optionally as it stood in one edition.

    Returns
    -------
    pandas.DataFrame
        One row per milestone with a step in or before ``editie``: id, mijlpaal,
        actielijnen ("1, 5"), status and editie of the latest such step,
        toelichting, in_editie (a step falls in ``editie``), bron.
    """
    check_edition(editie)
    rows = []
    for m in mijlpalen.overzicht:
        step = _status_at(m, editie)
        if step is None:
            continue
        rows.append({
            "id": m.id, "mijlpaal": m.mijlpaal, "actielijnen": ", ".join(m.actielijnen),
            "status": step.status, "editie": step.editie, "toelichting": step.toelichting,
            "in_editie": editie is not None and any(editie in s.edities for s in m.stappen),
            "bron": m.bron.label(),
        })
    columns = ["id", "mijlpaal", "actielijnen", "status", "editie", "toelichting", "in_editie", "bron"]
    return pd.DataFrame(rows, columns=columns)


def actielijn_tabel_frame(mijlpalen: Mijlpalen, actielijn: str, editie: str) -> pd.DataFrame:
    """The Bijlage 1 table of one actielijn in one edition, cells as newline-joined bullets.

    A cell without items is empty (blank in the source); a printed "Geen" is an item.

    Raises
    ------
    VoortgangError
        No table for that actielijn and edition.
    """
    for t in mijlpalen.tabellen:
        if t.actielijn == actielijn and t.editie == editie:
            return pd.DataFrame(
                [[f"{r.subdoel}. {r.subdoel_tekst}" if r.subdoel != "-" else r.subdoel_tekst,
                  "\n".join(i.tekst for i in r.mijlpalen),
                  "\n".join(i.tekst for i in r.vervolgstappen)] for r in t.rijen],
                columns=t.kolommen,
            )
    have = ", ".join(f"{t.actielijn} ({t.editie})" for t in mijlpalen.tabellen) or "none"
    raise VoortgangError(f"argument actielijn/editie: no table for actielijn {actielijn} in {editie}; have {have}")


# ---------------------------------------------------------------- changes between two versions


def agenda_changes(old: Evaluatieagenda, new: Evaluatieagenda) -> pd.DataFrame:
    """What changed in the evaluatieagenda between two versions of the registry.

    Returns
    -------
    pandas.DataFrame
        Columns id, wijziging (``toegevoegd`` / ``verwijderd`` / ``status gewijzigd``),
        vraag, status_oud, status_nieuw; sorted by id. Empty when nothing changed.
    """
    before = {v.id: v for v in old.vragen}
    after = {v.id: v for v in new.vragen}
    rows = []
    for rid in sorted(before.keys() | after.keys()):
        o, n = before.get(rid), after.get(rid)
        if o is None:
            rows.append((rid, "toegevoegd", n.vraag, None, n.status))
        elif n is None:
            rows.append((rid, "verwijderd", o.vraag, o.status, None))
        elif o.status != n.status:
            rows.append((rid, "status gewijzigd", n.vraag, o.status, n.status))
    return pd.DataFrame(rows, columns=["id", "wijziging", "vraag", "status_oud", "status_nieuw"])


def mijlpalen_changes(old: Mijlpalen, new: Mijlpalen) -> pd.DataFrame:
    """What changed in the Mijlpalenoverzicht between two versions of the registry.

    Returns
    -------
    pandas.DataFrame
        Columns id, wijziging (``toegevoegd`` / ``verwijderd`` / ``status gewijzigd``),
        mijlpaal, status_oud, editie_oud, status_nieuw, editie_nieuw (of the current
        step); sorted by id. A new step, or a changed status or edition of the
        current step, counts as a status change.
    """
    before = {m.id: m for m in old.overzicht}
    after = {m.id: m for m in new.overzicht}
    rows = []
    for rid in sorted(before.keys() | after.keys()):
        o, n = before.get(rid), after.get(rid)
        if o is None:
            rows.append((rid, "toegevoegd", n.mijlpaal, None, None, n.huidig.status, n.huidig.editie))
        elif n is None:
            rows.append((rid, "verwijderd", o.mijlpaal, o.huidig.status, o.huidig.editie, None, None))
        elif (o.huidig.status, o.huidig.editie) != (n.huidig.status, n.huidig.editie):
            rows.append((rid, "status gewijzigd", n.mijlpaal, o.huidig.status, o.huidig.editie,
                         n.huidig.status, n.huidig.editie))
    columns = ["id", "wijziging", "mijlpaal", "status_oud", "editie_oud", "status_nieuw", "editie_nieuw"]
    return pd.DataFrame(rows, columns=columns)


def agenda_as_of(agenda: Evaluatieagenda, editie: str | None) -> Evaluatieagenda:
    """The evaluatieagenda without the questions added after ``editie`` (None: all)."""
    if editie is None:
        return agenda
    keep = [v for v in agenda.vragen if edition_index(v.editie_toegevoegd) <= edition_index(editie)]
    return agenda.model_copy(update={"vragen": keep})


def mijlpalen_as_of(mijlpalen: Mijlpalen, editie: str | None) -> Mijlpalen:
    """The Mijlpalenoverzicht without the steps made after ``editie`` (None: all).

    A milestone whose first step is after ``editie`` is left out.
    """
    if editie is None:
        return mijlpalen
    limit = edition_index(editie)
    kept = []
    for m in mijlpalen.overzicht:
        steps = [s for s in m.stappen if edition_index(s.editie) <= limit]
        if steps:
            kept.append(m.model_copy(update={"stappen": steps}))
    return mijlpalen.model_copy(update={"overzicht": kept})
