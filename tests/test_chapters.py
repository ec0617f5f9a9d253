"""Every chapter's build() in this process, for the fast subset (`make test-fast`).

The whole builds in test_build.py run the same chapters on kernels (slow); here
each chapter is called directly, on the 2020-H1 edition and, for the chapters
on person-level data, a small synthetic population. Expected values: the
chapter titles and the Kernindicatoren as printed in the seed report
(helpers.CHAPTERS, helpers.KERNINDICATOREN_AS_PRINTED).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.chapters import (
    cohort_18plus,
    evaluatieagenda,
    factsheet,
    kernindicatoren,
    methoden,
    mijlpalen,
    patronen,
    wijzigingen,
)
from analysis.inputs.synthetic import generate
from analysis.present.display import ChapterOutput, FigureBlock, MarkdownBlock, TableBlock
from analysis.present.notices import SYNTHETIC_MARK
from helpers import CHAPTERS, KERNINDICATOREN_AS_PRINTED, count_population, table_rows

EDITION = "2020-H1"


@pytest.fixture(scope="module")
def population(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("chapters") / "synthetic"
    generate(20_000, (2013, 2019), 5, out)
    count_population(out)
    return str(out)


def _texts(out: ChapterOutput) -> list[str]:
    return [b.text for b in out.blocks if isinstance(b, MarkdownBlock)]


def _of(out: ChapterOutput, kind: type) -> list:
    return [b for b in out.blocks if isinstance(b, kind)]


def test_kernindicatoren_shows_the_published_values():
    out = kernindicatoren.build(EDITION)
    assert _texts(out)[0] == f"# {CHAPTERS[1]}"
    html = next(t.html for t in _of(out, TableBlock) if "<caption>Kernindicatoren" in t.html)
    rows = table_rows(html, "Kernindicatoren")
    assert rows[0][1:] == ["2015", "2016", "2017", "2018", "2019", "Trend"]
    assert [[c for c in row[1:6] if c != "."] for row in rows[1:]] == KERNINDICATOREN_AS_PRINTED


@pytest.mark.parametrize("actielijn", [1, 2, 3, 4, 5, 6])
def test_factsheet_has_its_title_figures_with_alt_text_and_findings(actielijn):
    out = factsheet.build(EDITION, f"al{actielijn}")
    texts = _texts(out)
    assert texts[0] == f"# {next(c for c in CHAPTERS if c.startswith(f'Factsheet actielijn {actielijn}:'))}"
    assert "## Wat zegt deze factsheet ons?" in texts
    figures = _of(out, FigureBlock)
    assert figures and all(f.alt.strip() and f.png.startswith(b"\x89PNG") for f in figures)
    # the caption names the panel ("1. ..."), the alt text describes it
    assert [f.caption[:3] for f in figures] == [f"{n}. " for n in range(1, len(figures) + 1)]
    assert all(f.caption != f.alt and f.caption in f.alt for f in figures)


def test_actielijn_4_shows_the_published_figures():
    """Issue 12: the May 2020 report printed 49,8% (verblijf) against 11,6% (geen jeugdhulp), seed l.2208-2209."""
    out = factsheet.build(EDITION, "al4")
    alts = " ".join(f.alt for f in _of(out, FigureBlock))
    assert "49,8%" in alts and "11,6%" in alts
    assert SYNTHETIC_MARK not in alts.lower() and not any("Synthetische data" in t for t in _texts(out))


def test_the_cohort_chapter_on_synthetic_data_says_it_is_a_demonstration(population):
    out = cohort_18plus.build(EDITION, population, [2016, 2017, 2018, 2019], [2016, 2017, 2018])
    texts = _texts(out)
    assert "Zo ziet deze analyse eruit op microdata; de cijfers zijn synthetisch." in texts[1]
    findings = texts[texts.index("## Wat zegt deze analyse ons?") + 1:]
    assert findings and all(t.endswith("*(synthetische data)*") for t in findings if not t.startswith("*Kanttekening"))


@pytest.mark.parametrize("build, title", [
    (lambda p: cohort_18plus.build(EDITION, p, [2016, 2017, 2018, 2019], [2016, 2017, 2018]), CHAPTERS[6]),
    (lambda p: patronen.build(EDITION, p, [2017, 2019], "jeugdregio"), CHAPTERS[7]),
])
def test_person_level_chapters_show_only_protected_tables_and_figures(population, build, title):
    out = build(population)
    texts = _texts(out)
    assert texts[0] == f"# {title}"
    assert texts[1].startswith("::: {.callout-warning}\n**Synthetische data.**")
    shown = _of(out, TableBlock) + _of(out, FigureBlock)
    assert shown and all(block.protected for block in shown)  # every one passed the disclosure gate
    assert all(SYNTHETIC_MARK in f.alt.lower() for f in _of(out, FigureBlock))


@pytest.mark.parametrize("build, title, heading", [
    (evaluatieagenda.build, CHAPTERS[12], "## Prioriteringscriteria"),
    (mijlpalen.build, CHAPTERS[13], "## Mijlpalenoverzicht"),
    (methoden.build, CHAPTERS[14], "## Geheimhouding (statistische beveiliging)"),
])
def test_registry_and_appendix_chapters(build, title, heading):
    out = build(EDITION)
    texts = _texts(out)
    assert texts[0] == f"# {title}" and heading in texts
    assert _of(out, TableBlock)


def test_the_appendix_names_the_sources_of_the_figures():
    """2020-H1 has one source, the May 2020 report, and so no conflict (the section is new in the Series issue)."""
    out = methoden.build(EDITION)
    texts = _texts(out)
    assert "## Bronnen van de cijfers" in texts
    assert "Geen van de cijfers verschilt tussen de bronnen." in texts
    sources = next(t for t in _of(out, TableBlock) if "Publicaties waar de cijfers" in t.html)
    assert "vgr4-2020-05" in sources.html and "Vierde voortgangsrapportage Zorg voor de Jeugd" in sources.html


def test_wijzigingen_without_a_previous_edition_says_so():
    texts = _texts(wijzigingen.build(EDITION))
    assert texts[0] == f"# {CHAPTERS[15]}"
    assert texts[1] == "Dit is de eerste editie in deze reeks: er is geen vorige editie om mee te vergelijken."


def test_every_report_chapter_is_tested_here():
    notebooks = sorted(p.stem for p in (Path(__file__).parents[1] / "notebooks").glob("*.ipynb"))
    tested = {"01-kernindicatoren", "10-factsheet", "20-cohort-18plus", "30-patronen", "80-evaluatieagenda",
              "81-mijlpalen", "90-methoden", "95-wijzigingen", "40-regio", "35-uitkomsten",
              "36-monitor", "82-maatregelen", "83-aanbevelingen", "84-knelpunten", "45-gemeente"}
    # 40-regio: tests/test_regional.py; 35-uitkomsten: tests/test_uitkomsten.py; 36-monitor: tests/test_monitor.py;
    # 82-84: tests/test_learning_chapters.py; 45-gemeente: tests/test_gemeenten.py
    assert set(notebooks) == tested
