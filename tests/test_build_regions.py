"""`voortgang build --regions`: regional reports, failures isolated, cache per region.

Everything runs on a copy of the project (helpers.copy_project) with two regions only:
JZ09 (Zaanstreek-Waterland) and JZ42 (Midden-Limburg Oost). A kenniswerkplaats
notebook is added the way the README describes (a notebook and an entry in the
edition file, no code change); it raises for the regions it is told to fail for.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml
from helpers import copy_project, run_cli
from nbformat.v4 import new_code_cell, new_notebook

import analysis.pipeline.dependencies as dependencies
from analysis.config import KERNEL_DISPLAY_NAME, KERNEL_NAME, NOTEBOOKS_DIR
from analysis.inputs.editions import ChapterRun, load_edition
from analysis.inputs.groupings import Region
from analysis.present.regional import no_persons_text

pytestmark = pytest.mark.slow

EDITION = "2020-H1"
BUILD = ("build", "--edition", EDITION, "--formats", "html", "--renderer", "builtin", "--jobs", "2")


def own_notebook(path: Path, fail_for: list[str]) -> None:
    """A kenniswerkplaats's own regional chapter: declares the parameters the build passes."""
    nb = new_notebook(metadata={
        "kernelspec": {"name": KERNEL_NAME, "language": "python", "display_name": KERNEL_DISPLAY_NAME},
        "language_info": {"name": "python"},
    })
    nb.cells = [
        new_code_cell(
            'edition = "2020-H1"\nyears = [2019]\npublished = ""\nregion = "JZ01"',
            metadata={"tags": ["parameters"]},
        ),
        new_code_cell(
            "from analysis.present.display import show_markdown\n"
            f"if region in {fail_for!r}:\n"
            "    raise RuntimeError('expres kapot')\n"
            'show_markdown(f"# Eigen analyse\\n\\nEigen analyse van de kenniswerkplaats voor {region}.")'
        ),
    ]
    nbformat.write(nb, path)


