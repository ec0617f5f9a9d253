"""Factsheet definitions, panel data and the researchers' text slot."""

from __future__ import annotations

import math

import pytest

from analysis.chapters import factsheet
from analysis.config import FACTSHEETS_FILE
from analysis.errors import VoortgangError
from analysis.inputs.editions import load_edition
from analysis.inputs.factsheets import load_factsheets
from analysis.inputs.programme import load_caveats, load_programme
from analysis.inputs.published import load_published
from analysis.inputs.registry import load_registry
from analysis.inputs.texts import researcher_text
from analysis.measures.indicators import panel_frame
from analysis.present.display import FigureBlock, MarkdownBlock
from analysis.present.factsheets import (
    bron_lines,
    factsheet_findings,
    factsheet_panel_notes,
    factsheet_title,
    panel_notes,
)
from helpers import ANALYSIS, changed_content


@pytest.fixture(scope="module")
def registry():
    return load_registry()


@pytest.fixture(scope="module")
def published(registry):
    return load_published(registry=registry)


@pytest.fixture(scope="module")
def edition():
    return load_edition("2020-H1")


def test_every_actielijn_with_published_figures_has_a_factsheet(edition, registry, published):
    sheets = load_factsheets(edition, registry, published)
    assert list(sheets) == ["al1", "al2", "al3", "al4", "al5", "al6"]
    assert [s.thema for s in sheets.values()] == [1, 2, 3, 4, 5, 6]
    assert all(2 <= len(s.panels) <= 5 for s in sheets.values())


def test_title_comes_from_the_programme(edition, registry, published):
    # VGR 4, Bijlage 1: "Factsheet actielijn 2: Meer kinderen zo thuis mogelijk laten opgroeien"
    sheet = load_factsheets(edition, registry, published)["al2"]
    assert factsheet_title(sheet, load_programme(edition, registry)) == (
        "Factsheet actielijn 2: Meer kinderen zo thuis mogelijk laten opgroeien")
    own = sheet.model_copy(update={"thema": None, "titel": "Jeugdhulp met verblijf"})
    assert factsheet_title(own, load_programme(edition, registry)) == "Factsheet Jeugdhulp met verblijf"


def test_panel_frame_fills_gaps(edition, registry, published):
    panel = load_factsheets(edition, registry, published)["al1"].panels[0]
    frame = panel_frame(published, panel)
    assert list(frame.columns) == ["periode", "reeks", "waarde", "status"]
    assert set(frame["status"]) == {""}  # the May 2020 report states no CBS status
    # 4 series x 4 years (2015-2018), seed l.1284-1294
    assert len(frame) == 16
    snel = frame[frame["reeks"] == "Snel geholpen"]["waarde"].tolist()
    assert snel == [61, 63, 65, 64]
    goed = frame[frame["reeks"] == "Goed geholpen"]["waarde"].tolist()
    assert math.isnan(goed[1])  # 2016 unreadable in the seed (UNREADABLE row)


