"""Registries of the learning loop (issue 14): maatregelen, implementatieagenda, aanbevelingen, leercycli.

Content against the seeds (every record quotes or names what is on its cited
lines; counts and groupings read by hand from seed 003), validation (unknown key,
wrong status, dangling reference: one line naming file, record and field), the
link evaluatieagenda -> implementatieagenda ("werkt" needs an entry), and the
command line (exit 2 before anything runs).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from analysis.config import AANBEVELINGEN, EVALUATIEAGENDA, IMPLEMENTATIEAGENDA, LEERCYCLI, MAATREGELEN, SHARED_DIR
from analysis.errors import VoortgangError
from analysis.inputs.hervorming import load_implementatieagenda, load_maatregelen
from analysis.inputs.leercyclus import load_aanbevelingen, load_leercycli
from analysis.inputs.validation import CHECKS
from helpers import copy_project, run_cli

SEEDS = {
    "003_9538ff96256bc43f": SHARED_DIR / "seeds" / "003_9538ff96256bc43f.txt",
    "004_a61563c665bea73b": SHARED_DIR / "seeds" / "004_a61563c665bea73b.txt",
}
needs_seeds = pytest.mark.skipif(not all(p.is_file() for p in SEEDS.values()), reason="seed texts not available")


def _cited(document: str, regels: str) -> str:
    lines = SEEDS[document].read_text(encoding="utf-8").split("\n")
    out = []
    for part in regels.split(","):
        a, _, b = part.strip().partition("-")
        assert int(b or a) <= len(lines), (document, regels)
        out += lines[int(a) - 1 : int(b or a)]
    return " ".join(out)


def _norm(text: str) -> str:
    text = text.lower()
    for a, b in (("é", "e"), ("ë", "e"), ("ï", "i"), ("’", "'"), ("‘", "'")):
        text = text.replace(a, b)
    return re.sub(r"[^a-z]", "", text)


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _write(tmp_path: Path, doc: dict, name: str) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# ---------------------------------------------------------------- content against the seeds


def test_ten_maatregelen_in_the_four_clusters_of_seed_003():
    model = load_maatregelen()
    # 003 l.354, 588, 744, 865: "Maatregel 1,2,3,4", "Maatregel 5, 6", "Maatregel 7,8", "Maatregel 9, 10"
    assert {c.id: [m.nummer for m in model.of_cluster(c.id)] for c in model.clusters} == {
        1: [1, 2, 3, 4], 2: [5, 6], 3: [7, 8], 4: [9, 10]}
    # maatregel 9-10 has no "Data & monitoring" paragraph (l.865-950); the other three have one
    assert [c.monitoring is None for c in model.clusters] == [False, False, False, True]


@needs_seeds
def test_every_maatregel_and_monitoring_text_is_on_its_cited_lines():
    model = load_maatregelen()
    for m in model.maatregelen:
        assert _norm(m.tekst)[:40] in _norm(_cited(m.bron.document, m.bron.regels)), m.nummer
        assert re.search(rf"\b{m.nummer}\.", _cited(m.bron.document, m.bron.regels)), m.nummer
    for c in model.clusters:
        assert _norm(c.titel)[:30] in _norm(_cited(c.bron.document, c.bron.regels)), c.id
        if c.monitoring:
            cited = _norm(_cited(c.monitoring.bron.document, c.monitoring.bron.regels))
            assert "datamonitoring" in cited
            for sentence in c.monitoring.tekst.split("..."):
                assert _norm(sentence) in cited, (c.id, sentence)
    for t in model.themas:
        assert _norm(t.titel) in _norm(_cited(t.bron.document, t.bron.regels)), t.id


@needs_seeds
def test_the_monitoring_indicators_the_issue_names_are_there_and_unmeasured_ones_say_so():
    by_id = {i.id: i for c in load_maatregelen().clusters if c.monitoring for i in c.monitoring.indicatoren}
    # 003 l.514-516: number of kaders and which are used in inkoop; l.718-719: studies started and their
    # speed; l.843-845: more of what works (no data in any source: "nog geen bron")
    for key, word in [("kaders_aantal", "aantal"), ("kaders_in_inkoop", "inkoop"),
                      ("onderzoeken_gestart", "gestarte"), ("onderzoeken_snelheid", "snelheid"),
                      ("aandeel_bekend_werkt", "werken")]:
        assert by_id[key].meting == "nog geen bron"
        assert word in _cited(by_id[key].bron.document, by_id[key].bron.regels), key
    assert by_id["implementatieagenda_ontwikkeling"].meting == "implementatieagenda"


@needs_seeds
def test_implementatieagenda_entries_are_the_examples_of_maatregel_7():
    agenda = load_implementatieagenda()
    # 003 l.788-790: trauma and exposure bij angst work, separeren does not
    got = {i.id: (i.bewijs, i.vraag) for i in agenda.interventies}
    assert got == {"IA-001": ("werkt", None), "IA-002": ("werkt", "EA-011"), "IA-003": ("werkt niet", "EA-012")}
    for entry, word in zip(agenda.interventies, ("trauma", "exposure", "separeren"), strict=True):
        assert word in _cited(entry.bron.document, entry.bron.regels)
    (criterium,) = agenda.criteria
    assert not criterium.vastgesteld
    assert "bewezen (niet-)effectief" in _cited(criterium.bron.document, criterium.bron.regels)


@needs_seeds
def test_aanbevelingen_and_leercycli_cite_existing_lines_that_carry_their_words():
    for a in load_aanbevelingen().aanbevelingen:
        cited = _norm(_cited(a.bron.document, a.bron.regels))
        key = {"AB-001": "werkorganisatieennetwerkstructuur", "AB-002": "kwartiermaker",
               "AB-003": "sareengoedidee", "AB-004": "kwartiermakersrol"}[a.id]
        assert key in cited, a.id
    for cycle in load_leercycli().leercycli:
        for k in cycle.knelpunten:
            head = k.knelpunt.split(":")[0]  # the spanningsveld's heading, e.g. "Hulp of wet"
            assert _norm(head) in _norm(_cited(k.bron.document, k.bron.regels)), k.id
        for item in [*cycle.acties, *cycle.lessen]:
            _cited(item.bron.document, item.bron.regels)


def test_new_registries_are_checked_before_anything_runs():
    names = [c.name for c in CHECKS]
    for name in ("maatregelen en hun monitoring", "implementatieagenda", "aanbevelingen", "leercycli en knelpunten"):
        assert name in names
    assert names.index("implementatieagenda") > names.index("evaluatieagenda")


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize(("source", "loader", "change", "message"), [
    (MAATREGELEN, load_maatregelen, lambda d: d["maatregelen"][0].update(kleur="rood"),
     r"record 1 \(maatregelen #1\), field kleur: Extra inputs are not permitted"),
    (MAATREGELEN, load_maatregelen, lambda d: d["maatregelen"][2].update(cluster=7),
     r"record 3 \(maatregelen\), field cluster: 7 is not a cluster"),
    (MAATREGELEN, load_maatregelen, lambda d: d["maatregelen"][0].update(thema="zorg"),
     r"record 1 \(maatregelen\), field thema: 'zorg' is not a theme"),
    (MAATREGELEN, load_maatregelen, lambda d: d["clusters"][1].update(dwarsverbanden=["geld"]),
     r"record 2 \(clusters\), field dwarsverbanden: 'geld' is not a theme"),
    (MAATREGELEN, load_maatregelen, lambda d: d["clusters"][0]["monitoring"]["indicatoren"][0].update(meting="CBS"),
     r"record 1 \(clusters #1\), field monitoring.indicatoren.0.meting: Input should be 'nog geen bron'"),
    (IMPLEMENTATIEAGENDA, load_implementatieagenda, lambda d: d["interventies"][0].update(bewijs="misschien"),
     r"record 'IA-001' \(interventies #1\), field bewijs: Input should be 'werkt', 'werkt niet' or 'onbekend'"),
    (IMPLEMENTATIEAGENDA, load_implementatieagenda, lambda d: d["interventies"][0].update(criterium="rct"),
     r"record 'IA-001' \(interventies\), field criterium: 'rct' is not a criterion"),
    (IMPLEMENTATIEAGENDA, load_implementatieagenda, lambda d: d["interventies"][0].update(vraag="EA-099"),
     r"record 'IA-001' \(interventies\), field vraag: 'EA-099' is not a question"),
    (AANBEVELINGEN, load_aanbevelingen, lambda d: d["aanbevelingen"][0]["statussen"][0].update(status="klaar"),
     r"record 'AB-001' \(aanbevelingen #1\), field statussen.0.status: Input should be 'open', 'in uitvoering'"),
    (AANBEVELINGEN, load_aanbevelingen, lambda d: d["aanbevelingen"][0]["statussen"][0].update(editie="2020-H1"),
     r"record 'AB-001' \(aanbevelingen #1\), field \(record\): statussen start in 2020-H1, before gegeven_in 2021-H2"),
    (AANBEVELINGEN, load_aanbevelingen, lambda d: d["aanbevelingen"][0].update(datum="23-12-2021"),
     r"record 'AB-001' \(aanbevelingen #1\), field datum: '23-12-2021' is not a date"),
    (LEERCYCLI, load_leercycli, lambda d: d["leercycli"][0]["knelpunten"][0].update(soort="geld"),
     r"record 'LC-0' \(leercycli #1\), field knelpunten.0.soort: Input should be 'inhoud' or 'proces'"),
    (LEERCYCLI, load_leercycli, lambda d: d["leercycli"][1].update(
        knelpunten=[{**d["leercycli"][0]["knelpunten"][0], "id": "KP-101", "terug_van": "KP-999"}]),
     r"record 'KP-101' \(leercycli LC-1\), field terug_van: 'KP-999' is not a knelpunt of the previous cycle \(LC-0\)"),
    (LEERCYCLI, load_leercycli, lambda d: d["leercycli"][0]["acties"][0].update(knelpunt="KP-050"),
     r"record 'AC-001' \(leercycli LC-0\), field knelpunt: 'KP-050' is not a knelpunt of this cycle"),
])
def test_bad_records_are_refused_with_file_record_and_field(tmp_path, source, loader, change, message):
    doc = copy.deepcopy(_load(source))
    change(doc)
    path = _write(tmp_path, doc, source.name)
    with pytest.raises(VoortgangError, match=message) as err:
        loader(path)
    assert str(err.value).startswith(f"{path}: record ")
    assert "\n" not in str(err.value)


def test_a_returning_knelpunt_is_accepted_and_counted(tmp_path):
    from analysis.measures.learning import cycles_as_of

    doc = _load(LEERCYCLI)
    first = doc["leercycli"][0]["knelpunten"][0]
    doc["leercycli"][1]["knelpunten"] = [{**first, "id": "KP-101", "terug_van": first["id"]},
                                         {**first, "id": "KP-102", "terug_van": None}]
    views = cycles_as_of(load_leercycli(_write(tmp_path, doc, "leercycli.yaml")), "2023-H1")
    assert [(v.cycle.id, v.returning) for v in views] == [("LC-1", 1), ("LC-0", 0)]
    assert [les.id for les in views[0].lessons_in] == ["LS-001", "LS-002"]  # carried from LC-0


# ---------------------------------------------------------------- "werkt" needs an implementatieagenda entry


def _answered(tmp_path: Path, implementatie: str | None, entry_change=None) -> tuple[Path, Path]:
    agenda = _load(EVALUATIEAGENDA)
    vraag = agenda["vragen"][0]
    vraag.update(status="beantwoord: werkt", editie_gesloten="2024-H1")
    if implementatie is not None:
        vraag["implementatie"] = implementatie
    ia = _load(IMPLEMENTATIEAGENDA)
    ia["interventies"].append({**ia["interventies"][0], "id": "IA-010", "vraag": vraag["id"]})
    if entry_change:
        entry_change(ia["interventies"][-1])
    return _write(tmp_path, agenda, "evaluatieagenda.yaml"), _write(tmp_path, ia, "implementatieagenda.yaml")


def test_answering_werkt_without_an_implementatieagenda_entry_is_refused(tmp_path):
    agenda, ia = _answered(tmp_path, None)
    with pytest.raises(VoortgangError, match=r"evaluatieagenda.yaml: record 'EA-001' \(vragen #1\), field \(record\): "
                                             r"status 'beantwoord: werkt' needs implementatie"):
        load_implementatieagenda(ia, agenda)


@pytest.mark.parametrize(("implementatie", "entry_change", "message"), [
    ("IA-099", None, r"field implementatie: 'IA-099' is not an entry of implementatieagenda.yaml"),
    ("IA-010", lambda e: e.update(bewijs="werkt niet"),
     r"field implementatie: the question is answered 'werkt' but entry 'IA-010' says 'werkt niet'"),
    ("IA-010", lambda e: e.update(vraag="EA-002"), r"field implementatie: entry 'IA-010' does not name 'EA-001'"),
])
def test_answering_werkt_needs_an_entry_that_says_werkt_and_names_it_back(tmp_path, implementatie, entry_change,
                                                                         message):
    agenda, ia = _answered(tmp_path, implementatie, entry_change)
    with pytest.raises(VoortgangError, match=r"record 'EA-001' \(vragen\), " + message):
        load_implementatieagenda(ia, agenda)


def test_answering_werkt_with_its_entry_is_accepted(tmp_path):
    agenda, ia = _answered(tmp_path, "IA-010")
    assert load_implementatieagenda(ia, agenda).interventies[-1].vraag == "EA-001"


def test_the_command_line_refuses_a_broken_registry_with_exit_2(tmp_path):
    root = copy_project(tmp_path / "project")
    path = root / "params" / "leercycli.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("terug_van: null", "terug_van: KP-777", 1),
                    encoding="utf-8")
    proc = run_cli(root, "validate", "--edition", "2024-H1")
    assert proc.returncode == 2, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "leercycli.yaml: record 'KP-001' (leercycli LC-0), field terug_van: 'KP-777'" in lines[0]
