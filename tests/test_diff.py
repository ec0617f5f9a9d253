"""`voortgang diff` (issue 7, section 2) on small hand-made version directories.

The expected revisions are worked out by hand below each fixture; the OTS numbers
follow seed 001 l.2358-2367 (ondertoezichtstellingen 8.875 -> 9.330, "+5%").
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from analysis.errors import VoortgangError
from analysis.inputs.releases import (
    load_version,
    previous_inputs,
    read_figures,
    resolve,
    unreleased_previous,
)
from analysis.measures.revisions import diff_figures, diff_versions
from analysis.pipeline.cli import diff_command
from analysis.present.revisions import display_tables, labels_of, summary_markdown

HEADER = "indicator_id,breakdown,period,value,unit,source,line,note,status\n"
OLD_FIGURES = HEADER + (
    "verblijf_aandeel,0-23,2018,10.4,percent,CBS,1,,\n"
    "verblijf_aandeel,0-23,2019,10.1,percent,CBS,2,,voorlopig\n"
    "ots_aantal,totaal,2019,8875,count,CBS,3,,voorlopig\n"
    "oud_indicator,totaal,2018,5,count,CBS,4,,\n"
)
NEW_FIGURES = HEADER + (
    "verblijf_aandeel,0-23,2018,10.4,percent,CBS,1,,\n"          # unchanged
    "verblijf_aandeel,0-23,2019,10.3,percent,CBS,2,,definitief\n"  # +0,2 pp; 0,2/10,1 = +1,98%; now final
    "verblijf_aandeel,0-23,2020,10.0,percent,CBS,5,,voorlopig\n"   # new period
    "ots_aantal,totaal,2019,9330,count,CBS,3,,definitief\n"       # +455; 455/8875 = +5,13%; now final
    "ots_aantal,totaal,2020,9500,count,CBS,6,,voorlopig\n"        # new period
)                                                                 # oud_indicator 2018: removed

CRITERIA = """prioriteringscriteria:
  - id: tijd
    omschrijving: "Mindere tijdsbelasting"
    bron: {document: seed003, regels: "596"}
"""


def _vraag(rid: str, status: str, toegevoegd: str, gesloten: str | None = None) -> str:
    return f"""  - id: {rid}
    vraag: "Vraag {rid}?"
    thema: "Thema"
    actielijn: "2"
    prioriteringscriteria: {{tijd: null}}
    status: {status}
    editie_toegevoegd: {toegevoegd}
    editie_gesloten: {gesloten or 'null'}
    bron: {{document: seed001, regels: "1689"}}
"""


OLD_AGENDA = CRITERIA + "vragen:\n" + _vraag("EA-001", "geagendeerd", "2020-H1")
# EA-001 goes into research, EA-002 enters; EA-003 enters only in 2021-H1, after the new edition
NEW_AGENDA = CRITERIA + "vragen:\n" + _vraag("EA-001", "in onderzoek", "2020-H1") + _vraag(
    "EA-002", "geagendeerd", "2020-H2") + _vraag("EA-003", "geagendeerd", "2021-H1")


def _mijlpaal(rid: str, steps: str) -> str:
    return f"""  - id: {rid}
    mijlpaal: "Mijlpaal {rid}"
    actielijnen: ["1"]
    stappen: [{steps}]
    bron: {{document: seed001, regels: "572"}}
