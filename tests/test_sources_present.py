"""The sources of an edition and the choices between them, in Dutch (appendix and build log).

The conflict is the real one of ``../shared/reference/cbs_published/``: young people
with jeugdzorg in 2018, 428 thousand in the Jeugdmonitor 2019 and 430 thousand in
CBS's news of 2020 (week 18).
"""

from __future__ import annotations

import pandas as pd

from analysis.inputs.figures import CONFLICT_COLUMNS
from analysis.inputs.sources import Source
from analysis.present.sources import conflict_lines, conflicts_table, precedence_text, sources_table
from helpers import RULES

CONFLICTS = pd.DataFrame([{
    "indicator_id": "jeugdzorg_gebruik_totaal", "breakdown": "0-23", "period": "2018", "unit": "count",
    "value": 430000.0, "status": "", "source": "cbs-nieuws-2020-18",
    "other_value": 428000.0, "other_status": "", "other_source": "jeugdmonitor-2019",
    "rule": "publication", "kind": "verschil",
}], columns=list(CONFLICT_COLUMNS))


def test_conflict_in_the_build_log():
    assert conflict_lines(CONFLICTS) == [
        "bronnen verschillen: jeugdzorg_gebruik_totaal / 0-23 / 2018: 430.000 (cbs-nieuws-2020-18) gekozen boven "
        "428.000 (jeugdmonitor-2019): de latere publicatie gaat voor"
    ]


def test_conflict_in_the_appendix():
    table = conflicts_table(CONFLICTS, {"jeugdzorg_gebruik_totaal": "Jongeren met jeugdzorg"})
    row = table.loc["Jongeren met jeugdzorg"]
    assert row["Gekozen"] == "430.000 (cbs-nieuws-2020-18)"
    assert row["Andere bron"] == "428.000 (jeugdmonitor-2019)"
    assert (row["Verschil"], row["Waarom"]) == ("ander cijfer", "de latere publicatie gaat voor")


def test_provisional_values_keep_their_marker_in_the_appendix():
    provisional = CONFLICTS.assign(status="definitief", other_status="voorlopig", rule="status", kind="afronding")
    row = conflicts_table(provisional, {}).iloc[0]
    assert row["Andere bron"] == "428.000* (jeugdmonitor-2019)"
    assert row["Waarom"] == "een definitiever cijfer gaat voor een voorlopiger"


def test_sources_table_and_rule_text():
    source = Source(id="vgr4-2020-05", titel="Vierde voortgangsrapportage Zorg voor de Jeugd", uitgever="Stuurgroep",
                    gepubliceerd="2020-05", document="OCR-tekst")
    table = sources_table({source.id: source})
    assert table.loc["vgr4-2020-05"].tolist() == ["Vierde voortgangsrapportage Zorg voor de Jeugd", "Stuurgroep",
                                                  "2020-05", "OCR-tekst"]
    assert precedence_text(RULES) == (
        "een leesbaar cijfer gaat voor een onleesbaar, een definitiever cijfer gaat voor een voorlopiger, een exact "
        "cijfer gaat voor een in woorden afgerond cijfer, de latere publicatie gaat voor en de later in de editie "
        "genoemde bron gaat voor")
