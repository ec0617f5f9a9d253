"""Several sources for one figure: the precedence rule and the list of conflicts.

The cases are real: CBS published the number of young people with jeugdzorg in
2018 as 428 thousand (Jeugdmonitor 2019, longreads.cbs.nl/jeugdmonitor-2019, "In
2018 kregen in Nederland 428 duizend jongeren tot 23 jaar jeugdzorg") and later as
430 thousand (CBS nieuws 2020 week 18, "In 2018 waren het er 430 duizend"); the
2019 youth care without verblijf as 404.980 provisional (longread Jeugdhulp 2019,
table "2019*") -- see ``../shared/reference/cbs_published/``. The rounding-only
and definitief cases are constructed on these values.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.errors import VoortgangError
from analysis.inputs.analysis_settings import FigureRules
from analysis.inputs.figures import merge_figures
from analysis.inputs.published import COLUMNS
from analysis.inputs.sources import Source, load_sources
from helpers import RULES

SOURCES = {
    "jeugdmonitor-2019": Source(id="jeugdmonitor-2019", titel="Jeugdmonitor 2019", uitgever="CBS",
                                gepubliceerd="2019-12", url="https://longreads.cbs.nl/jeugdmonitor-2019/"),
    "cbs-nieuws-2020-18": Source(id="cbs-nieuws-2020-18", titel="443 duizend jongeren met jeugdzorg in 2019",
                                 uitgever="CBS", gepubliceerd="2020-04",
                                 url="https://www.cbs.nl/nl-nl/nieuws/2020/18/443-duizend-jongeren-met-jeugdzorg-in-2019"),
    "jeugdhulp-2019": Source(id="jeugdhulp-2019", titel="Jeugdhulp 2019", uitgever="CBS", gepubliceerd="2020-05",
                             url="https://longreads.cbs.nl/jeugdhulp2019/"),
    "jeugdhulp-2020": Source(id="jeugdhulp-2020", titel="Jeugdhulp 2020", uitgever="CBS", gepubliceerd="2021-05",
                             url="https://www.cbs.nl/nl-nl/longread/rapportages/2021/jeugdhulp-2020"),
}


def rows(*records: tuple) -> pd.DataFrame:
    """Rows of a figures table from (indicator, period, status, value, precision, source)."""
    out = []
    for indicator, period, status, value, precision, source in records:
        out.append({"indicator_id": indicator, "breakdown": "0-23", "period": period, "status": status,
                    "value": value, "unit": "count", "precision": precision, "printed": "", "source": source,
                    "location": "", "note": ""})
    return pd.DataFrame(out, columns=list(COLUMNS))


def test_later_publication_wins_between_two_rounded_figures():
    figures, conflicts = merge_figures(rows(
        ("jeugdzorg", "2018", "", 428000.0, "1000", "jeugdmonitor-2019"),
        ("jeugdzorg", "2018", "", 430000.0, "1000", "cbs-nieuws-2020-18"),
    ), SOURCES, RULES)
    assert figures["value"].tolist() == [430000.0]
    assert figures["source"].tolist() == ["cbs-nieuws-2020-18"]
    c = conflicts.iloc[0]
    assert (c["value"], c["source"], c["other_value"], c["other_source"]) == (
        430000.0, "cbs-nieuws-2020-18", 428000.0, "jeugdmonitor-2019")
    assert c["rule"] == "publication"
    assert c["kind"] == "verschil"  # 2.000 apart: more than the rounding to 1.000


def test_the_order_of_the_sources_in_a_file_does_not_decide():
    a = rows(("jeugdzorg", "2018", "", 430000.0, "1000", "cbs-nieuws-2020-18"),
             ("jeugdzorg", "2018", "", 428000.0, "1000", "jeugdmonitor-2019"))
    figures, _ = merge_figures(a, SOURCES, RULES)
    assert figures["value"].tolist() == [430000.0]


def test_definitief_beats_voorlopig_even_when_rounded():
    figures, conflicts = merge_figures(rows(
        ("zonder_verblijf", "2019", "voorlopig", 404980.0, "exact", "jeugdhulp-2019"),
        ("zonder_verblijf", "2019", "definitief", 405000.0, "1000", "jeugdhulp-2020"),
    ), SOURCES, RULES)
    assert (figures["value"].tolist(), figures["status"].tolist()) == ([405000.0], ["definitief"])
    assert conflicts["rule"].tolist() == ["status"]
    assert conflicts["kind"].tolist() == ["afronding"]  # 20 apart, within the rounding to 1.000


def test_exact_beats_rounded_at_the_same_status_whatever_the_date():
    # the case: rounded prose from a later publication must not overwrite an exact table value
    figures, conflicts = merge_figures(rows(
        ("gesloten", "2019", "", 2550.0, "exact", "jeugdhulp-2019"),
        ("gesloten", "2019", "", 2500.0, "100", "jeugdhulp-2020"),
    ), SOURCES, RULES)
    assert figures["value"].tolist() == [2550.0]
    assert (conflicts["rule"].tolist(), conflicts["kind"].tolist()) == (["precision"], ["afronding"])


def test_an_unstated_status_counts_as_voorlopig():
    # VGR 4 prints 42.975 young people with verblijf in 2019 (l.1648, no status); CBS's longread
    # Jeugdhulp 2019 says "bijna 43 duizend" for its provisional 2019: the exact figure stays
    sources = {**SOURCES, "vgr4": SOURCES["jeugdhulp-2019"].model_copy(update={"id": "vgr4", "gepubliceerd": "2020-05"})}
    figures, conflicts = merge_figures(rows(
        ("verblijf", "2019", "", 42975.0, "exact", "vgr4"),
        ("verblijf", "2019", "voorlopig", 43000.0, "1000", "jeugdhulp-2019"),
    ), sources, RULES)
    assert figures["value"].tolist() == [42975.0]
    assert (conflicts["rule"].tolist(), conflicts["kind"].tolist()) == (["precision"], ["afronding"])


def test_a_figure_without_status_takes_the_status_of_a_source_that_confirms_it():
    # VGR 4 prints "443 duizend" for 2019 (l.421, no status); CBS's news of 2020 says "2019*"
    sources = {**SOURCES, "vgr4": SOURCES["jeugdhulp-2019"].model_copy(update={"id": "vgr4", "gepubliceerd": "2020-05"})}
    figures, conflicts = merge_figures(rows(
        ("jeugdzorg", "2019", "", 443000.0, "1000", "vgr4"),
        ("jeugdzorg", "2019", "voorlopig", 443000.0, "1000", "cbs-nieuws-2020-18"),
        ("jeugdzorg", "2018", "", 430000.0, "1000", "vgr4"),
    ), sources, RULES)
    assert figures[["period", "value", "status"]].values.tolist() == [
        ["2018", 430000.0, ""], ["2019", 443000.0, "voorlopig"]]
    assert conflicts.empty  # confirmed, with its status: no conflict left


def test_the_rule_order_is_a_setting():
    publication_first = FigureRules(precedence=("publication", "status", "precision"))
    figures, conflicts = merge_figures(rows(
        ("gesloten", "2019", "", 2550.0, "exact", "jeugdhulp-2019"),
        ("gesloten", "2019", "", 2500.0, "100", "jeugdhulp-2020"),
    ), SOURCES, publication_first)
    assert figures["value"].tolist() == [2500.0]
    assert conflicts["rule"].tolist() == ["publication"]


def test_a_readable_value_beats_an_unreadable_cell():
    unreadable = rows(("pleegzorg", "2019", "", math.nan, "exact", "jeugdhulp-2020"),
                      ("pleegzorg", "2019", "", 21500.0, "100", "jeugdhulp-2019"))
    unreadable.loc[0, "note"] = "UNREADABLE: label not in the OCR text"
    figures, conflicts = merge_figures(unreadable, SOURCES, RULES)
    assert figures["value"].tolist() == [21500.0]
    assert conflicts["rule"].tolist() == ["value"]


def test_the_same_value_from_two_sources_is_no_conflict():
    figures, conflicts = merge_figures(rows(
        ("jeugdzorg", "2018", "", 430000.0, "1000", "cbs-nieuws-2020-18"),
        ("jeugdzorg", "2018", "", 430000.0, "1000", "jeugdhulp-2019"),
    ), SOURCES, RULES)
    assert len(figures) == 1 and conflicts.empty


def test_ties_go_to_the_row_later_in_edition_order():
    same = rows(("x", "2019", "", 1.0, "exact", "jeugdhulp-2019"), ("x", "2019", "", 2.0, "exact", "jeugdhulp-2019b"))
    sources = {**SOURCES, "jeugdhulp-2019b": SOURCES["jeugdhulp-2019"].model_copy(update={"id": "jeugdhulp-2019b"})}
    figures, conflicts = merge_figures(same, sources, RULES)
    assert figures["value"].tolist() == [2.0]
    assert conflicts["rule"].tolist() == ["edition_order"]


def test_different_figures_are_all_kept_and_sorted():
    figures, conflicts = merge_figures(rows(
        ("b", "2019", "", 1.0, "exact", "jeugdhulp-2019"),
        ("a", "2019-H1", "voorlopig", 2.0, "exact", "jeugdhulp-2020"),
        ("a", "2018", "", 3.0, "exact", "jeugdhulp-2020"),
    ), SOURCES, RULES)
    assert figures[["indicator_id", "period"]].values.tolist() == [["a", "2018"], ["a", "2019-H1"], ["b", "2019"]]
    assert conflicts.empty


@pytest.mark.parametrize("precedence", [("status", "precision"), ("status", "status", "precision", "publication"),
                                        ("status", "precision", "datum")])
def test_the_precedence_setting_must_name_each_rule_once(precedence):
    with pytest.raises(ValueError, match="name each of status, precision, publication exactly once"):
        FigureRules(precedence=precedence)


def test_a_source_record_needs_provenance():
    with pytest.raises(ValueError, match="needs a 'url' or a 'document'"):
        Source(id="x", titel="t", uitgever="CBS", gepubliceerd="2020")
    with pytest.raises(ValueError, match="YYYY, YYYY-MM or YYYY-MM-DD"):
        Source(id="x", titel="t", uitgever="CBS", gepubliceerd="mei 2020", url="https://cbs.nl")


def test_sources_file_errors_name_the_record(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n  - {id: a, titel: t, uitgever: CBS, gepubliceerd: '2020'}\n", encoding="utf-8")
    with pytest.raises(VoortgangError, match=r"sources\.yaml: key 'sources\.0': .*needs a 'url' or a 'document'"):
        load_sources(path)