def test_findings_of_actielijn_5(edition, registry, published):
    sheet = load_factsheets(edition, registry, published)["al5"]
    findings = factsheet_findings(published, registry, sheet, ANALYSIS, load_caveats(edition, registry))
    # the latest change leads, as VGR 4 l.2354 does: instroom 10.780 (2018) -> 11.430 (2019), +6,0% -> "toename"
    # (5% to 25%); the whole period 2016-2019 (+3,5%) follows in the text
    assert findings[0].heading == "Toename instroom cliënten in de jeugdbescherming"
    assert "Dat is na twee jaar daling weer een stijging." in findings[0].text
    # uithuisplaatsingen 29% -> 27%: 2 procentpunt, "iets minder" (below 3)
    assert findings[1].heading == "Iets minder uithuisplaatsingen bij een ondertoezichtstelling"
    # OTS 8.875 -> 9.330 (+5%, l.2359-2360), VOTS 1.710 -> 1.920 (+12%, l.2366-2367): both "toename" (5% to 25%)
    assert findings[2].heading == "Toename opgelegde ondertoezichtstellingen"
    assert findings[3].heading == "Toename voorlopige ondertoezichtstellingen"
    # Raad voor de Kinderbescherming: 83% (2017) -> 76% (2019), l.2374: 7 procentpunt
    assert findings[4].heading == "Minder uithuisplaatsingen bij een voorlopige ondertoezichtstelling"
    # the VOTS uithuisplaatsingen are figures of the Raad voor de Kinderbescherming (l.2373)
    assert bron_lines(registry, sheet) == ["Bron: CBS Beleidsinformatie Jeugd", "Bron: Raad voor de Kinderbescherming"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["factsheets"][0]["panels"][0]["series"][0].update(indicator="bestaat_niet"),
         "factsheet 'al1': panel 1: indicator_id 'bestaat_niet' is not in the indicator registry"),
        (lambda d: d["factsheets"][0]["panels"][0]["series"][0].update(breakdown="0-4"),
         "factsheet 'al1': panel 1: indicator 'client_snel_geholpen_pct' has no published breakdown '0-4'"),
        (lambda d: d["factsheets"][2]["panels"][0]["series"].append(
            {"indicator": "ingeschreven_onderwijs_pct", "breakdown": "4-18; met jeugdhulp", "label": "x"}),
         "factsheet 'al3': panel 1: series must share one unit"),
        (lambda d: d["factsheets"][3].update(panels=d["factsheets"][3]["panels"][:1]),
         "key 'factsheets.3.panels'"),
        (lambda d: d["factsheets"][0].update(kleur="rood"), "key 'factsheets.0.kleur'"),
        (lambda d: d["factsheets"][1].update(id="al1"), "factsheet 'al1': defined twice"),
        (lambda d: d["factsheets"][1].pop("thema"), "factsheet 'al2': give a 'thema' or a 'titel'"),
        (lambda d: d["factsheets"][0]["panels"][1]["series"][2].update(waarvan="Anders"),
         "factsheet 'al1': panel 2: series 'Eenzijdig door cliënt': 'waarvan' 'Anders' is not another series"),
        (lambda d: d["factsheets"][0]["panels"][1].update(gestapeld=True),
         "factsheet 'al1': panel 2: 'waarvan' needs chart 'bar' without 'gestapeld'"),
        (lambda d: d["factsheets"][0]["panels"][0].update(gestapeld=True),
         "factsheet 'al1': panel 1: 'gestapeld' needs chart 'bar'"),
        (lambda d: d["factsheets"][0]["panels"][0].update(noten="x"), "key 'factsheets.0.panels.0.noten'"),
        (lambda d: d["factsheets"][0].update(voetnoten=[""]), "key 'factsheets.0.voetnoten.0'"),
    ],
)
def test_bad_definitions_name_file_and_place(tmp_path, monkeypatch, edition, registry, published, change, message):
    path = changed_content(tmp_path, monkeypatch, FACTSHEETS_FILE, change)
    with pytest.raises(VoortgangError) as info:
        load_factsheets(edition, registry, published)
    assert str(path) in str(info.value) or "factsheets.yaml" in str(info.value)
    assert message in str(info.value)


def test_researcher_text_slot(tmp_path):
    assert researcher_text("2020-H1", "factsheet-al1", tmp_path) is None
    (tmp_path / "2020-H1").mkdir()
    (tmp_path / "2020-H1" / "factsheet-al1.md").write_text("Onze duiding.\n", encoding="utf-8")
    assert researcher_text("2020-H1", "factsheet-al1", tmp_path) == "Onze duiding."


def _frame_values(published, sheet, number: int) -> dict[str, list[float]]:
    frame = panel_frame(published, sheet.panels[number - 1])
    return {r: frame.loc[frame["reeks"] == r, "waarde"].tolist() for r in dict.fromkeys(frame["reeks"])}


