"""The learning loop in Dutch: maatregelen and their monitoring, the implementatieagenda,
aanbevelingen and leercycli as tables and short sentences.

The frames come from :mod:`analysis.measures.learning`. Every row keeps its source
(``Bron``: document and line numbers), so a reader can trace each record. Texts
from the registries enter markdown only through :func:`analysis.present.safety.plain_text`;
in tables they are escaped by the table renderer.
"""

from __future__ import annotations

import pandas as pd

from analysis.inputs.hervorming import Cluster, Maatregelen
from analysis.measures.learning import GROUPS, CycleView
from analysis.present.numbers import count_text, format_number
from analysis.present.safety import plain_text

#: What the report says for an indicator without data.
NOT_MEASURED = "nog niet gemeten"
#: Footnote under every table with records from the registries.
SOURCE_NOTE = "Bron: document en regelnummers van de tekst waaruit het record komt (seeds in ../shared/seeds/)."
#: Printed for a field the source leaves open.
NOT_GIVEN = "."

_BEWIJS = {"werkt": "werkt", "werkt niet": "werkt niet", "onbekend": "onbekend"}
_GROUP_TITLES = {
    "nieuw": "Nieuw sinds de vorige editie",
    "gewijzigd": "Status gewijzigd sinds de vorige editie",
    "open": "Blijft open",
}


def _cell(value: object) -> str:
    return NOT_GIVEN if value is None or value != value else str(value)


def maatregelen_table(maatregelen: Maatregelen, cluster: Cluster) -> pd.DataFrame:
    """The maatregelen of one cluster: Nr., Maatregel, Thema, Bron."""
    rows = maatregelen.of_cluster(cluster.id)
    return pd.DataFrame(
        {"Maatregel": [m.tekst for m in rows],
         "Thema": [maatregelen.thema(m.thema).titel for m in rows],
         "Bron": [m.bron.label() for m in rows]},
        index=pd.Index([str(m.nummer) for m in rows], name="Nr."),
    )


def monitoring_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The indicators of one cluster (rows of :func:`analysis.measures.learning.monitoring_frame`).

    Columns Indicator, Stand (the count, or "nog niet gemeten"), Verdeling, Bron.
    """
    stand = [NOT_MEASURED if pd.isna(v) else format_number(int(v)) for v in frame["waarde"]]
    return pd.DataFrame(
        {"Indicator": frame["omschrijving"].to_numpy(), "Stand": stand,
         "Verdeling": [_cell(v) if m != "nog geen bron" else "nog geen bron"
                       for v, m in zip(frame["verdeling"], frame["meting"], strict=True)],
         "Bron": frame["bron"].to_numpy()},
    ).set_index("Indicator")


def monitoring_sentence(frame: pd.DataFrame) -> str:
    """How many indicators of the clusters have a measurement, in one Dutch sentence."""
    measured = int(frame["waarde"].notna().sum())
    return (f"Van de {count_text(len(frame), 'indicator', 'indicatoren')} die de werkgroep noemt, "
            f"{'is' if measured == 1 else 'zijn'} er {format_number(measured)} te volgen met gegevens die er al zijn. "
            f"Voor de andere {format_number(len(frame) - measured)} is er nog geen bron: die zijn {NOT_MEASURED}.")


def implementatie_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The implementatieagenda (:func:`analysis.measures.learning.implementatie_frame`) as a Dutch table."""
    return pd.DataFrame(
        {"Hulp of werkwijze": frame["naam"].to_numpy(), "Soort": frame["soort"].to_numpy(),
         "Werkt het?": [_BEWIJS[b] for b in frame["bewijs"]],
         "Kennisvraag": [_cell(v) for v in frame["vraag"]],
         "Criterium": [_cell(v) for v in frame["criterium"]],
         "Bron": frame["bron"].to_numpy()},
        index=pd.Index(frame["id"].to_numpy(), name="Nr."),
    )


