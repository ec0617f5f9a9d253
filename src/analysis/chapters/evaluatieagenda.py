"""Chapter "Evaluatieagenda": the knowledge questions, their criteria and what changed.

Notebook ``notebooks/80-evaluatieagenda.ipynb``. Reads ``params/evaluatieagenda.yaml``
and, when ``previous`` names a released edition or version, that version's
stored registry (``releases/<edition>/vN/data/``).
"""

from __future__ import annotations

from analysis.inputs.agenda import load_evaluatieagenda
from analysis.inputs.hervorming import load_implementatieagenda
from analysis.inputs.releases import load_version, resolve
from analysis.measures.agenda import agenda_as_of, agenda_changes, agenda_frame
from analysis.measures.learning import implementatie_frame
from analysis.present.agenda import questions_table
from analysis.present.display import ChapterOutput
from analysis.present.learning import SOURCE_NOTE, implementatie_table
from analysis.present.revisions import agenda_changes_table


def build(edition: str, previous: str = "") -> ChapterOutput:
    """The chapter of ``edition``; ``previous`` is ``""`` or an edition/version (``2019-H2``, ``2019-H2/v3``)."""
    agenda = load_evaluatieagenda()
    questions = agenda_frame(agenda, edition)
    before = load_version(resolve(previous, argument="previous")) if previous else None
    out = ChapterOutput()
    out.markdown("# Evaluatieagenda")
    out.markdown(
        "De evaluatieagenda bevat de kennisvragen over de effectiviteit van jeugdhulp waar onderzoek voor "
        "nodig is. Per vraag staan het thema, de actielijn (of het thema van de Hervormingsagenda), de "
        "status en de prioriteit."
    )
    out.table(
        questions_table(questions),
        caption=f"Kennisvragen op de evaluatieagenda in {edition}",
        footnotes=["Een punt (.) bij prioriteit: nog niet geprioriteerd; de bronnen geven (nog) geen rangorde."],
    )
    out.markdown("## Prioriteringscriteria")
    out.markdown("\n".join(f"- {c.omschrijving}" for c in agenda.prioriteringscriteria))
    out.markdown("## Wat is er veranderd sinds de vorige editie?")
    if before is None:
        new_ids = ", ".join(questions.loc[questions["nieuw"], "id"]) or "geen"
        out.markdown(
            "Er is geen vorige editie om mee te vergelijken: dit is de eerste editie in deze reeks. "
            f"In deze editie zijn aan de agenda toegevoegd: {new_ids}."
        )
    else:
        changes = agenda_changes(agenda_as_of(before.agenda, before.edition), agenda_as_of(agenda, edition))
        if changes.empty:
            out.markdown(f"Sinds {before.label} is de evaluatieagenda niet gewijzigd.")
        else:
            out.table(agenda_changes_table(changes), caption=f"Wijzigingen in de evaluatieagenda sinds {before.label}")
    _implementatieagenda(out, edition, before.edition if before is not None else None)
    return out


def _implementatieagenda(out: ChapterOutput, edition: str, previous: str | None) -> None:
    """The section on the implementatieagenda: what works, what does not, and what is new since ``previous``."""
    frame = implementatie_frame(load_implementatieagenda(), edition, previous)
    out.markdown("## Implementatieagenda")
    out.markdown(
        "Als onderzoek laat zien dat iets werkt, gaat het naar de implementatieagenda: dan passen we het toe. "
        "Werkt iets niet, dan doen we het niet meer (maatregel 7 en 8). De criteria wanneer iets bewezen "
        "(niet-)effectief is, zijn nog niet vastgesteld; een punt (.) bij criterium zegt dat."
    )
    if frame.empty:
        out.markdown(f"In {edition} staat er nog niets op de implementatieagenda.")
        return
    new = frame[frame["nieuw"]]
    since = f"sinds {previous}" if previous else "in deze editie (er is geen vorige om mee te vergelijken)"
    out.markdown(f"Nieuw op de implementatieagenda {since}: {', '.join(new['id']) or 'geen'}.")
    out.table(implementatie_table(frame), caption=f"Implementatieagenda in {edition}", footnotes=[SOURCE_NOTE])