def test_new_panels_draw_the_may_2020_figures(edition, registry, published):
    """The panels added for issue 12, with values typed from the seed text (line numbers)."""
    sheets = load_factsheets(edition, registry, published)
    # AL2 panel 3: "aandeel pleegzorg + gezinsgericht ... van 60% (2016) naar 63% (2019)", l.1662-1664
    assert _frame_values(published, sheets["al2"], 3) == {"Pleegzorg en gezinsgericht samen": [60, 63]}
    # AL3 panel 4: met jeugdhulp 2017/2018 "99% 68% 5%" (l.1938; 27 = 100 - 68 - 5), 2018/2019 "22% 70% 8%" (l.1941)
    assert _frame_values(published, sheets["al3"], 4) == {
        "Lager dan het advies": [27, 22], "Gelijk aan het advies": [68, 70], "Hoger dan het advies": [5, 8]}
    assert sheets["al3"].panels[3].gestapeld
    # AL4 panel 1: "Zelfstandig wonend 54% 50% 20% 18% 12% 12%", l.2146
    assert _frame_values(published, sheets["al4"], 1) == {
        "Jeugdhulp met verblijf": [54, 50], "Wel jeugdhulp": [20, 18], "Geen jeugdhulp": [12, 12]}
    # AL4 panel 2: "(49,8% tegenover 11,6% van de jongeren zonder jeugdhulp)", l.2208-2209
    assert _frame_values(published, sheets["al4"], 2) == {"Jeugdhulp met verblijf": [49.8], "Geen jeugdhulp": [11.6]}
    # AL4 panel 5: verlengde jeugdhulp "13.000 13435 / 12.985 12.990 / 11.500", l.2159-2162 (years by label order)
    assert _frame_values(published, sheets["al4"], 5) == {"Verlengde jeugdhulp": [11500, 12985, 12990, 13435]}
    # AL5 panel 2: OTS "8.875 ... in 2019 9.330" (l.2359-2360), VOTS "van 1.710 ... naar 1.920" (l.2367)
    assert _frame_values(published, sheets["al5"], 2) == {"Opgelegde OTS": [8875, 9330], "VOTS": [1710, 1920]}
    # AL5 panel 4: Raad voor de Kinderbescherming "van 83% ... in 2017 naar 76% ... in 2019", l.2374
    assert _frame_values(published, sheets["al5"], 4) == {"Uithuisplaatsing bij VOTS": [83, 76]}
    # AL6 panel 3: "ontplooien 48% 60% 67% 66% 52% 53% 60%" (l.2595), "invloed op inhoud 65% 62% 67% 68% 67% 65% 66%"
    # (l.2597): the jeugdzorg and zorg en welzijn columns
    assert _frame_values(published, sheets["al6"], 3) == {
        "Kan zich ontplooien: jeugdzorg": [48, 60, 67], "Kan zich ontplooien: zorg en welzijn": [52, 53, 60],
        "Invloed op inhoud werk: jeugdzorg": [65, 62, 67], "Invloed op inhoud werk: zorg en welzijn": [67, 65, 66]}
    # AL6 panel 5: "In 2018 had 88% in meer of mindere mate last van vermijdbare administratieve lasten", l.2617-2618
    assert _frame_values(published, sheets["al6"], 5) == {"In meer of mindere mate last": [88]}


def test_eenzijdig_door_client_is_part_of_overig(edition, registry, published):
    # l.1284-1288: volgens plan + overig = 100; eenzijdig door cliënt (4%) is part of overig (10%)
    panel = load_factsheets(edition, registry, published)["al1"].panels[1]
    assert {s.label: s.waarvan for s in panel.series} == {
        "Volgens plan of in samenspraak": None, "Overig": None, "Eenzijdig door cliënt": "Overig"}


def test_a_series_break_is_said_under_a_bar_panel(edition, registry, published):
    sheets = load_factsheets(edition, registry, published)
    vormen = sheets["al2"].panels[1]
    notes = panel_notes(vormen, panel_frame(published, vormen), registry)
    # l.1659-1662: "een deel van wat in 2018 werd aangemerkt als gezinsgericht, is in 2019 aangemerkt als pleegzorg"
    assert len(notes) == 1 and notes[0].startswith("Trendbreuk vanaf 2019: ")
    assert "in 2019 aangemerkt als pleegzorg" in notes[0]
    # the joint share does not span the break's reason twice: its own note only
    joint = sheets["al2"].panels[2]
    assert panel_notes(joint, panel_frame(published, joint), registry) == [joint.noot]
    # a panel without breaks or note says nothing
    leeftijd = sheets["al2"].panels[3]
    assert panel_notes(leeftijd, panel_frame(published, leeftijd), registry) == []



