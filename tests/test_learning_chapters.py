"""The Hervormingsagenda chapters of 2024-H1 (issue 14): maatregelen, aanbevelingen, knelpunten and the
implementatieagenda section, built in-process; one recommendation carried through three editions.

Expected values come from the registries' sources read by hand (seed 003: ten maatregelen in four
groups, nine Data & monitoring indicators of which two can be counted from the agendas; seed 004:
five spanningsvelden in the verkenning) and from the issue (12 questions on the evaluatieagenda).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
import yaml

from analysis.chapters import aanbevelingen, evaluatieagenda, knelpunten, maatregelen
from analysis.errors import VoortgangError
from analysis.present.display import ChapterOutput, MarkdownBlock, TableBlock
from helpers import changed_content, copy_project, table_rows

EDITION = "2024-H1"


def _texts(out: ChapterOutput) -> list[str]:
    return [b.text for b in out.blocks if isinstance(b, MarkdownBlock)]


def _tables(out: ChapterOutput) -> list[str]:
    return [b.html for b in out.blocks if isinstance(b, TableBlock)]


def _rows(html: str) -> list[list[str]]:
    caption = html.split("<caption>")[1].split("</caption>")[0]
    return table_rows(html, caption)


def test_maatregelen_chapter_shows_every_maatregel_with_its_source_and_honest_monitoring():
    out = maatregelen.build(EDITION)
    texts = _texts(out)
    assert texts[0] == "# Maatregelen voor kwaliteit en effectiviteit"  # params/inhoud/hervormingsagenda
    assert "Van de 9 indicatoren die de werkgroep noemt, zijn er 2 te volgen" in texts[1]
    tables = _tables(out)
    numbers = [row[0] for html in tables if "<caption>Maatregelen " in html for row in _rows(html)[1:]]
    assert numbers == [str(n) for n in range(1, 11)]
    sources = [row[-1] for html in tables for row in _rows(html)[1:]]
    assert sources and all(s.startswith("003_9538ff96256bc43f, r. ") for s in sources)
    monitoring = {row[0]: row[1] for html in tables if "<caption>Monitoring" in html for row in _rows(html)[1:]}
    assert monitoring["Aantal gestarte nieuwe onderzoeken"] == "nog niet gemeten"
    assert monitoring["Aantal kwaliteitskaders (het indikken)"] == "nog niet gemeten"
    # 12 questions on the evaluatieagenda (issue 14), 3 entries on the implementatieagenda (003 l.788-790)
    assert [v for k, v in monitoring.items() if k.startswith("Het (her)opstellen")] == ["12"]
    assert [v for k, v in monitoring.items() if k.startswith("De ontwikkeling van de implementatieagenda")] == ["3"]
    assert any("De bron noemt voor deze maatregelen geen indicatoren" in t for t in texts)  # maatregel 9-10


def test_evaluatieagenda_chapter_has_the_implementatieagenda_with_what_is_new():
    out = evaluatieagenda.build(EDITION)
    texts = _texts(out)
    assert "## Implementatieagenda" in texts
    html = next(h for h in _tables(out) if "<caption>Implementatieagenda in 2024-H1" in h)
    rows = _rows(html)
    assert [r[0] for r in rows[1:]] == ["IA-001", "IA-002", "IA-003"]
    assert [r[3] for r in rows[1:]] == ["werkt", "werkt", "werkt niet"]
    assert [r[4] for r in rows[1:]] == [".", "EA-011", "EA-012"]


def test_evaluatieagenda_of_2020_h1_has_an_empty_implementatieagenda():
    texts = _texts(evaluatieagenda.build("2020-H1"))
    assert "In 2020-H1 staat er nog niets op de implementatieagenda." in texts  # entries date from 2021-H2


def test_knelpunten_chapter_shows_cycles_newest_first_with_lessons_carried_forward():
    out = knelpunten.build(EDITION)
    texts = _texts(out)
    headings = [t for t in texts if t.startswith("## ")]
    assert headings == ["## Tweede leercyclus \\(juli\\-december 2023\\)",
                        "## Eerste leercyclus \\(januari\\-juni 2023\\)",
                        "## Verkenning schakel\\- en adviesraad \\(2022\\)"]
    (table,) = _tables(out)
    assert [r[1].split(":")[0] for r in _rows(table)[1:]] == [
        "Hulp of wet", "Wetenschap of praktijk", "Medisch of normaal", "Hulp of preventie",
        "Korte termijn of lange termijn"]  # 004 l.175, 202, 225, 233, 249
    first = texts.index(headings[1])
    assert any(t.startswith("Lessen uit de vorige cyclus (Verkenning") for t in texts[first:first + 5])
    assert "Terug uit de vorige cyclus (Eerste leercyclus): 0 knelpunten." in texts[1 + texts.index(headings[0])]


def test_aanbevelingen_of_2024_h1_are_all_new_since_2020_h1():
    out = aanbevelingen.build(EDITION, "2020-H1")
    texts = _texts(out)
    assert "In deze editie: 4 nieuwe adviezen, 0 met een andere status en 0 die open blijven." in texts[1]
    (html,) = _tables(out)
    assert [r[0] for r in _rows(html)[1:]] == ["AB-001", "AB-002", "AB-003", "AB-004"]


def test_chapter_titles_are_programme_content(tmp_path, monkeypatch):
    changed_content(tmp_path, monkeypatch, "programma.yaml",
                    lambda d: d["hoofdstukken"].update(knelpunten="Wat knelt er?"), programme="hervormingsagenda")
    assert _texts(knelpunten.build(EDITION))[0] == "# Wat knelt er?"
    changed_content(tmp_path / "2", monkeypatch, "programma.yaml", lambda d: d["hoofdstukken"].pop("maatregelen"),
                    programme="hervormingsagenda")
    with pytest.raises(VoortgangError, match=r"programma.yaml has no title for chapter 'maatregelen'"):
        maatregelen.build(EDITION)


# ---------------------------------------------------------------- one advice through three editions

_THREE = textwrap.dedent("""
    import json, sys
    from analysis.chapters import aanbevelingen
    from analysis.present.display import MarkdownBlock, TableBlock
    out = {}
    for edition, previous in (("2024-H2", "2024-H1"), ("2025-H1", "2024-H2"), ("2025-H2", "2025-H1")):
        blocks = aanbevelingen.build(edition, previous).blocks
        out[edition] = [b.text if isinstance(b, MarkdownBlock) else b.html for b in blocks]
    print(json.dumps(out))
