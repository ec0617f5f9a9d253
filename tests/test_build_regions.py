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
from nbformat.v4 import new_code_cell, new_notebook

import analysis.pipeline.dependencies as dependencies
from analysis.config import KERNEL_DISPLAY_NAME, KERNEL_NAME, NOTEBOOKS_DIR
from analysis.inputs.editions import ChapterRun, load_edition, plan_chapters
from analysis.inputs.groupings import Region
from analysis.pipeline.execution.runner import STATUS_WORDS
from analysis.pipeline.regional import plan_regional
from analysis.present.regional import no_persons_text
from helpers import copy_project, count_population, run_cli

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
            'edition = "2020-H1"\nregion = "JZ01"',
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
    """Four builds in a row; each gives the process and the JZ09 report bytes after it."""
    regio = project / "reports" / EDITION / "regio"
    out = {}
    out["first"] = run_cli(project, *BUILD, "--regions", "JZ09,JZ42")
    out["first_jz09"] = (regio / "JZ09" / "index.html").read_bytes()
    text = project / "params" / "tekst" / EDITION / "regio-JZ09.md"
    text.parent.mkdir(parents=True, exist_ok=True)
    text.write_text("Onze eigen duiding voor Zaanstreek-Waterland.\n", encoding="utf-8")
    out["text"] = run_cli(project, *BUILD, "--regions", "JZ09,JZ42")
    out["text_jz09"] = (regio / "JZ09" / "index.html").read_bytes()
    path = project / "params" / "editions" / f"{EDITION}.yaml"
    edition = yaml.safe_load(path.read_text(encoding="utf-8"))
    edition["regions"]["chapters"][0]["parameters"]["cohort_b_years"] = [2016, 2017]
    path.write_text(yaml.safe_dump(edition, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out["regional_parameters"] = run_cli(project, *BUILD, "--regions", "JZ09,JZ42")
    out["regional_parameters_jz09"] = (regio / "JZ09" / "index.html").read_bytes()
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
    status = _status(proc)
    assert status["regio-JZ09-regio"] == "executed"
    # the kenniswerkplaats's own notebook does not read the researchers' text (analysis.inputs.texts)
    assert status["regio-JZ09-eigen"] == "cached"
    assert status["regio-JZ42-regio"] == "cached"
    national = [run for run in status if not run.startswith("regio-")]
    assert national and all(status[run] == "cached" for run in national), proc.stderr
    assert "render: ongewijzigd" in proc.stderr
    assert "Onze eigen duiding voor Zaanstreek-Waterland." in lines(builds["text_jz09"].decode("utf-8"))
    assert builds["text_jz09"] != builds["first_jz09"]


def _status(proc) -> dict[str, str]:
    """Run -> status (executed, cached, failed) from the build's Dutch log lines (``uit cache  regio-JZ09-regio (...)``)."""
    status_of = {word: status for status, word in STATUS_WORDS.items()}
    words = "|".join(status_of)
    return {run: status_of[w] for w, run in re.findall(rf"^({words})\s+(\S+)", proc.stderr, re.M)}


@pytest.mark.parametrize("step", ["regional_parameters", "broken"])
def test_changing_only_a_regional_chapter_reexecutes_nothing_national(builds, step):
    """A regional chapter's parameters in the edition file, then its notebook: the national
    report is neither executed nor rendered again."""
    status = _status(builds[step])
    national = {run: s for run, s in status.items() if not run.startswith("regio-")}
    assert len(national) == 15 and set(national.values()) == {"cached"}, builds[step].stderr  # the 15 chapter runs
    assert "render: ongewijzigd" in builds[step].stderr
    changed = "regio-JZ09-regio" if step == "regional_parameters" else "regio-JZ09-eigen"
    assert status[changed] in ("executed", "failed")


def test_failing_region_keeps_its_previous_report(project, builds):
    proc = builds["broken"]
    assert proc.returncode == 1
    assert "region 'JZ09': chapter 'regio-JZ09-eigen': RuntimeError: expres kapot" in lines(proc.stderr)
    assert builds["broken_jz09"] == builds["regional_parameters_jz09"]
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


def test_dependencies_hold_only_the_runs_own_text(tmp_path, monkeypatch):
    tekst = tmp_path / "tekst" / EDITION
    tekst.mkdir(parents=True)
    for name in ("regio-JZ09", "regio-JZ42", "patronen"):
        (tekst / f"{name}.md").write_text(name, encoding="utf-8")
    monkeypatch.setattr(dependencies, "TEKST_DIR", tmp_path / "tekst")
    edition = load_edition(EDITION)
    plans = plan_regional(edition, "JZ09")
    (regio,) = [run for run in plans[0].runs if run.output_id == "regio-JZ09-regio"]
    files = dependencies.run_dependencies(regio, edition, "regio-JZ09", tmp_path).files
    assert tekst / "regio-JZ09.md" in files
    assert tekst / "regio-JZ42.md" not in files and tekst / "patronen.md" not in files
    runs = {run.output_id: run for run in plan_chapters(edition)}
    assert tekst / "patronen.md" in dependencies.run_dependencies(runs["patronen"], edition, "patronen", tmp_path).files
    kern = dependencies.run_dependencies(runs["01-kernindicatoren"], edition, "01-kernindicatoren", tmp_path)
    assert not any(p.name.startswith(("regio-", "patronen")) for p in kern.files)


def test_no_national_chapter_depends_on_regional_code_or_the_regional_plan():
    """The regional chapter's module is in no national run's code, and the edition digest
    leaves out the execution plan (chapters, regional chapters, regional formats)."""
    edition = load_edition(EDITION)
    for run in plan_chapters(edition):
        modules = dependencies.closure(dependencies.notebook_imports(run.notebook))
        assert "analysis.chapters.regio" not in modules, run.output_id
        assert any(m.startswith("analysis.chapters.") for m in modules), run.output_id
    regions = edition.regions.model_copy(update={"formats": ["html", "pdf"], "chapters": edition.regions.chapters[:0]})
    other = edition.model_copy(update={"regions": regions, "chapters": edition.chapters[:3]})
    assert dependencies.edition_digest(other) == dependencies.edition_digest(edition)
    assert dependencies.edition_digest(edition.model_copy(update={"years": [2019]})) != \
        dependencies.edition_digest(edition)


def test_region_without_persons_says_so_in_the_executed_notebook(tmp_path):
    from analysis.inputs.synthetic.params import load_params
    from analysis.inputs.synthetic.write import generate
    from analysis.pipeline.execution.runner import execute_runs

    params = load_params()
    weights = {**params.population.region_weights, "JZ43": 1e-12}  # nobody lives in Midden-Limburg West
    params = params.model_copy(update={"population": params.population.model_copy(update={"region_weights": weights})})
    data = tmp_path / "data"
    generate(5_000, (2013, 2019), 3, data, params)
    count_population(data)  # the build's national pass
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


def test_a_regional_report_has_a_manifest_like_the_national_one(project, builds):
    """Issue 16: provenance of a regional report (inputs, chapters, code, renderer), as for the national one."""
    import json

    manifest = json.loads((project / "reports" / EDITION / "regio" / "JZ09" / "manifest.json").read_text())
    assert manifest["edition"] == EDITION and manifest["region"]["code"] == "JZ09"
    assert {"inputs", "chapters", "code", "renderer", "output_hashes", "fingerprint"} <= set(manifest)
    assert [c["id"] for c in manifest["chapters"]] == ["regio-JZ09-regio", "regio-JZ09-patronen", "regio-JZ09-uitkomsten",
                                                      "regio-JZ09-monitor", "regio-JZ09-eigen"]
    assert any(name.endswith("jeugdregios.csv") for name in manifest["inputs"])
