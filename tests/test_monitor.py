"""The monitor of complexe zorgvragen (RET/BEN): loading, the Monte Carlo test, knelpunten, the chapter."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.chapters import monitor
from analysis.errors import VoortgangError
from analysis.inputs.editions import ChapterRun
from analysis.inputs.monitor import COLUMNS, load_monitor
from analysis.inputs.synthetic.monitor import ensure_monitor
from analysis.measures.monitor import funnel_steps, pickup_counts, recurring_knelpunten
from analysis.pipeline.gate import check_disclosure
from analysis.present.display import FigureBlock, MarkdownBlock, TableBlock
from analysis.present.notices import SYNTHETIC_MARK
from analysis.stats.exact import label_table_test
from test_uitkomsten import _notebook

ROWS = [
    "1,JZ14,2019-H1,RET,regie,ggz;lvb,1,1",
    "2,JZ14,2019-H2,RET,consultatie_advies,ggz,0,0",
    "3,JZ14,2020-H1,BEN,plaatsing,ggz,0,0",
    "4,JZ01,2019-H1,RET,doorbraak,lvb,0,0",
    "5,JZ01,2020-H1,RET,regie,lvb,1,0",
]


def write(tmp_path: Path, rows: list[str]) -> Path:
    (tmp_path / "monitor.csv").write_text("\n".join([",".join(COLUMNS), *rows]) + "\n", encoding="utf-8")
    return tmp_path


def test_records_load_with_several_problem_types(tmp_path):
    data = load_monitor(write(tmp_path, ROWS))
    assert not data.synthetic and data.records.loc[0, "probleemtypen"] == ("ggz", "lvb")
    assert data.records["opgepakt"].tolist() == [True, False, False, False, True]


@pytest.mark.parametrize(("row", "message"), [
    ("6,JZ14,2019-H1,RET,regie,ggz,0,1", r"row 7, column 'afgerond': afgerond but not opgepakt"),
    ("6,JZ14,2019-H1,RET,regie,ggz;honger,1,0", r"row 7, column 'probleemtypen'"),
    ("1,JZ14,2019-H1,RET,regie,ggz,1,0", r"row 7, column 'casus_id': repeats"),
    ("6,JZ40,2019-H1,RET,regie,ggz,1,0", r"row 7, column 'jeugdregio'"),
])
def test_a_bad_record_is_one_line_with_row_and_column(tmp_path, row, message):
    with pytest.raises(VoortgangError, match=message) as exc:
        load_monitor(write(tmp_path, [*ROWS, row]))
    assert "\n" not in str(exc.value)


def test_counts_by_hand(tmp_path):
    records = load_monitor(write(tmp_path, ROWS)).records
    pickup = pickup_counts(records).set_index("jeugdregio")
    assert pickup.loc["JZ14"].tolist() == [1, 3] and pickup.loc["JZ01"].tolist() == [1, 2]
    assert funnel_steps(records)[["numerator", "denominator"]].values.tolist() == [[2, 5], [1, 2]]
    knel = recurring_knelpunten(records).set_index("probleemtype")
    # knelpunten: 2 (JZ14, 2019-H2, ggz), 3 (JZ14, 2020-H1, ggz), 4 (JZ01, 2019-H1, lvb)
    assert knel.loc["ggz", ["2019-H1", "2019-H2", "2020-H1"]].tolist() == [0, 1, 1]
    assert knel.loc["ggz", "terugkerend"] == 1  # JZ14 in two consecutive half-years
    assert knel.loc["lvb", "terugkerend"] == 0  # JZ01 only in 2019-H1


def test_monte_carlo_p_by_hand():
    # one label per unit: groups A (a, a, a, b) and B (a, b, b, b), the table [[3, 1], [1, 3]].
    # Conditional on the margins the count of a in A is hypergeometric(8, 4, 4): P(2) = 36/70; every
    # other table has X² >= the observed one, so p = 1 - 36/70 = 34/70 = 0,486 (also Fisher's
    # two-sided p). Monte Carlo with 9999 permutations: SE 0,005.
    groups = ["A"] * 4 + ["B"] * 4
    labels = pd.DataFrame({"a": [1, 1, 1, 0, 1, 0, 0, 0], "b": [0, 0, 0, 1, 0, 1, 1, 1]}).astype(bool)
    result = label_table_test(groups, labels, resamples=9999, seed=1)
    assert result.p == pytest.approx(34 / 70, abs=0.02)
    assert result.table.to_numpy().tolist() == [[3, 1], [1, 3]] and result.min_expected == 2
    # the same seed gives the same p-value
    assert label_table_test(groups, labels, resamples=9999, seed=1).p == result.p


def test_the_chapter_is_synthetic_throughout_and_passes_the_gate(tmp_path):
    folder = tmp_path / "monitor"
    ensure_monitor(folder, 5, (2018, 2019))
    out = monitor.build("2020-H1", str(folder))
    texts = [b.text for b in out.blocks if isinstance(b, MarkdownBlock)]
    assert texts[1].startswith("::: {.callout-warning}\n**Synthetische data.**")
    tables = [b for b in out.blocks if isinstance(b, TableBlock)]
    assert tables and all(t.protected and "Synthetische data." in t.footnotes for t in tables)
    assert all(f.protected and SYNTHETIC_MARK in f.alt.lower() for f in out.blocks if isinstance(f, FigureBlock))
    assert "## Terugkerende knelpunten" in texts and any("Monte Carlo-p" in t for t in texts)
    run = ChapterRun("monitor", tmp_path / "nb.ipynb", {"microdata": str(folder)})
    check_disclosure(_notebook(out, tmp_path / "nb.ipynb"), run)


@pytest.mark.parametrize("region", ["BEN07", "JZ14"])
def test_the_chapter_of_a_region_compares_its_jeugdregios_and_passes_the_gate(tmp_path, region):
    folder = tmp_path / "monitor"
    ensure_monitor(folder, 5, (2018, 2019))
    out = monitor.build("2020-H1", str(folder), region)
    texts = [b.text for b in out.blocks if isinstance(b, MarkdownBlock)]
    assert texts[0].startswith("# Complexe zorgvragen") and texts[0].endswith(("Brabant Zeeland", "Twente"))
    # a network: problem types by its jeugdregio's; one jeugdregio: only its pick-up against Nederland
    assert ("## Probleemtypen per jeugdregio" in texts) == (region == "BEN07")
    run = ChapterRun("monitor", tmp_path / "nb.ipynb", {"microdata": str(folder), "region": region})
    check_disclosure(_notebook(out, tmp_path / "nb.ipynb"), run)