def lines(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("regions") / "project")
    own_notebook(root / "notebooks" / "41-eigen.ipynb", fail_for=["JZ42"])
    path = root / "params" / "editions" / f"{EDITION}.yaml"
    edition = yaml.safe_load(path.read_text(encoding="utf-8"))
    edition["regions"]["chapters"].append({"notebook": "41-eigen", "id": "eigen"})
    path.write_text(yaml.safe_dump(edition, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def builds(project):
    """Three builds in a row; each returns (process, JZ09 report bytes after it)."""
    regio = project / "reports" / EDITION / "regio"
    out = {}
    out["first"] = run_cli(project, *BUILD, "--regions", "JZ09,JZ42")
    out["first_jz09"] = (regio / "JZ09" / "index.html").read_bytes()
    text = project / "params" / "tekst" / EDITION / "regio-JZ09.md"
    text.parent.mkdir(parents=True, exist_ok=True)
    text.write_text("Onze eigen duiding voor Zaanstreek-Waterland.\n", encoding="utf-8")
    out["text"] = run_cli(project, *BUILD, "--regions", "JZ09,JZ42")
    out["text_jz09"] = (regio / "JZ09" / "index.html").read_bytes()
    own_notebook(project / "notebooks" / "41-eigen.ipynb", fail_for=["JZ42", "JZ09"])
    out["broken"] = run_cli(project, *BUILD, "--regions", "JZ09,JZ42")
    out["broken_jz09"] = (regio / "JZ09" / "index.html").read_bytes()
    return out


def test_one_failing_region_does_not_stop_the_others(project, builds):
    proc = builds["first"]
    assert proc.returncode == 1, proc.stderr
    message = lines(proc.stderr)
    failed = project / "reports" / ".executed" / EDITION / "regio-JZ42-eigen.failed.ipynb"
    assert "region 'JZ42': chapter 'regio-JZ42-eigen': RuntimeError: expres kapot" in message
    assert f"traceback in {failed}" in message
    assert "expres kapot" in failed.read_text(encoding="utf-8")
    regio = project / "reports" / EDITION / "regio"
    assert not (regio / "JZ42").exists()
    page = lines((regio / "JZ09" / "index.html").read_text(encoding="utf-8"))
    assert "Regiorapportage Zaanstreek-Waterland" in page
    assert "Eigen analyse van de kenniswerkplaats voor JZ09." in page  # the own notebook was picked up
    # the national report is built too, with the pattern chapter
    national = lines((project / "reports" / EDITION / "index.html").read_text(encoding="utf-8"))
    assert "Patronen: leeftijd, geslacht en regio" in national


def test_regional_report_shows_region_against_country(project, builds):
    page = (project / "reports" / EDITION / "regio" / "JZ09" / "index.html").read_text(encoding="utf-8")
    text = lines(re.sub(r"<[^>]+>", " ", page))
    assert "Jeugdhulp: Zaanstreek-Waterland en Nederland" in text
    assert "In Zaanstreek-Waterland krijgen minder jongeren jeugdhulp dan in heel Nederland" in text
    assert "Trechterdiagram" in page and "Synthetische data" in text


def test_index_page_lists_the_built_regions(project, builds):
    index = (project / "reports" / EDITION / "regio" / "index.html").read_text(encoding="utf-8")
    assert "Zaanstreek-Waterland (JZ09)" in index
    assert '<a href="JZ09/index.html">rapport</a>' in index
    assert "(JZ42)" not in index  # it never succeeded


def test_changing_one_regions_text_reexecutes_only_that_region(project, builds):
    proc = builds["text"]
    status = {run: s for s, run in re.findall(r"^(executed|cached|failed)\s+(\S+)", proc.stderr, re.M)}
    assert status["regio-JZ09-regio"] == "executed" and status["regio-JZ09-eigen"] == "executed"
    assert status["regio-JZ42-regio"] == "cached"
    national = [run for run in status if not run.startswith("regio-")]
    assert national and all(status[run] == "cached" for run in national), proc.stderr
    assert "render: ongewijzigd" in proc.stderr
    assert "Onze eigen duiding voor Zaanstreek-Waterland." in lines(builds["text_jz09"].decode("utf-8"))
    assert builds["text_jz09"] != builds["first_jz09"]


def test_failing_region_keeps_its_previous_report(project, builds):
    proc = builds["broken"]
    assert proc.returncode == 1
    assert "region 'JZ09': chapter 'regio-JZ09-eigen': RuntimeError: expres kapot" in lines(proc.stderr)
    assert builds["broken_jz09"] == builds["text_jz09"]
    index = (project / "reports" / EDITION / "regio" / "index.html").read_text(encoding="utf-8")
    assert "Zaanstreek-Waterland (JZ09)" in index
    leftovers = [p.name for p in (project / "reports" / EDITION / "regio").iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_unknown_region_lists_nearest_codes_and_writes_nothing(tmp_path):
    root = copy_project(tmp_path / "project")
    proc = run_cli(root, *BUILD, "--regions", "JZ09,JR08")
    assert proc.returncode == 2
    assert "argument '--regions': unknown region code 'JR08'" in lines(proc.stderr)
    assert "nearest valid codes: JZ08" in lines(proc.stderr)
    assert not (root / "reports").exists()


def test_edition_without_regions_section_is_refused(tmp_path):
    root = copy_project(tmp_path / "project")
    path = root / "params" / "editions" / f"{EDITION}.yaml"
    edition = yaml.safe_load(path.read_text(encoding="utf-8"))
    del edition["regions"]
    path.write_text(yaml.safe_dump(edition, allow_unicode=True, sort_keys=False), encoding="utf-8")
    proc = run_cli(root, *BUILD, "--regions", "all")
    assert proc.returncode == 2
    assert f"params/editions/{EDITION}.yaml has no 'regions' section" in lines(proc.stderr)


def test_run_inputs_hold_only_the_runs_own_text(tmp_path, monkeypatch):
    params = tmp_path / "params"
    tekst = params / "tekst" / EDITION
    tekst.mkdir(parents=True)
    (params / "indicators.yaml").write_text("x: 1\n", encoding="utf-8")
    for name in ("regio-JZ09", "regio-JZ42", "patronen"):
        (tekst / f"{name}.md").write_text(name, encoding="utf-8")
    for name, value in (("PARAMS_DIR", params), ("TEKST_DIR", params / "tekst"), ("PROJECT_ROOT", tmp_path),
                        ("REFERENCE_DIR", tmp_path / "data" / "reference")):
        monkeypatch.setattr(dependencies, name, value)
    edition = load_edition(EDITION)
    inputs = dependencies.run_inputs(edition, "regio-JZ09")
    assert params / "indicators.yaml" in inputs and tekst / "regio-JZ09.md" in inputs
    assert tekst / "regio-JZ42.md" not in inputs and tekst / "patronen.md" not in inputs
    assert tekst / "patronen.md" in dependencies.run_inputs(edition, "patronen")
    assert not any(p.name.startswith("regio-") for p in dependencies.run_inputs(edition, "01-kernindicatoren"))


def test_region_without_persons_says_so_in_the_executed_notebook(tmp_path):
    from analysis.inputs.synthetic.params import load_params
    from analysis.inputs.synthetic.write import generate
    from analysis.pipeline.execution.runner import execute_runs

    params = load_params()
    weights = {**params.population.region_weights, "JZ43": 1e-12}  # nobody lives in Midden-Limburg West
    params = params.model_copy(update={"population": params.population.model_copy(update={"region_weights": weights})})
    data = tmp_path / "data"
    generate(5_000, (2013, 2019), 3, data, params)
    run = ChapterRun("regio-JZ43-regio", NOTEBOOKS_DIR / "40-regio.ipynb",
                     {"edition": EDITION, "microdata": str(data), "region": "JZ43"})
    summary = execute_runs([run], tmp_path / "out", jobs=1, cache_dir=tmp_path / "cache", progress=False)
    assert summary.ok, summary.lines()
    nb = nbformat.read(tmp_path / "out" / "regio-JZ43-regio.ipynb", as_version=4)
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    shown = [o["data"]["text/markdown"] for o in outputs if "text/markdown" in o.get("data", {})]
    region = Region("JZ43", "Midden-Limburg West", "jeugdregio", ("JZ43",), "")
    expected = no_persons_text(region, [2015, 2016, 2017, 2018, 2019])
    assert expected in shown
    assert "In de gegevens van deze editie woont in 2015-2019 niemand in Midden-Limburg West (JZ43)." in expected
    assert not [o for o in outputs if {"image/png", "text/html"} & set(o.get("data", {}))]
