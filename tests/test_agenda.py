"""Evaluatieagenda and mijlpalen registries: content against the seeds, validation, changes."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from analysis.config import EVALUATIEAGENDA, MIJLPALEN, SHARED_DIR
from analysis.errors import VoortgangError
from analysis.inputs.agenda import load_evaluatieagenda, load_mijlpalen, vgr_editions
from analysis.measures.agenda import (
    actielijn_tabel_frame,
    agenda_changes,
    agenda_frame,
    mijlpalen_changes,
    mijlpalen_frame,
)

SEED_001 = SHARED_DIR / "seeds" / "001_a366937519f87aa1.txt"
SEED_003 = SHARED_DIR / "seeds" / "003_9538ff96256bc43f.txt"
needs_seeds = pytest.mark.skipif(not SEED_001.is_file(), reason="seed texts not available")


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def _cited(lines: list[str], regels: str) -> str:
    """The text of the cited lines ('590-612, 680'), 1-based."""
    out = []
    for part in regels.split(","):
        a, _, b = part.strip().partition("-")
        out += lines[int(a) - 1 : int(b or a)]
    return " ".join(out)


def _norm(text: str) -> str:
    # compare OCR and transcription on letters only: OCR writes 0ZJ, cliént, geintensiveerd
    text = text.lower().replace("0", "o")
    for a, b in (("é", "e"), ("ë", "e"), ("ï", "i")):
        text = text.replace(a, b)
    return re.sub(r"[^a-z]", "", text)


# ---------------------------------------------------------------- the registries against the seeds


@pytest.fixture(scope="module")
def mijlpalen():
    return load_mijlpalen()


@pytest.fixture(scope="module")
def agenda():
    return load_evaluatieagenda()


@needs_seeds
def test_overzicht_has_every_row_of_the_seed_table(mijlpalen):
    seed = _lines(SEED_001)
    # rows of the Mijlpalenoverzicht (l.571-715) end in "<actielijn> VGR..."
    rows = [i + 1 for i in range(570, 715) if re.search(r"\s(1en5|5en1|[1-6R])\s+VGR\s*\d", seed[i])]
    cited = sorted(int(m.bron.regels.split("-")[0]) for m in mijlpalen.overzicht)
    assert cited == rows
    assert len(rows) == 114


@needs_seeds
def test_overzicht_records_quote_their_line(mijlpalen):
    seed = _lines(SEED_001)
    for m in mijlpalen.overzicht:
        line = _cited(seed, m.bron.regels)
        assert m.bron.wanneer in line, m.id
        assert _norm(m.mijlpaal)[:20] in _norm(line), m.id


@needs_seeds
def test_table_items_quote_their_lines(mijlpalen):
    seed = _lines(SEED_001)
    for table in mijlpalen.tabellen:
        for row in table.rijen:
            for item in row.mijlpalen + row.vervolgstappen:
                assert _norm(item.tekst)[:10] in _norm(_cited(seed, item.regels)), (table.actielijn, item.tekst)


@needs_seeds
def test_agenda_sources_exist(agenda):
    lengths = {"001_a366937519f87aa1": len(_lines(SEED_001)), "003_9538ff96256bc43f": len(_lines(SEED_003))}
    for item in [*agenda.vragen, *agenda.prioriteringscriteria]:
        last = max(int(x) for x in re.findall(r"\d+", item.bron.regels))
        assert last <= lengths[item.bron.document], item.id


def test_multi_status_milestones(mijlpalen):
    by_line = {m.bron.regels: m for m in mijlpalen.overzicht}
    # l.682: "Samenwerkingsplatform vakmanschap is in oprichting / is opgericht ... 6 VGR2/VGR 4"
    platform = by_line["682"]
    assert [(s.status, s.editie) for s in platform.stappen] == [("in uitvoering", "2019-H1"), ("behaald", "2020-H1")]
    # l.680: "... 6 VGR 2-3; VGR 4": the first step spans VGR 2 and VGR 3
    klas = by_line["680"]
    assert [s.edities for s in klas.stappen] == [["2019-H1", "2019-H2"], ["2020-H1"]]
    # l.585 "1en5", l.670 "5en1"
    assert by_line["585"].actielijnen == ["1", "5"]
    assert by_line["670"].actielijnen == ["5", "1"]
    # l.572 "VGR1" (OCR without space) is VGR 1 = November 2018
    assert by_line["572"].stappen[0].editie == "2018-H2"


@needs_seeds
def test_milestones_reached_in_vgr4(mijlpalen):
    seed = _lines(SEED_001)
    vgr4 = sum(1 for i in range(570, 715) if re.search(r"[1-6R]\s+VGR.*VGR\s*4\s*$|[1-6R]\s+VGR\s*4\s*$", seed[i]))
    frame = mijlpalen_frame(mijlpalen, "2020-H1")
    assert int(frame["in_editie"].sum()) == vgr4


def test_status_as_of_an_edition(mijlpalen):
    before = mijlpalen_frame(mijlpalen, "2019-H2").set_index("id")
    now = mijlpalen_frame(mijlpalen).set_index("id")
    rid = next(m.id for m in mijlpalen.overzicht if m.bron.regels == "682")
    assert (before.loc[rid, "status"], before.loc[rid, "editie"]) == ("in uitvoering", "2019-H1")
    assert (now.loc[rid, "status"], now.loc[rid, "editie"]) == ("behaald", "2020-H1")
    # milestones first reached in VGR 4 do not exist yet in 2019-H2
    assert len(before) < len(now) == 114
    assert not mijlpalen_frame(mijlpalen, "2018-H1").shape[0]


def test_actielijn_tables(mijlpalen):
    assert sorted(t.actielijn for t in mijlpalen.tabellen) == ["1", "2", "3", "4", "5", "6", "R"]
    al5 = actielijn_tabel_frame(mijlpalen, "5", "2020-H1")
    assert list(al5.columns) == ["Subdoel", "Resultaten sinds november 2019", "Volgende stappen"]
    assert al5["Subdoel"].str[0].tolist() == ["A", "B", "C", "D", "E", "F"]  # subdoelen A-F of actielijn 5
    assert al5.loc[1, "Volgende stappen"] == ""  # blank cell in the source
    al1 = actielijn_tabel_frame(mijlpalen, "1", "2020-H1")
    assert al1.columns[1] == "Belangrijkste mijlpalen sinds november 2019"
    assert al1.iloc[-1, 2] == "Geen"  # l.1555: subdoel E (kindertelefoon) prints "Geen"
    with pytest.raises(VoortgangError, match=r"argument actielijn/editie: no table for actielijn 7 in 2020-H1"):
        actielijn_tabel_frame(mijlpalen, "7", "2020-H1")


def test_agenda_content(agenda):
    assert [c.id for c in agenda.prioriteringscriteria] == [
        "tijdsbelasting_en_inschatting", "interventies_buiten_jeugdhulp", "organisatie_van_zorg"
    ]
    # the seeds give no scores and no ranking: nothing may be filled in
    assert all(score is None for v in agenda.vragen for score in v.prioriteringscriteria.values())
    assert all(v.prioriteit is None for v in agenda.vragen)
    zo_thuis = next(v for v in agenda.vragen if v.thema == "Zo thuis mogelijk opgroeien")
    assert (zo_thuis.status, zo_thuis.editie_toegevoegd) == ("geagendeerd", "2021-H2")
    separeren = next(v for v in agenda.vragen if "separeren" in v.vraag)
    assert separeren.status == "beantwoord: werkt niet"


def test_agenda_as_of_an_edition(agenda):
    vgr4 = agenda_frame(agenda, "2020-H1")
    assert not vgr4["id"].isin(["EA-001", "EA-011", "EA-012"]).any()  # added in 2021-H2
    assert vgr4["nieuw"].all() and not vgr4["gesloten"].any()
    later = agenda_frame(agenda, "2021-H2").set_index("id")
    assert later.loc["EA-012", "gesloten"] and later.loc["EA-012", "nieuw"]
    assert not later.loc["EA-002", "nieuw"]


# ---------------------------------------------------------------- validation of bad files


def _agenda_doc() -> dict:
    return {
        "prioriteringscriteria": [{"id": "tijd", "omschrijving": "t", "bron": {"document": "d", "regels": "1"}}],
        "vragen": [
            {
                "id": "EA-001", "vraag": "Werkt x?", "thema": "x", "actielijn": "2",
                "prioriteringscriteria": {"tijd": None}, "status": "geagendeerd",
                "editie_toegevoegd": "2020-H1", "bron": {"document": "d", "regels": "590-612"},
            }
        ],
    }


def _write(tmp_path: Path, doc: dict, name: str) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _bad_agenda(tmp_path, change):
    doc = _agenda_doc()
    change(doc["vragen"][0], doc)
    return _write(tmp_path, doc, "evaluatieagenda.yaml")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda v, d: v.update(kleur="rood"), r"field kleur: Extra inputs are not permitted"),
        (lambda v, d: v.update(status="beantwoord"), r"field status: Input should be 'geagendeerd', 'in onderzoek'"),
        (lambda v, d: v.update(status="beantwoord: werkt"), r"field \(record\): status 'beantwoord: werkt' needs editie_gesloten"),
        (lambda v, d: v.update(editie_gesloten="2020-H2"), r"field \(record\): status 'geagendeerd' is open, so editie_gesloten must be empty"),
        (lambda v, d: v.update(status="beantwoord: onbekend", editie_gesloten="2019-H2"), r"editie_gesloten is before editie_toegevoegd"),
        (lambda v, d: v.update(editie_toegevoegd="2020-H3"), r"field editie_toegevoegd: '2020-H3' is not an edition"),
        (lambda v, d: v.update(actielijn=None), r"field \(record\): give an actielijn or a hervormingsthema"),
        (lambda v, d: v.update(actielijn="7"), r"field actielijn: Input should be '1', '2'"),
        (lambda v, d: v["bron"].update(regels="l.590"), r"field bron.regels: 'l.590' is not a line number"),
        (lambda v, d: v.update(notebooks=["02-agenda.ipynb"]), r"field notebooks: '02-agenda.ipynb' is not a notebook stem"),
        (lambda v, d: v.update(prioriteit=0), r"field prioriteit: Input should be greater than or equal to 1"),
        (lambda v, d: v.update(id="EA-1"), r"record 'EA-1' \(vragen #1\), field id: String should match pattern"),
        (lambda v, d: v.pop("vraag"), r"field vraag: Field required"),
    ],
)
def test_bad_agenda_records(tmp_path, change, message):
    path = _bad_agenda(tmp_path, change)
    with pytest.raises(VoortgangError, match=message) as err:
        load_evaluatieagenda(path)
    text = str(err.value)
    assert text.startswith(f"{path}: record ")
    assert "(vragen #1)" in text


def test_agenda_criteria_must_match(tmp_path):
    path = _bad_agenda(tmp_path, lambda v, d: v.update(prioriteringscriteria={"snelheid": 3}))
    with pytest.raises(VoortgangError, match=(
        r"record 'EA-001' \(vragen\), field prioriteringscriteria: unknown snelheid; "
        r"missing tijd \(write null when not scored\)"
    )):
        load_evaluatieagenda(path)


def test_agenda_duplicate_id(tmp_path):
    doc = _agenda_doc()
    doc["vragen"].append(copy.deepcopy(doc["vragen"][0]))
    with pytest.raises(VoortgangError, match=r"evaluatieagenda.yaml: record 'EA-001' \(vragen\), field id: duplicate id"):
        load_evaluatieagenda(_write(tmp_path, doc, "evaluatieagenda.yaml"))


def test_agenda_not_yaml(tmp_path):
    path = tmp_path / "evaluatieagenda.yaml"
    path.write_text("vragen: [\n")
    with pytest.raises(VoortgangError, match=r"evaluatieagenda.yaml: not valid YAML at line 2"):
        load_evaluatieagenda(path)


def _mijlpalen_doc() -> dict:
    return {
        "overzicht": [
            {
                "id": "M-001", "mijlpaal": "Arbeidsmarkttafel jeugdsector is in oprichting; is opgericht",
                "actielijnen": ["6"],
                "stappen": [{"status": "in uitvoering", "editie": "2019-H2"}, {"status": "behaald", "editie": "2020-H1"}],
                "bron": {"document": "001_a366937519f87aa1", "regels": "685", "wanneer": "VGR 3; VGR 4"},
            }
        ],
        "tabellen": [
            {
                "actielijn": "1", "titel": "Betere toegang", "editie": "2020-H1",
                "kolommen": ["Subdoel", "Belangrijkste mijlpalen sinds november 2019", "Vervolgstappen"],
                "bron": {"document": "001_a366937519f87aa1", "regels": "1374-1470"},
                "rijen": [{"subdoel": "E", "subdoel_tekst": "Een luisterend oor", "mijlpalen": [],
                           "vervolgstappen": [{"tekst": "Geen", "regels": "1555"}]}],
            }
        ],
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["overzicht"][0]["bron"].update(wanneer="VGR 4"),
         r"record 'M-001' \(overzicht #1\), field \(record\): stappen cover \['2019-H2', '2020-H1'\] but bron.wanneer 'VGR 4' names \['2020-H1'\]"),
        (lambda d: d["overzicht"][0]["stappen"].reverse(), r"record 'M-001' \(overzicht #1\), field \(record\): stappen are not in edition order"),
        (lambda d: d["overzicht"][0]["stappen"][1].update(status="afgerond"), r"field stappen.1.status: Input should be 'gepland', 'in uitvoering' or 'behaald'"),
        (lambda d: d["overzicht"][0].update(actielijnen=["1en5"]), r"field actielijnen.0: Input should be '1'"),
        (lambda d: d["overzicht"][0].update(actielijnen=[]), r"field actielijnen: List should have at least 1 item"),
        (lambda d: d["overzicht"][0]["bron"].update(wanneer="VGR 3; VGR 9"), r"VGR 9 in 'VGR 3; VGR 9' has no edition in VGR_EDITIONS"),
        (lambda d: d["overzicht"][0]["stappen"][0].update(editie_tot="2019-H1"), r"field stappen.0: .*editie_tot must be after editie"),
        (lambda d: d["tabellen"][0]["rijen"][0].update(kleur="rood"),
         r"record 'actielijn 1 2020-H1' \(tabellen #1\), field rijen.0.kleur: Extra inputs are not permitted"),
        (lambda d: d["tabellen"][0].update(kolommen=["Subdoel", "Mijlpalen"]), r"\(tabellen #1\), field kolommen: List should have at least 3 items"),
        (lambda d: d["tabellen"][0]["rijen"][0].update(subdoel="G"), r"field rijen.0.subdoel: String should match pattern"),
    ],
)
def test_bad_mijlpalen_records(tmp_path, change, message):
    doc = _mijlpalen_doc()
    change(doc)
    path = _write(tmp_path, doc, "mijlpalen.yaml")
    with pytest.raises(VoortgangError, match=message) as err:
        load_mijlpalen(path)
    assert str(err.value).startswith(f"{path}: record ")


def test_mijlpalen_duplicates(tmp_path):
    doc = _mijlpalen_doc()
    doc["overzicht"].append(copy.deepcopy(doc["overzicht"][0]))
    with pytest.raises(VoortgangError, match=r"record 'M-001' \(overzicht\), field id: duplicate id"):
        load_mijlpalen(_write(tmp_path, doc, "mijlpalen.yaml"))
    doc = _mijlpalen_doc()
    doc["tabellen"].append(copy.deepcopy(doc["tabellen"][0]))
    with pytest.raises(VoortgangError, match=r"record 'actielijn 1 2020-H1' \(tabellen\), field id: duplicate id"):
        load_mijlpalen(_write(tmp_path, doc, "mijlpalen.yaml"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("VGR1", {"2018-H2"}),
        ("VGR 1", {"2018-H2"}),
        ("VGR 2-3; VGR 4", {"2019-H1", "2019-H2", "2020-H1"}),
        ("VGR2/VGR 4", {"2019-H1", "2020-H1"}),
    ],
)
def test_vgr_editions(text, expected):
    assert vgr_editions(text) == expected


def test_vgr_editions_needs_a_vgr():
    with pytest.raises(ValueError, match=r"no 'VGR n' in 'mei 2020'"):
        vgr_editions("mei 2020")


# ---------------------------------------------------------------- changes between versions


def _rows(frame):
    """Rows as lists, missing cells as None (pandas 3 string columns hold NaN)."""
    return frame.astype(object).where(frame.notna(), None).values.tolist()


def test_agenda_changes(tmp_path):
    old_doc = _agenda_doc()
    old_doc["vragen"].append({**copy.deepcopy(old_doc["vragen"][0]), "id": "EA-002", "vraag": "Werkt y?"})
    old_doc["vragen"].append({**copy.deepcopy(old_doc["vragen"][0]), "id": "EA-003", "vraag": "Werkt z?"})
    new_doc = copy.deepcopy(old_doc)
    new_doc["vragen"][0].update(status="beantwoord: werkt niet", editie_gesloten="2020-H2")  # EA-001 answered
    del new_doc["vragen"][1]  # EA-002 removed
    new_doc["vragen"].append({**copy.deepcopy(old_doc["vragen"][0]), "id": "EA-004", "vraag": "Werkt w?",
                              "editie_toegevoegd": "2020-H2"})
    old = load_evaluatieagenda(_write(tmp_path, old_doc, "old.yaml"))
    new = load_evaluatieagenda(_write(tmp_path, new_doc, "new.yaml"))
    changes = agenda_changes(old, new)
    assert _rows(changes) == [
        ["EA-001", "status gewijzigd", "Werkt x?", "geagendeerd", "beantwoord: werkt niet"],
        ["EA-002", "verwijderd", "Werkt y?", "geagendeerd", None],
        ["EA-004", "toegevoegd", "Werkt w?", None, "geagendeerd"],
    ]
    assert agenda_changes(new, new).empty


def test_mijlpalen_changes(tmp_path):
    old_doc = _mijlpalen_doc()
    old_doc["overzicht"][0]["stappen"] = old_doc["overzicht"][0]["stappen"][:1]
    old_doc["overzicht"][0]["bron"]["wanneer"] = "VGR 3"
    new_doc = _mijlpalen_doc()
    new_doc["overzicht"].append({
        "id": "M-002", "mijlpaal": "Subsidieregeling EVC jeugd- en gezinsprofessional opgesteld", "actielijnen": ["6"],
        "stappen": [{"status": "behaald", "editie": "2020-H1"}],
        "bron": {"document": "001_a366937519f87aa1", "regels": "688", "wanneer": "VGR 4"},
    })
    old = load_mijlpalen(_write(tmp_path, old_doc, "old.yaml"))
    new = load_mijlpalen(_write(tmp_path, new_doc, "new.yaml"))
    assert _rows(mijlpalen_changes(old, new)) == [
        ["M-001", "status gewijzigd", "Arbeidsmarkttafel jeugdsector is in oprichting; is opgericht",
         "in uitvoering", "2019-H2", "behaald", "2020-H1"],
        ["M-002", "toegevoegd", "Subsidieregeling EVC jeugd- en gezinsprofessional opgesteld",
         None, None, "behaald", "2020-H1"],
    ]
    assert mijlpalen_changes(new, old)["wijziging"].tolist() == ["status gewijzigd", "verwijderd"]


def test_project_files_are_the_default_paths(agenda, mijlpalen):
    assert load_evaluatieagenda(EVALUATIEAGENDA) == agenda
    assert load_mijlpalen(MIJLPALEN) == mijlpalen