def test_a_break_reason_is_said_once_per_factsheet(edition, registry, published):
    vormen = load_factsheets(edition, registry, published)["al2"].panels[1]
    frame = panel_frame(published, vormen)
    first, second = factsheet_panel_notes([vormen, vormen], [frame, frame], registry)
    assert first == panel_notes(vormen, frame, registry)
    assert second == ["Trendbreuk vanaf 2019: zie de toelichting bij panel 1."]

def _rendered(factsheet_id: str) -> tuple[list[str], list[str]]:
    """The markdown texts and figure alt texts of a built factsheet chapter."""
    out = factsheet.build("2020-H1", factsheet_id)
    return ([b.text for b in out.blocks if isinstance(b, MarkdownBlock)],
            [b.alt for b in out.blocks if isinstance(b, FigureBlock)])


def test_actielijn_4_shows_the_published_figures_and_verlengde_jeugdhulp():
    texts, alts = _rendered("al4")
    assert texts[0] == "# Factsheet actielijn 4: Kwetsbare jongeren beter op weg helpen zelfstandig te worden"
    # l.2208-2209 "(49,8% tegenover 11,6% van de jongeren zonder jeugdhulp)"
    assert "Jeugdhulp met verblijf: 49,8% in 2017; Geen jeugdhulp: 11,6% in 2017." in alts[1]
    # l.2203-2205 "Met 22,7% (oud-jeugdhulpgebruikers) ten opzichte van 47,3% (referentiegroep)"
    assert "22,7% in 2017" in alts[2] and "47,3% in 2017" in alts[2]
    # l.2159-2160 verlengde jeugdhulp "12.985 12.990", "13435"
    assert alts[4].startswith("Staafdiagram '5. Verlengde jeugdhulp na de 18e verjaardag'")
    assert "12.985 in 2017, 12.990 in 2018 en 13.435 in 2019" in alts[4]
    assert not any("synthetisch" in t.lower() for t in [*texts, *alts])  # published figures only
    # l.2180 "Minder jongeren wonen zelfstandig": 54% -> 50% for jeugdhulp met verblijf (l.2146)
    assert any(t.startswith("### Minder jongeren die jeugdhulp met verblijf hadden, wonen op 18-19 jaar zelfstandig")
               for t in texts)


def test_voetnoten_are_printed_under_the_factsheet_after_the_sources():
    texts, alts = _rendered("al2")
    small_print = next(t for t in texts if t.startswith("Bron: "))
    assert small_print.startswith("Bron: CBS Beleidsinformatie Jeugd\n\n")
    # l.1632 "*Residentieel + overig = De jeugdige verblijft op de accommodatie van de jeugdhulpaanbieder"
    assert "Residentieel \\+ overig\\: de jeugdige verblijft op de accommodatie van de jeugdhulpaanbieder" in small_print
    assert texts.index(small_print) < texts.index("## Wat zegt deze factsheet ons?")
    # the reclassification under the verblijfsvorm panel and the joint share's panel (l.1659-1664)
    assert "'3. Pleegzorg en gezinsgerichte jeugdhulp als aandeel van alle jeugdhulp met verblijf (0-23 jaar)': " \
           "60% in 2016 en 63% in 2019." in alts[2]
    assert sum("aangemerkt als pleegzorg" in t for t in texts) == 2
    texts, _ = _rendered("al6")
    # l.2623 "Deze kon dit voorjaar niet herhaald worden door de coronacrisis."
    assert any("niet herhaald worden door de coronacrisis" in t for t in texts)


def test_eenzijdig_is_drawn_as_part_of_overig_in_the_chapter():
    _, alts = _rendered("al1")
    # l.1284-1288: overig 10% 14% 9% 8%, eenzijdig door cliënt 4% 3% 4% 4%
    assert "Overig: 10% in 2016, 14% in 2017, 9% in 2018 en 8% in 2019; waarvan eenzijdig door cliënt: 4% in 2016, " \
           "3% in 2017, 4% in 2018 en 4% in 2019." in alts[1]