def aanbevelingen_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Advice of one group (:func:`analysis.measures.learning.aanbevelingen_frame`) as a Dutch table."""
    status = [now if before is None or before == now else f"{before} → {now}"
              for before, now in zip(frame["vorige_status"], frame["status"], strict=True)]
    return pd.DataFrame(
        {"Advies": frame["advies"].to_numpy(), "Aan": frame["adressaat"].to_numpy(),
         "Gegeven": [f"{d} ({e})" for d, e in zip(frame["datum"], frame["gegeven_in"], strict=True)],
         "Status": status, "Toelichting": frame["toelichting"].to_numpy(), "Bron": frame["bron"].to_numpy()},
        index=pd.Index(frame["id"].to_numpy(), name="Nr."),
    )


def group_title(group: str) -> str:
    """The heading of a group of advice (``nieuw``, ``gewijzigd``, ``open``)."""
    return _GROUP_TITLES[group]


def aanbevelingen_summary(frame: pd.DataFrame) -> str:
    """One Dutch sentence with the count of advice per group."""
    counts = {group: int((frame["groep"] == group).sum()) for group in GROUPS}
    still_open = f"{format_number(counts['open'])} die open {'blijft' if counts['open'] == 1 else 'blijven'}"
    parts = [count_text(counts["nieuw"], "nieuw advies", "nieuwe adviezen"),
             f"{format_number(counts['gewijzigd'])} met een andere status", still_open]
    tail = f" Eerder afgerond of vervallen: {format_number(counts['gesloten'])}." if counts["gesloten"] else ""
    return f"In deze editie: {parts[0]}, {parts[1]} en {parts[2]}.{tail}"


def knelpunten_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The knelpunten of a cycle (:func:`analysis.measures.learning.knelpunten_frame`) as a Dutch table."""
    return pd.DataFrame(
        {"Knelpunt": frame["knelpunt"].to_numpy(),
         "Inhoud of proces": [_cell(v) for v in frame["soort"]],
         "Termijn": [_cell(v) for v in frame["termijn"]],
         "Terug uit vorige cyclus": [_cell(v) for v in frame["terug_van"]],
         "Acties": [v or NOT_GIVEN for v in frame["acties"]],
         "Bron": frame["bron"].to_numpy()},
        index=pd.Index(frame["id"].to_numpy(), name="Nr."),
    )


def cycle_name(view: CycleView) -> str:
    """``Eerste leercyclus (januari-juni 2023)``, unescaped (for a table caption, which is escaped there)."""
    return f"{view.cycle.naam} ({view.cycle.periode})"


def cycle_heading(view: CycleView) -> str:
    """:func:`cycle_name` as plain text inside markdown."""
    return plain_text(cycle_name(view))


def cycle_summary(view: CycleView) -> str:
    """What a cycle recorded and what returns from the one before, in Dutch sentences."""
    cycle = view.cycle
    n = len(cycle.knelpunten)
    if n == 0:
        text = (f"Voor deze cyclus zijn (nog) geen knelpunten vastgelegd in de bronnen "
                f"({plain_text(cycle.bron.label())}).")
    else:
        text = f"In deze cyclus zijn {count_text(n, 'knelpunt', 'knelpunten')} vastgelegd."
    if view.previous is not None:
        text += (f" Terug uit de vorige cyclus ({plain_text(view.previous.naam)}): "
                 f"{count_text(view.returning, 'knelpunt', 'knelpunten')}.")
    if cycle.themas:
        text += f" Thema's: {plain_text('; '.join(cycle.themas))}."
    return text


def lessons_markdown(view: CycleView) -> str | None:
    """The lessen carried into a cycle from the previous one, as a list; None when there are none."""
    if not view.lessons_in:
        return None
    items = "\n".join(f"- {plain_text(les.les)} ({plain_text(les.bron.label())})" for les in view.lessons_in)
    return f"Lessen uit de vorige cyclus ({plain_text(view.previous.naam if view.previous else '')}):\n\n{items}"


def actions_markdown(view: CycleView) -> str | None:
    """The acties of a cycle that are not set against one knelpunt, as a list; None when there are none."""
    free = [a for a in view.cycle.acties if a.knelpunt is None]
    if not free:
        return None
    items = "\n".join(f"- {plain_text(a.actie)} ({plain_text(a.bron.label())})" for a in free)
    return f"Acties van deze cyclus:\n\n{items}"