"""


OLD_MIJLPALEN = "overzicht:\n" + _mijlpaal("M-001", "{status: gepland, editie: 2020-H1}") + "tabellen: []\n"
NEW_MIJLPALEN = "overzicht:\n" + _mijlpaal(
    "M-001", "{status: gepland, editie: 2020-H1}, {status: behaald, editie: 2020-H2}") + _mijlpaal(
    "M-002", "{status: behaald, editie: 2021-H1}") + "tabellen: []\n"  # M-002 is after 2020-H2: left out

OLD_INDICATORS = "indicators:\n  - {id: verblijf_aandeel, label: Verblijf}\n  - {id: ots_aantal, label: OTS}\n  - {id: oud_indicator, label: Oud}\n"
NEW_INDICATORS = "indicators:\n  - {id: verblijf_aandeel, label: Verblijf}\n  - {id: ots_aantal, label: OTS}\n  - {id: nieuw_indicator, label: Nieuw}\n"


def make_version(releases: Path, edition: str, number: int, figures: str, indicators: str, agenda: str,
                 mijlpalen: str, latest: bool = True) -> Path:
    """A version directory as `publish` leaves it (manifest + data/)."""
    version = releases / edition / f"v{number}"
    (version / "data").mkdir(parents=True)
    (version / "manifest.json").write_text(json.dumps({"edition": edition, "version": number}), encoding="utf-8")
    for name, text in (("figures.csv", figures), ("indicators.yaml", indicators),
                       ("evaluatieagenda.yaml", agenda), ("mijlpalen.yaml", mijlpalen)):
        (version / "data" / name).write_text(text, encoding="utf-8")
    if latest:
        link = releases / edition / "latest"
        if link.is_symlink():
            link.unlink()
        os.symlink(f"v{number}", link)
    return version


@pytest.fixture
def releases(tmp_path):
    releases = tmp_path / "releases"
    make_version(releases, "2020-H1", 1, OLD_FIGURES, OLD_INDICATORS, OLD_AGENDA, OLD_MIJLPALEN)
    make_version(releases, "2020-H2", 1, OLD_FIGURES, OLD_INDICATORS, OLD_AGENDA, OLD_MIJLPALEN)
    make_version(releases, "2020-H2", 2, NEW_FIGURES, NEW_INDICATORS, NEW_AGENDA, NEW_MIJLPALEN)
    return releases


@pytest.fixture
def diff(releases):
    return diff_versions(releases / "2020-H1" / "v1", releases / "2020-H2" / "v2")


def test_new_and_removed_periods_per_indicator_and_breakdown(diff):
    assert diff.new_periods[["indicator_id", "breakdown", "period"]].values.tolist() == [
        ["ots_aantal", "totaal", "2020"], ["verblijf_aandeel", "0-23", "2020"]]
    assert diff.new_periods["value"].tolist() == [9500.0, 10.0]
    assert diff.removed_periods[["indicator_id", "period", "value"]].values.tolist() == [["oud_indicator", "2018", 5.0]]


def test_revisions_old_new_absolute_relative_and_final_status(diff):
    rev = diff.revisions.set_index("indicator_id")
    assert list(rev.index) == ["ots_aantal", "verblijf_aandeel"]  # the unchanged 2018 row is not a revision
    ots, verblijf = rev.loc["ots_aantal"], rev.loc["verblijf_aandeel"]
    assert (ots["old"], ots["new"], ots["revision"]) == (8875.0, 9330.0, 455.0)
    assert ots["revision_pct"] == pytest.approx(455 / 8875 * 100)  # 5,127%
    assert verblijf["revision"] == pytest.approx(0.2)             # procentpunt
    assert verblijf["revision_pct"] == pytest.approx(0.2 / 10.1 * 100)  # 1,980%
    assert rev["became_final"].tolist() == [True, True]
    assert rev["status_old"].tolist() == ["voorlopig", "voorlopig"]


def test_registry_agenda_and_mijlpalen_changes_as_of_each_edition(diff):
    assert diff.indicators.values.tolist() == [["nieuw_indicator", "toegevoegd", "Nieuw"],
                                               ["oud_indicator", "verwijderd", "Oud"]]
    # EA-003 enters in 2021-H1, after 2020-H2: not a change of this edition
    assert diff.agenda[["id", "wijziging", "status_oud", "status_nieuw"]].fillna("-").values.tolist() == [
        ["EA-001", "status gewijzigd", "geagendeerd", "in onderzoek"],
        ["EA-002", "toegevoegd", "-", "geagendeerd"],
    ]
    # M-002 is first reached in 2021-H1: left out
    assert diff.mijlpalen[["id", "wijziging", "status_oud", "editie_oud", "status_nieuw", "editie_nieuw"]
                          ].values.tolist() == [["M-001", "status gewijzigd", "gepland", "2020-H1", "behaald", "2020-H2"]]


def test_dutch_tables_and_summary(releases, diff):
    labels = labels_of(load_version(releases / "2020-H1" / "v1"), load_version(releases / "2020-H2" / "v2"))
    tables = dict(display_tables(diff, labels))
    revisions = next(t for caption, t in tables.items() if caption.startswith("Herziene cijfers"))
    assert revisions.loc["OTS"].tolist() == ["totaal", "2019", "8.875", "9.330", "+455", "+5,1%",
                                             "voorlopig → definitief"]
    assert revisions.loc["Verblijf"].tolist() == ["0-23", "2019", "10,1%", "10,3%", "+0,2 procentpunt", "+2,0%",
                                                  "voorlopig → definitief"]
    periods = tables["Nieuwe perioden per indicator en uitsplitsing"]
    assert periods.loc["Verblijf"].tolist() == ["0-23", "2020"]
    assert summary_markdown(diff) == (
        "Ten opzichte van 2020-H1/v1: 2 nieuwe cijfers in 2 reeksen, 2 herziene cijfers, 2 cijfers van voorlopig "
        "naar definitief, 1 vervallen cijfer, 1 indicator toegevoegd, 1 indicator verwijderd, "
        "2 wijzigingen in de evaluatieagenda en 1 wijziging in de mijlpalen."
    )


def test_identical_versions_have_no_changes(releases):
    diff = diff_versions(releases / "2020-H1" / "v1", releases / "2020-H1" / "v1")
    assert diff.empty
    assert summary_markdown(diff) == "Ten opzichte van 2020-H1/v1 is er niets gewijzigd."
    assert display_tables(diff, {}) == []


def test_summary_names_only_what_changed(releases):
    revised = OLD_FIGURES.replace("ots_aantal,totaal,2019,8875,", "ots_aantal,totaal,2019,8876,")
    make_version(releases, "2020-H1", 2, revised, OLD_INDICATORS, OLD_AGENDA, OLD_MIJLPALEN)
    diff = diff_versions(releases / "2020-H1" / "v1", releases / "2020-H1" / "v2")
    assert summary_markdown(diff) == "Ten opzichte van 2020-H1/v1: 1 herzien cijfer."


def test_status_only_change_and_a_value_that_became_readable():
    old = pd.DataFrame({"indicator_id": ["a", "b"], "breakdown": ["t", "t"], "period": ["2019", "2019"],
                        "value": [4.0, math.nan], "unit": ["count", "count"], "status": ["voorlopig", ""],
                        "precision": ["exact", "exact"]})
    new = old.assign(value=[4.0, 7.0], status=["definitief", ""])
    added, removed, revisions, rounding = diff_figures(old, new)
    assert rounding.empty
    assert added.empty and removed.empty
    a, b = revisions.set_index("indicator_id").loc["a"], revisions.set_index("indicator_id").loc["b"]
    assert (a["revision"], a["became_final"]) == (0.0, True)
    assert math.isnan(b["old"]) and b["new"] == 7.0 and math.isnan(b["revision"]) and not b["became_final"]


def test_a_status_that_becomes_known_is_no_revision():
    # VGR 4 printed "443 duizend" (2019) without status; a later edition has CBS's "2019*"
    old = pd.DataFrame({"indicator_id": ["jz"], "breakdown": ["0-23"], "period": ["2019"], "value": [443000.0],
                        "unit": ["count"], "status": [""], "precision": ["1000"]})
    _, _, revisions, rounding = diff_figures(old, old.assign(status=["voorlopig"]))
    assert revisions.empty and rounding.empty
    # VGR 4's "circa 431.000" against CBS's definitive 430.990: rounding, not a revision
    old = old.assign(value=[431000.0])
    _, _, revisions, rounding = diff_figures(old, old.assign(value=[430990.0], status=["definitief"],
                                                             precision=["exact"]))
    assert revisions.empty and rounding["new"].tolist() == [430990.0]


def test_a_change_of_rounding_is_no_revision_but_a_real_change_is():
    """The issue's two cases: gesloten plaatsing 2.550 (exact) against "ruim 2,5 duizend" (rounded to
    100, CBS longread Jeugdhulp 2019: "Ruim 2,5 duizend jongeren hadden een gesloten plaatsing"), and
    OTS 8.875 -> 8.852 (both exact): only the second is a revision."""
    old = pd.DataFrame({"indicator_id": ["gesloten", "ots"], "breakdown": ["t", "t"], "period": ["2019", "2019"],
                        "value": [2550.0, 8875.0], "unit": ["count", "count"], "status": ["", ""],
                        "precision": ["exact", "exact"]})
    new = old.assign(value=[2500.0, 8852.0], precision=["100", "exact"])
    _, _, revisions, rounding = diff_figures(old, new)
    assert revisions["indicator_id"].tolist() == ["ots"]
    assert revisions["revision"].tolist() == [-23.0]
    assert rounding[["indicator_id", "old", "new", "precision_new"]].values.tolist() == [["gesloten", 2550.0, 2500.0, "100"]]


def test_rounded_values_beyond_their_rounding_are_revisions():
    # 2.550 exact against "ruim 2,5 duizend" read as 2.400: 150 apart, more than the step of 100
    old = pd.DataFrame({"indicator_id": ["g"], "breakdown": ["t"], "period": ["2019"], "value": [2550.0],
                        "unit": ["count"], "status": [""], "precision": ["exact"]})
    _, _, revisions, rounding = diff_figures(old, old.assign(value=[2400.0], precision=["100"]))
    assert len(revisions) == 1 and rounding.empty


# ---------------------------------------------------------------- resolve


def test_resolve_edition_latest_and_numbered_versions(releases):
    assert resolve("2020-H2", releases) == releases / "2020-H2" / "v2"
    assert resolve("2020-H2/latest", releases) == releases / "2020-H2" / "v2"
    assert resolve("2020-H2/v1", releases) == releases / "2020-H2" / "v1"
    assert resolve(str(releases / "2020-H2" / "v1"), releases) == releases / "2020-H2" / "v1"


def test_resolve_says_what_exists(releases):
    with pytest.raises(VoortgangError, match=r"argument 'old': 2020-H2 has no version v7; versions: v1, v2 \(latest: v2\)"):
        resolve("2020-H2/v7", releases, argument="old")
    with pytest.raises(VoortgangError, match=r"edition 2019-H2 has no released versions .*editions with versions: 2020-H1, 2020-H2"):
        resolve("2019-H2", releases)
    with pytest.raises(VoortgangError, match=r"argument 'new': 'H1-2020' is not an edition or version like 2020-H1"):
        resolve("H1-2020", releases, argument="new")


def test_editions_to_build_first_are_those_without_a_release(releases):
    params = [{"edition": "2024-H1", "previous": "2020-H1"}, {"previous": "2019-H2"}, {"previous": "2019-H2/latest"},
              {"previous": "2020-H2/v1"}, {"previous": ""}, {"edition": "2024-H1"}]
    # 2020-H1 and 2020-H2 have versions in the fixture; 2019-H2 has none and is named twice
    assert unreleased_previous(params, releases) == ["2019-H2"]
    # a named version that does not exist is not "to build": it stays an error of previous_inputs
    assert unreleased_previous([{"previous": "2019-H2/v3"}], releases) == []


def test_previous_inputs_for_the_cache_key(releases):
    assert previous_inputs({"edition": "2020-H2", "previous": ""}, releases) == []
    assert previous_inputs({"edition": "2020-H2"}, releases) == []
    v2 = releases / "2020-H2" / "v2"
    assert previous_inputs({"previous": "2020-H2"}, releases) == [v2 / "data", v2 / "manifest.json"]
    with pytest.raises(VoortgangError, match=r"argument 'previous': edition 2019-H2 has no released versions"):
        previous_inputs({"previous": "2019-H2"}, releases)


# ---------------------------------------------------------------- bad stored data


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("indicator_id,breakdown,period,value\nx,t,2019,1\n", r"figures\.csv: missing column\(s\) 'unit'"),
        (HEADER + "x,t,2019,1o,count,CBS,1,,\n", r"figures\.csv: column 'value': not a number in 1 row\(s\), first at file line 2"),
        (HEADER + "x,t,2019,1,count,CBS,1,,\nx,t,2019,2,count,CBS,2,,\n",
         r"figures\.csv: duplicate key x / t / 2019 in 2 rows"),
    ],
)
def test_bad_figures_file_is_named_with_the_column(tmp_path, text, message):
    path = tmp_path / "figures.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(VoortgangError, match=message):
        read_figures(path)


def test_version_without_manifest_is_refused(tmp_path):
    (tmp_path / "v1").mkdir()
    with pytest.raises(VoortgangError, match=r"v1/manifest\.json: no manifest"):
        load_version(tmp_path / "v1")


# ---------------------------------------------------------------- the command


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command()(diff_command)
    return app


def test_diff_command_prints_the_tables(releases):
    result = CliRunner().invoke(_app(), ["2020-H1", "2020-H2", "--releases-dir", str(releases)],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "Wijzigingen 2020-H1/v1 → 2020-H2/v2" in out
    assert "+0,2 procentpunt" in out and "+455" in out and "voorlopig → definitief" in out
    assert "Wijzigingen in de evaluatieagenda" in out and "EA-002" in out


def test_diff_command_bad_version_is_a_user_error(releases):
    result = CliRunner().invoke(_app(), ["2020-H1/v3", "2020-H2", "--releases-dir", str(releases)])
    assert isinstance(result.exception, VoortgangError)
    assert "argument 'old': 2020-H1 has no version v3; versions: v1 (latest: v1)" in str(result.exception)
