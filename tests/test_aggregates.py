"""Stratified count tables as input (analysis.inputs.aggregates): one clear line for a bad file, exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analysis.errors import VoortgangError
from analysis.inputs.aggregates import COUNT_COLUMNS, load_counts

HEADER = ",".join(COUNT_COLUMNS)
GOOD = [
    "JZ14,2019-H1,4-12,M,zonder_verblijf,volgens_plan,412,455",
    "JZ14,2019-H1,4-12,M,zonder_verblijf,heraanmelding_6m,40,455",
    "JZ01,2019-H2,18-23,V,met_verblijf,volgens_plan,0,12",
]


def write(tmp_path: Path, rows: list[str], header: str = HEADER) -> Path:
    path = tmp_path / "telling.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_good_table_loads_with_integer_counts(tmp_path):
    frame = load_counts(write(tmp_path, GOOD))
    assert list(frame.columns) == list(COUNT_COLUMNS)
    assert frame["numerator"].tolist() == [412, 40, 0] and str(frame["denominator"].dtype) == "int64"


@pytest.mark.parametrize(
    ("rows", "header", "message"),
    [
        # row 3 of the file (header = row 1) has a negative numerator
        ([GOOD[0], GOOD[1].replace(",40,", ",-4,")], HEADER, r"telling.csv: row 3, column 'numerator': negative count -4$"),
        ([GOOD[0], GOOD[1].replace(",40,", ",460,")], HEADER,
         r"telling.csv: row 3, column 'numerator': 460 above the denominator 455$"),
        (GOOD, HEADER.replace("sex,", ""), r"telling.csv: column 'sex' not found"),
        ([g.replace("4-12,M", "4-12,X") for g in GOOD[:1]], HEADER, r"telling.csv: row 2, column 'sex': 1 value"),
        ([GOOD[0].replace("JZ14", "JZ40")], HEADER, r"telling.csv: row 2, column 'jeugdregio'"),
        ([GOOD[0].replace("2019-H1", "2019")], HEADER, r"telling.csv: row 2, column 'period'"),
        ([GOOD[0].replace(",412,", ",4.5,")], HEADER, r"telling.csv: row 2, column 'numerator'"),
        ([GOOD[0], GOOD[0]], HEADER, r"telling.csv: row 3, column 'outcome': repeats the cell"),
    ],
)
def test_a_bad_table_is_one_line_naming_file_row_and_column(tmp_path, rows, header, message):
    with pytest.raises(VoortgangError, match=message) as exc:
        load_counts(write(tmp_path, rows, header))
    assert "\n" not in str(exc.value)


def test_the_cli_says_it_in_one_line_with_exit_code_2(tmp_path):
    path = write(tmp_path, [GOOD[0], GOOD[1].replace(",40,", ",460,")])
    run = subprocess.run([sys.executable, "-m", "analysis", "data", "counts", str(path)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "row 3, column 'numerator': 460 above the denominator 455" in lines[0]
    ok = subprocess.run([sys.executable, "-m", "analysis", "data", "counts", str(write(tmp_path, GOOD))],
                        capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and "telling in orde: 3 rijen" in ok.stdout


def test_a_bad_count_table_named_by_a_chapter_stops_validation(tmp_path):
    """Before anything runs: the edition's chapter names the table (parameter ``aggregaten``)."""
    from analysis.inputs.editions import ChapterSpec, load_edition
    from analysis.inputs.validation import check_count_tables

    edition = load_edition("2020-H1")
    bad = write(tmp_path, [GOOD[0], GOOD[1].replace(",40,", ",-4,")])
    chapter = ChapterSpec(notebook="35-uitkomsten", id="uitkomsten-telling",
                          parameters={"microdata": "", "aggregaten": str(bad)})
    with pytest.raises(VoortgangError, match=r"telling.csv: row 3, column 'numerator': negative count -4$"):
        check_count_tables(edition.model_copy(update={"chapters": (*edition.chapters, chapter)}))
    check_count_tables(edition)  # the edition itself names none


def test_a_table_made_from_synthetic_data_says_so_and_so_does_the_chapter(tmp_path):
    from analysis.chapters.uitkomsten import outcome_input
    from analysis.inputs.aggregates import counts_are_synthetic

    marked = [row + ",ja" for row in GOOD]
    path = write(tmp_path, marked, HEADER + ",synthetisch")
    assert counts_are_synthetic(path) and load_counts(path)["numerator"].tolist() == [412, 40, 0]
    counts, synthetic, _ = outcome_input("", str(path))
    assert synthetic and len(counts) == 3
    assert not counts_are_synthetic(write(tmp_path, GOOD))
    mixed = [GOOD[0] + ",ja", GOOD[1] + ",nee"]
    with pytest.raises(VoortgangError, match=r"row 3, column 'synthetisch': 'ja' or 'nee', the same in every row"):
        load_counts(write(tmp_path, mixed, HEADER + ",synthetisch"))


@pytest.mark.slow
def test_a_region_builds_the_outcome_chapter_from_its_count_table(project_copy):
    """The whole route: counts written from person records, the edition passes them instead, the build gates
    and renders the chapter marked synthetic; a malformed table stops the build with one line and exit 2."""
    import yaml

    from helpers import run_cli

    path = project_copy / "params" / "editions" / "2020-H1.yaml"
    edition = yaml.safe_load(path.read_text(encoding="utf-8"))
    edition["synthetic"]["persons"] = 20000
    edition["chapters"] = [{"notebook": "01-kernindicatoren"},
                           {"notebook": "35-uitkomsten", "id": "uitkomsten",
                            "parameters": {"microdata": "", "aggregaten": "data/telling.csv"}}]
    path.write_text(yaml.safe_dump(edition, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert run_cli(project_copy, "data", "prepare").returncode == 0
    made = run_cli(project_copy, "data", "counts", "data/telling.csv", "--from-microdata", "data/synthetic/2020-H1")
    assert made.returncode == 0 and "(synthetische data)" in made.stdout, made.stderr
    built = run_cli(project_copy, "build", "--formats", "html", "--renderer", "builtin", "--jobs", "2")
    assert built.returncode == 0, built.stderr
    page = " ".join((project_copy / "reports" / "2020-H1" / "index.html").read_text(encoding="utf-8").split())
    assert "Uitkomsten van jeugdhulp" in page and "tellingen die de regio aanleverde" in page
    assert "Synthetische data" in page
    table = project_copy / "data" / "telling.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    first = lines[1].split(",")
    first[6] = str(int(first[7]) + 1)  # numerator above its denominator
    table.write_text("\n".join([lines[0], ",".join(first), *lines[2:]]) + "\n", encoding="utf-8")
    refused = run_cli(project_copy, "build", "--formats", "html", "--renderer", "builtin")
    assert refused.returncode == 2
    message = [line for line in refused.stderr.splitlines() if line.startswith("fout:")]
    assert len(message) == 1 and "telling.csv: row 2, column 'numerator'" in message[0]
