"""The Dutch words and tables of a gemeente report (``notebooks/45-gemeente.ipynb``).

Percentages are written as CBS publishes them, with one decimal (``15,4%``),
with the CBS status marker (``*`` voorlopig); a difference between two
percentages is in *procentpunt*, never in %. A value CBS did not publish is
``.`` and gets a sentence saying so, never a number.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.inputs.gemeenten import ADDITION, MERGE, Herindeling
from analysis.present.labels import GEMEENTE_TOPIC_LABELS
from analysis.present.numbers import format_number, format_percent, format_signed, with_marker
from analysis.present.safety import plain_text
from analysis.present.wording import join_dutch

#: Decimals of the published percentages.
DECIMALS = 1
YEAR_LABEL = "Jaar"
NL_LABEL = "Nederland"
DIFFERENCE_LABEL = "Verschil met Nederland (procentpunt)"


def _pct(value: float, status: str) -> str:
    return with_marker(format_percent(value, DECIMALS), status)


def _datum(change: Herindeling) -> str:
    months = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
              "november", "december")
    return f"{change.datum.day} {months[change.datum.month - 1]} {change.datum.year}"


REGION_LABEL = "Jeugdregio: middelste gemeente"


def comparison_table(frame: pd.DataFrame, naam: str, with_region: bool) -> pd.DataFrame:
    """One topic's rows of :func:`analysis.measures.gemeente.gemeente_comparison` as a table of Dutch strings.

    Parameters
    ----------
    frame : pandas.DataFrame
        The rows of one topic, one per year.
    naam : str
        The gemeente's name (the column header; plain text, escaped by the table).
    with_region : bool
        Add the jeugdregio's median with the number of gemeenten behind it.

    Returns
    -------
    pandas.DataFrame
        Index ``Jaar``; columns the gemeente (%), Nederland (%), the difference
        in procentpunt (signed) and, with a jeugdregio, ``15,0% (n = 9)``.
    """
    out = pd.DataFrame({
        YEAR_LABEL: frame["year"].astype(str),
        naam: [_pct(v, s) for v, s in zip(frame["gemeente"], frame["status"], strict=True)],
        NL_LABEL: [_pct(v, s) for v, s in zip(frame["nederland"], frame["status"], strict=True)],
        DIFFERENCE_LABEL: [format_number(v) if pd.isna(v) else format_signed(v, DECIMALS) for v in frame["verschil"]],
    })
    if with_region:
        out[REGION_LABEL] = [
            f"{_pct(m, s)} (n = {format_number(n)})" if n else format_number(None)
            for m, n, s in zip(frame["regio_mediaan"], frame["regio_n"], frame["status"], strict=True)]
    return out.set_index(YEAR_LABEL)


def difference_sentence(row: pd.Series, naam: str) -> str:
    """The latest figure of one topic in one sentence, against Nederland (and the jeugdregio's median).

    ``In 2023 had 15,4%* van de jongeren in Groningen jeugdhulp in natura, tegen 13,5%* in heel Nederland:
    1,9 procentpunt meer.``
    """
    year, status = int(row["year"]), str(row["status"])
    template = GEMEENTE_TOPIC_LABELS[str(row["topic"])][1]
    if pd.isna(row["gemeente"]):
        label = GEMEENTE_TOPIC_LABELS[str(row["topic"])][0]
        return f"{label}: voor {naam} heeft het CBS over {year} geen cijfer gepubliceerd (`.`)."
    subject = template.format(pct=_pct(row["gemeente"], status), plaats=naam)
    difference = float(row["verschil"])
    comparison = f"tegen {_pct(row['nederland'], status)} in heel Nederland"
    if difference == 0:
        comparison += ": evenveel"
    else:
        more = "meer" if difference > 0 else "minder"
        comparison += f": {format_number(abs(difference), DECIMALS)} procentpunt {more}"
    sentence = f"In {year} {subject}, {comparison}."
    if int(row["regio_n"]):
        sentence += (f" De middelste gemeente van de jeugdregio zat op {_pct(row['regio_mediaan'], status)} "
                     f"({format_number(int(row['regio_n']))} gemeenten met een cijfer).")
    return sentence


def herindeling_notes(naam: str, code: str, before: Sequence[Herindeling], parts: Sequence[Herindeling]) -> list[str]:
    """What a herindeling means for the gemeente's figures (Dutch, markdown).

    Parameters
    ----------
    naam, code : str
        The gemeente.
    before : sequence of Herindeling
        The whole gemeenten that went into it (samenvoeging or toevoeging).
    parts : sequence of Herindeling
        The verdelingen it received a part of.
    """
    notes = []
    merged = [c for c in before if c.soort == MERGE]
    if merged:
        names = join_dutch([plain_text(c.oude_naam) for c in merged])
        notes.append(
            f"{plain_text(naam)} ({code}) bestaat sinds {_datum(merged[0])}: ontstaan uit {names}. Voor de jaren "
            "daarvoor staan hieronder de cijfers van die gemeenten zelf. Ze worden niet opgeteld of gemiddeld: de "
            "CBS-tabel geeft alleen percentages, zonder de aantallen jongeren waarop ze berusten.")
    for change in (c for c in before if c.soort == ADDITION):
        notes.append(
            f"{plain_text(change.oude_naam)} is op {_datum(change)} bij {plain_text(naam)} gevoegd. De cijfers van "
            f"{plain_text(naam)} tot en met {change.jaar - 1} gaan over de gemeente zonder "
            f"{plain_text(change.oude_naam)}; die van {plain_text(change.oude_naam)} zelf staan hieronder.")
    for change in parts:
        notes.append(
            f"Op {_datum(change)} kreeg {plain_text(naam)} een deel van de opgeheven gemeente "
            f"{plain_text(change.oude_naam)}. De cijfers vanaf {change.jaar} gaan over het grotere gebied; het deel "
            "van die gemeente heeft geen eigen cijfers.")
    return notes


def predecessor_table(frame: pd.DataFrame, names: dict[str, str], topics: Sequence[str]) -> pd.DataFrame:
    """The predecessors' own published percentages: one row per gemeente and year, one column per topic.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows of :attr:`~analysis.inputs.statline.gemeenten.GemeenteTable.values` of the predecessors.
    names : dict of str to str
        Code -> name.
    topics : sequence of str
        Topic keys (columns, labelled by :data:`~analysis.present.labels.GEMEENTE_TOPIC_LABELS`).
    """
    wide = frame.pivot_table(index=["code", "year", "status"], columns="topic", values="value", dropna=False,
                             aggfunc="first").reset_index()
    out = pd.DataFrame({"Gemeente en jaar": [f"{names.get(c, c)} ({c}), {y}" for c, y in
                                             zip(wide["code"], wide["year"], strict=True)]})
    for topic in topics:
        column = wide[topic] if topic in wide.columns else pd.Series([float("nan")] * len(wide))
        out[GEMEENTE_TOPIC_LABELS[topic][0]] = [_pct(v, s) for v, s in zip(column, wide["status"], strict=True)]
    return out.set_index("Gemeente en jaar")
