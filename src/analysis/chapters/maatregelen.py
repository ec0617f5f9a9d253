"""Chapter "Maatregelen": the ten maatregelen of the werkgroep Kwaliteit en effectiviteit in their
clusters, each cluster with its "Data & monitoring" indicators and what is known of them.

Notebook ``notebooks/82-maatregelen.ipynb``. Reads ``params/maatregelen.yaml``, the
evaluatieagenda and the implementatieagenda (the indicators counted from them), the
programme (the chapter's title) and the researchers' text ``params/tekst/<edition>/maatregelen.md``.
"""

from __future__ import annotations

from analysis.chapters.opening import open_chapter
from analysis.inputs.agenda import load_evaluatieagenda
from analysis.inputs.hervorming import load_implementatieagenda, load_maatregelen
from analysis.measures.learning import monitoring_frame
from analysis.present.display import ChapterOutput
from analysis.present.learning import (
    NOT_MEASURED,
    SOURCE_NOTE,
    maatregelen_table,
    monitoring_sentence,
    monitoring_table,
)
from analysis.present.safety import plain_text

#: Stem of the researchers' text and the chapter's key in the programme's ``hoofdstukken``.
TEXT_ID = "maatregelen"


def build(edition: str) -> ChapterOutput:
    """The maatregelen and their monitoring as they stand in ``edition``."""
    maatregelen = load_maatregelen()
    monitoring = monitoring_frame(maatregelen, load_evaluatieagenda(), load_implementatieagenda(), edition)
    out, programme = open_chapter(edition, TEXT_ID)
    out.markdown(
        f"De werkgroep Kwaliteit en effectiviteit van de {plain_text(programme.programma)} stelde "
        f"{len(maatregelen.maatregelen)} maatregelen op, in {len(maatregelen.clusters)} groepen. Per groep staat "
        "hieronder wat de werkgroep wil volgen (*Data & monitoring*) en wat daarvan nu bekend is. "
        + monitoring_sentence(monitoring)
    )
    for cluster in maatregelen.clusters:
        numbers = [str(m.nummer) for m in maatregelen.of_cluster(cluster.id)]
        out.markdown(f"## Maatregel {'-'.join([numbers[0], numbers[-1]])}: {plain_text(cluster.titel)}")
        out.table(maatregelen_table(maatregelen, cluster),
                  caption=f"Maatregelen {', '.join(numbers)} ({cluster.bron.label()})",
                  footnotes=[SOURCE_NOTE])
        if cluster.dwarsverbanden:
            themes = ", ".join(maatregelen.thema(t).titel for t in cluster.dwarsverbanden)
            out.markdown(f"Dwarsverbanden met: {plain_text(themes)}.")
        if cluster.monitoring is None:
            out.markdown("De bron noemt voor deze maatregelen geen indicatoren (*Data & monitoring*): "
                         f"{NOT_MEASURED}.")
            continue
        out.markdown(f"*Data & monitoring* volgens de werkgroep: “{plain_text(cluster.monitoring.tekst)}” "
                     f"({plain_text(cluster.monitoring.bron.label())})")
        out.table(monitoring_table(monitoring[monitoring["cluster"] == cluster.id]),
                  caption=f"Monitoring van maatregel {', '.join(numbers)} in {edition}",
                  footnotes=[f"Stand: aantal in de registers van dit rapport in {edition}; "
                             f"“{NOT_MEASURED}”: er is nog geen bron.", SOURCE_NOTE])
    return out
