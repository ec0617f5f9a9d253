""""In het kort" (issue 14): plain Dutch at the start of every edition, from the report's own findings.

Checks, for 2020-H1 and 2024-H1: every sentence is short (B1: at most 15 words,
on average fewer), no jargon word occurs, and every number in the summary occurs
in the report's Kernindicatoren chapter. Expected lines of 2020-H1 are written out
by hand from the seed report (Kernindicatoren of VGR 4, seed 001 l.454-479:
thuiszitters 4.479 in 2017/2018 and 4.790 in 2018/2019).
"""

from __future__ import annotations

import html
import re

import pytest

from analysis.chapters import kernindicatoren
from analysis.chapters.in_het_kort import summary
from analysis.chapters.inleiding import inleiding_markdown
from analysis.inputs.editions import load_edition
from analysis.present.display import MarkdownBlock, TableBlock
from analysis.present.numbers import numbers_in
from helpers import SUMMARY

#: Words a B1 reader should not meet in the summary (report and statistics jargon).
JARGON = ["procentpunt", "significant", "trend", "indicator", "natura", "verblijf", "ondertoezichtstelling",
          "cohort", "mann-kendall", "toets", "p =", "%-punt", "respectievelijk", "reeks"]


def _sentences(markdown: str) -> list[str]:
    body = "\n".join(line.removeprefix("- ") for line in markdown.splitlines() if not line.startswith("#"))
    # a full stop ends a sentence, not the thousands point of 4.790 or the dot of a period label
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", body) if s.strip()]


def _report_numbers(edition: str) -> set[str]:
    out = kernindicatoren.build(edition)
    texts = [b.text for b in out.blocks if isinstance(b, MarkdownBlock)]
    texts += [html.unescape(re.sub(r"<[^>]+>", " ", b.html)) for b in out.blocks if isinstance(b, TableBlock)]
    return {n for text in texts for _, n, _ in numbers_in(text)}


@pytest.fixture(scope="module", params=["2020-H1", "2024-H1"])
def edition_summary(request) -> tuple[str, str]:
    return request.param, summary(request.param)


def test_sentences_are_short(edition_summary):
    _, text = edition_summary
    sentences = _sentences(text)
    assert len(sentences) >= 8
    lengths = [len(s.split()) for s in sentences]
    assert max(lengths) <= SUMMARY.max_woorden, [s for s in sentences if len(s.split()) > SUMMARY.max_woorden]
    assert sum(lengths) / len(lengths) <= 12


def test_no_jargon(edition_summary):
    _, text = edition_summary
    found = [word for word in JARGON if word in text.lower()]
    assert found == []


def test_every_number_occurs_in_the_report(edition_summary):
    edition, text = edition_summary
    shown = _report_numbers(edition)
    missing = [n for _, n, _ in numbers_in(text) if n not in shown]
    assert missing == []


def test_at_most_five_changes_each_with_direction(edition_summary):
    _, text = edition_summary
    bullets = [line for line in text.splitlines() if line.startswith("- ")]
    assert 1 <= len(bullets) <= 5
    for bullet in bullets:
        assert re.search(r"Dat is (meer|minder|hoger|lager|ongeveer gelijk)\.", bullet), bullet


def test_2020_h1_names_the_thuiszitters_of_the_seed_report():
    text = summary("2020-H1")
    assert ("- Het aantal kinderen dat lang niet naar school gaat was 4.790 in 2018/2019. In 2017/2018 was dat "
            "4.479. Dat is meer. Dat is geen goed nieuws.") in text.splitlines()


def test_2024_h1_says_which_figures_are_provisional():
    text = summary("2024-H1")
    # CBS publishes the figures of 2023 as provisional in 2024 (data/published/cbs_2015-2023.csv)
    assert "Het cijfer van 2023 is nog voorlopig." in text


def test_the_summary_opens_the_first_chapter():
    edition = load_edition("2024-H1")
    index = inleiding_markdown(edition, summary("2024-H1"))
    assert index.index("## In het kort") < index.index("## Gebruikte gegevens")
    assert index.startswith("# Inleiding en leeswijzer")


# ---------------------------------------------------------------- regional reports


@pytest.fixture(scope="module")
def regional(tmp_path_factory) -> dict[str, str]:
    from analysis.chapters import regio
    from analysis.inputs.synthetic import generate
    from helpers import count_population

    out = tmp_path_factory.mktemp("kort") / "synthetic"
    generate(20_000, (2013, 2019), 5, out)
    count_population(out)
    texts = {}
    for code in ("LD03", "JZ42"):  # West-Nederland (large) and Midden-Limburg Oost (small: suppressed)
        built = regio.build("2020-H1", code, str(out), [2018, 2019], [2017, 2018])
        summary_text = next(b.text for b in built.blocks
                            if isinstance(b, MarkdownBlock) and b.text.startswith("## In het kort"))
        tables = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", b.html)) for b in built.blocks
                          if isinstance(b, TableBlock) and b.protected)
        texts[code] = (summary_text, tables)
    return texts


@pytest.mark.parametrize("code", ["LD03", "JZ42"])
def test_regional_summary_is_short_and_shows_only_protected_numbers(regional, code):
    text, tables = regional[code]
    sentences = _sentences(text)
    assert sentences and max(len(s.split()) for s in sentences) <= SUMMARY.max_woorden
    assert [w for w in JARGON if w in text.lower()] == []
    shown = {n.replace(".", "").replace(",", ".") for _, n, _ in numbers_in(tables)}
    numbers = [n for _, n, _ in numbers_in(text) if not re.fullmatch(r"20\d\d", n)]
    assert numbers and all(n.replace(".", "").replace(",", ".") in shown for n in numbers), numbers
    assert "nagemaakt om te oefenen" in text  # synthetic data, said plainly


def test_a_small_region_says_its_figure_cannot_be_shown(regional):
    text, _ = regional["JZ42"]
    # JZ42 is Midden-Limburg Oost (data/reference/jeugdregios.csv); "-" is escaped as plain text in markdown
    assert ("Het cijfer van Midden\\-Limburg Oost voor 2019 is niet te tonen. Er zijn te weinig jongeren. "
            "In heel Nederland kreeg") in text
