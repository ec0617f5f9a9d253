"""Chapter "Uitkomsten van jeugdhulp": through the disclosure gate, and the same from a count table as from person records."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from analysis.chapters import uitkomsten
from analysis.inputs.aggregates import load_counts
from analysis.inputs.editions import ChapterRun
from analysis.inputs.microdata.load import load_microdata
from analysis.inputs.synthetic.write import generate
from analysis.measures.deviations import funnel_tests, stratum_trends
from analysis.measures.outcomes import outcome_counts, select_counts
from analysis.measures.patterns import strata_residuals
from analysis.pipeline.gate import check_disclosure
from analysis.present.display import MARKER, FigureBlock, MarkdownBlock, TableBlock
from analysis.present.notices import SYNTHETIC_MARK
from helpers import count_population

EDITION = "2020-H1"


@pytest.fixture(scope="module")
def population(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("uitkomsten") / "synthetic"
    generate(30_000, (2015, 2019), 11, out)
    count_population(out)
    return str(out)


def _notebook(out, path: Path) -> Path:
    """The chapter's blocks as the outputs of one executed cell, as ChapterOutput.show() displays them."""
    outputs = []
    for b in out.blocks:
        if isinstance(b, MarkdownBlock):
            outputs.append(new_output("display_data", data={"text/markdown": b.text}))
        elif isinstance(b, TableBlock):
            outputs.append(new_output("display_data", data={"text/html": b.html},
                                      metadata={MARKER: {"protected": b.protected}}))
        elif isinstance(b, FigureBlock):
            outputs.append(new_output("display_data", data={"image/png": "iVBORw0KGgo="},
                                      metadata={"image/png": {"alt": b.alt},
                                                MARKER: {"protected": b.protected, "numbers": list(b.numbers)}}))
    nbformat.write(new_notebook(cells=[new_code_cell("x", outputs=outputs)]), path)
    return path


@pytest.mark.parametrize("region", ["", "JZ01", "JZ42", "LD01", "BEN07"])
def test_every_version_passes_the_disclosure_gate_and_is_marked_synthetic(population, tmp_path, region):
    out = uitkomsten.build(EDITION, microdata=population, region=region)
    texts = [b.text for b in out.blocks if isinstance(b, MarkdownBlock)]
    assert texts[0].startswith("# Uitkomsten van jeugdhulp")
    assert texts[1].startswith("::: {.callout-warning}\n**Synthetische data.**")
    tables = [b for b in out.blocks if isinstance(b, TableBlock)]
    figures = [b for b in out.blocks if isinstance(b, FigureBlock)]
    assert tables and all(t.protected and "Synthetische data." in t.footnotes for t in tables)
    assert all(f.protected and SYNTHETIC_MARK in f.alt.lower() for f in figures)
    run = ChapterRun("uitkomsten", tmp_path / "nb.ipynb", {"microdata": population, "region": region})
    check_disclosure(_notebook(out, tmp_path / "nb.ipynb"), run)  # raises BuildError when it fails


def test_the_national_chapter_has_funnels_power_and_the_verblijf_pattern(population):
    out = uitkomsten.build(EDITION, microdata=population)
    texts = "\n".join(b.text for b in out.blocks if isinstance(b, MarkdownBlock))
    assert "## Met en zonder verblijf: landelijk patroon of regionaal verschillend?" in texts
    assert "onderscheidend vermogen 80%" in texts
    assert "We toetsen 42 regio's tegelijk" in texts
    html = "".join(b.html for b in out.blocks if isinstance(b, TableBlock))
    assert "Aantoonbaar verschil (procentpunt)" in html and "geen rangorde" in html
    assert sum(isinstance(b, FigureBlock) for b in out.blocks) == 2


def test_a_count_table_gives_the_same_statistics_as_the_person_records(population, tmp_path):
    tables = load_microdata(Path(population))
    direct = outcome_counts(tables)
    path = tmp_path / "telling.csv"
    direct.to_csv(path, index=False)
    shared = load_counts(path)
    last = ["2019-H1", "2019-H2"]
    for outcome in ("volgens_plan", "heraanmelding_6m"):
        a, b = (select_counts(c, outcome, ["jeugdregio"], periods=last) for c in (direct, shared))
        ra = strata_residuals(a, ["jeugdregio"], "numerator", "denominator", correction="holm", alpha=0.05)
        rb = strata_residuals(b, ["jeugdregio"], "numerator", "denominator", correction="holm", alpha=0.05)
        assert ra.chi2.statistic == rb.chi2.statistic and ra.table.equals(rb.table)
        fa = funnel_tests(a, "jeugdregio", "numerator", "denominator", proportion=ra.overall, correction="holm",
                          alpha=0.05, power=0.8)
        fb = funnel_tests(b, "jeugdregio", "numerator", "denominator", proportion=rb.overall, correction="holm",
                          alpha=0.05, power=0.8)
        assert fa.table.equals(fb.table)
        ta, _ = stratum_trends(select_counts(direct, outcome, ["period", "vorm"]), ["vorm"], "numerator",
                               "denominator", period="position", correction="holm", alpha=0.05)
        tb, _ = stratum_trends(select_counts(shared, outcome, ["period", "vorm"]), ["vorm"], "numerator",
                               "denominator", period="position", correction="holm", alpha=0.05)
        assert ta.equals(tb)
    # the whole chapter: every table, figure and sentence equal, apart from the source and the synthetic marks
    from_records = uitkomsten.outcome_chapter(direct, None, {}, _labels(), False, "")
    from_counts = uitkomsten.outcome_chapter(shared, None, {}, _labels(), False, "")
    assert [_content(b) for b in from_records.blocks] == [_content(b) for b in from_counts.blocks]


def _labels() -> dict[str, str]:
    return {"volgens_plan": "Volgens plan", "eenzijdig_client": "Eenzijdig", "heraanmelding_6m": "Binnen 6 maanden",
            "heraanmelding_12m": "Binnen 12 maanden"}


def _content(block):
    if isinstance(block, FigureBlock):
        return ("figure", block.alt, block.numbers)
    return getattr(block, "text", None) or getattr(block, "html", None)


def test_exactly_one_source_is_required():
    with pytest.raises(Exception, match="give exactly one of the two"):
        uitkomsten.build(EDITION)


def test_the_detectable_difference_is_computed_from_the_rounded_count_by_hand():
    # one region, 50 of 100 trajectories, target 0,5, one test (Holm over 1 = no correction), power 80%:
    # w = (z_0,975 + z_0,80) / sqrt(n) = (1,95996 + 0,84162) / 10 = 0,280158 (Cohen's w for a 1-df chi-square,
    # normal approximation), difference = w * sqrt(0,5 * 0,5) = 0,140079 -> 14,0 procentpunt
    import pandas as pd

    from analysis.inputs.disclosure_settings import load_disclosure_settings
    from analysis.present.outcomes import DETECTABLE, unit_table

    frame = pd.DataFrame({"jeugdregio": ["JZ14"], "numerator": [50], "denominator": [101]})
    tests = funnel_tests(frame, "jeugdregio", "numerator", "denominator", proportion=0.5, correction="holm",
                         alpha=0.05, power=0.8)
    table = unit_table(tests, load_disclosure_settings(), {"JZ14": "Twente"}, "Jeugdregio")
    # the table shows 100 (101 rounded to 5): the detectable difference is that of n = 100, not 101
    assert int(table.data["Beëindigde trajecten"].iloc[0]) == 100
    assert float(table.data[DETECTABLE].iloc[0]) == pytest.approx(14.0079, abs=0.01)
    assert table.data["Verschil"].iloc[0] == "geen verschil"