""")


def test_one_recommendation_through_three_editions(tmp_path):
    root = copy_project(tmp_path / "project")
    base = (root / "params" / "editions" / "2024-H1.yaml").read_text(encoding="utf-8")
    for edition in ("2024-H2", "2025-H1", "2025-H2"):
        (root / "params" / "editions" / f"{edition}.yaml").write_text(
            base.replace("edition: 2024-H1", f"edition: {edition}"), encoding="utf-8")
    advice = {"id": "AB-001", "advies": "Maak de wachttijden per regio openbaar.", "datum": "2024-09-01",
              "bron": {"document": "test", "regels": "1"}, "adressaat": "De gemeenten", "gegeven_in": "2024-H2",
              "statussen": [
                  {"editie": "2025-H1", "status": "in uitvoering", "toelichting": "Drie regio's publiceren."},
                  {"editie": "2025-H2", "status": "afgerond", "toelichting": "Alle regio's publiceren."}]}
    (root / "params" / "aanbevelingen.yaml").write_text(
        yaml.safe_dump({"aanbevelingen": [advice]}, allow_unicode=True), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", _THREE], capture_output=True, text=True, check=False, timeout=300,
                          env={**__import__("os").environ, "VOORTGANG_ROOT": str(root)})
    assert proc.returncode == 0, proc.stderr[-2000:]
    shown = json.loads(proc.stdout)

    def rows(edition: str) -> dict[str, list[str]]:
        return {h.split("<caption>")[1].split(" (")[0]: _rows(h)[1] for h in shown[edition] if h.startswith("<table")}

    # 2024-H2: given in this edition -> new, open
    assert list(rows("2024-H2")) == ["Nieuw sinds de vorige editie"]
    assert rows("2024-H2")["Nieuw sinds de vorige editie"][4] == "open"
    assert "1 nieuw advies, 0 met een andere status en 0 die open blijven" in shown["2024-H2"][1]
    # 2025-H1: open -> in uitvoering, with its account
    changed = rows("2025-H1")["Status gewijzigd sinds de vorige editie"]
    assert changed[4:6] == ["open → in uitvoering", "Drie regio's publiceren."]
    assert "0 nieuwe adviezen, 1 met een andere status en 0 die open blijven" in shown["2025-H1"][1]
    # 2025-H2: in uitvoering -> afgerond
    changed = rows("2025-H2")["Status gewijzigd sinds de vorige editie"]
    assert changed[4:6] == ["in uitvoering → afgerond", "Alle regio's publiceren."]
    # and an edition later it is no longer listed, only counted (measured on the frame)


def test_a_closed_advice_is_counted_not_listed():
    from analysis.inputs.leercyclus import Aanbevelingen
    from analysis.measures.learning import aanbevelingen_frame
    from analysis.present.learning import aanbevelingen_summary

    registry = Aanbevelingen.model_validate({"aanbevelingen": [
        {"id": "AB-001", "advies": "x", "datum": "2024", "bron": {"document": "t", "regels": "1"},
         "adressaat": "y", "gegeven_in": "2024-H2",
         "statussen": [{"editie": "2025-H2", "status": "afgerond", "toelichting": "klaar"}]}]})
    frame = aanbevelingen_frame(registry, "2026-H1", "2025-H2")
    assert frame["groep"].tolist() == ["gesloten"]
    assert aanbevelingen_summary(frame).endswith("Eerder afgerond of vervallen: 1.")
    assert aanbevelingen_frame(registry, "2024-H1", None).empty  # not given yet
