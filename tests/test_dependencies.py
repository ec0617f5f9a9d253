"""What a run depends on (analysis.pipeline.dependencies): code closure, files, edition digest.

The central check runs every chapter of the 2020-H1 edition in this process
while an audit hook records every file the chapter opens, and asserts that each
such file of the project is among the run's declared dependencies: a file that
a chapter reads but its cache key does not hold would let a stale chapter
through.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from analysis.config import EDITIONS_DIR, KERNEL_NAME, PROJECT_ROOT, TEMPLATES_DIR
from analysis.inputs.editions import ChapterRun, load_edition, plan_chapters
from analysis.inputs.synthetic import generate
from analysis.inputs.synthetic.gemeente_table import ensure_gemeente_table
from analysis.inputs.synthetic.monitor import ensure_monitor
from analysis.pipeline import dependencies
from analysis.pipeline.execute import warm_imports
from analysis.pipeline.regional import plan_regional
from helpers import count_population

EDITION = "2020-H1"

_OPENED: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    if _OPENED is not None and event == "open" and isinstance(args[0], (str, Path)):
        _OPENED.append(str(args[0]))


sys.addaudithook(_audit)


def _run_notebook_here(run: ChapterRun, edition: str = EDITION) -> list[Path]:
    """Execute the notebook's code cells in this process with the run's parameters; the files it opened."""
    global _OPENED
    nb = nbformat.read(run.notebook, as_version=4)
    namespace: dict = {}
    _OPENED = []
    try:
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            if "parameters" in cell.metadata.get("tags", []):
                exec(cell.source, namespace)  # noqa: S102 - the repository's own notebook
                namespace.update(run.parameters)
            else:
                exec(cell.source, namespace)  # noqa: S102
        opened = list(_OPENED)
    finally:
        _OPENED = None
    return sorted({Path(name).resolve() for name in opened if _is_data(Path(name).resolve(), edition)})


def _is_data(path: Path, edition: str = EDITION) -> bool:
    """A file of the project that is not code: params, data, releases, the templates."""
    root = PROJECT_ROOT.resolve()
    if not path.is_file() or not path.is_relative_to(root) or path.is_relative_to(root / ".venv"):
        return False
    # the edition file is a dependency through its digest (dependencies.edition_digest)
    if path == (EDITIONS_DIR / f"{edition}.yaml").resolve():
        return False
    code = Path(dependencies.PACKAGE_DIR).resolve()
    return not path.is_relative_to(code) or path.is_relative_to(TEMPLATES_DIR.resolve())


def _covered(path: Path, declared: tuple[Path, ...]) -> bool:
    return any(path == d.resolve() or path.is_relative_to(d.resolve()) for d in declared)


@pytest.fixture(scope="module")
def population(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("deps") / "synthetic"
    generate(20_000, (2013, 2019), 5, out)
    count_population(out)
    ensure_monitor(out.parent / "monitor", 5, (2018, 2019))  # the monitor chapter's case-level records
    return out


def _runs(population: Path) -> list[tuple[ChapterRun, str]]:
    edition = load_edition(EDITION)
    runs = [(run, run.output_id) for run in plan_chapters(edition)]
    runs += [(run, "regio-JZ14") for run in plan_regional(edition, "JZ14")[0].runs]
    out = []
    for run, text in runs:
        parameters = dict(run.parameters)
        if "microdata" in parameters:
            monitor = "/monitor/" in str(parameters["microdata"])
            parameters["microdata"] = str(population.parent / "monitor" if monitor else population)
        out.append((ChapterRun(run.output_id, run.notebook, parameters), text))
    return out


@pytest.mark.slow
def test_every_file_a_chapter_opens_is_a_declared_dependency(population, tmp_path):
    edition = load_edition(EDITION)
    for run, text in _runs(population):
        declared = dependencies.run_dependencies(run, edition, text, tmp_path).files
        opened = _run_notebook_here(run)
        undeclared = [p for p in opened if not _covered(p, declared)]
        assert not undeclared, f"{run.output_id} opened {undeclared} but declares {declared}"


@pytest.mark.parametrize("notebook", ["80-evaluatieagenda", "82-maatregelen", "83-aanbevelingen", "84-knelpunten"])
def test_the_learning_chapters_of_2024_h1_declare_every_file_they_open(notebook, tmp_path):
    edition = load_edition("2024-H1")
    (planned,) = [r for r in plan_chapters(edition) if r.notebook.stem == notebook]
    # without `previous`: a released version is not part of this check (test_every_file_a_chapter_opens_...)
    run = ChapterRun(planned.output_id, planned.notebook,
                     {k: v for k, v in planned.parameters.items() if k != "previous"})
    declared = dependencies.run_dependencies(run, edition, run.output_id, tmp_path).files
    opened = _run_notebook_here(run, "2024-H1")
    undeclared = [p for p in opened if not _covered(p, declared)]
    assert opened and not undeclared, f"{run.output_id} opened {undeclared} but declares {declared}"


def test_the_gemeente_chapter_declares_every_file_it_opens(tmp_path):
    edition = load_edition("2024-H1")
    ensure_gemeente_table(edition.regions.gemeenten)  # the build's prepare step (data/synthetic/statline)
    (run,) = plan_regional(edition, "GM1982")[0].runs
    declared = dependencies.run_dependencies(run, edition, "gemeente-GM1982", tmp_path).files
    opened = _run_notebook_here(run, "2024-H1")
    undeclared = [p for p in opened if not _covered(p, declared)]
    assert any(p.name == "TypedDataSet.json" for p in opened), opened
    assert not undeclared, f"{run.output_id} opened {undeclared} but declares {declared}"


def _notebook(path: Path, code: str) -> Path:
    nb = new_notebook(metadata={"kernelspec": {"name": KERNEL_NAME, "language": "python", "display_name": "x"}})
    nb.cells = [new_code_cell('edition = "2020-H1"', metadata={"tags": ["parameters"]}), new_code_cell(code)]
    nbformat.write(nb, path)
    return path


def test_a_notebook_depends_on_the_modules_it_imports_and_their_parents(tmp_path):
    nb = _notebook(tmp_path / "nb.ipynb", "from analysis.chapters import mijlpalen\n%matplotlib inline\n")
    found = dependencies.notebook_imports(nb)
    assert "analysis.chapters.mijlpalen" in found
    modules = dependencies.closure(found)
    # the chapter's imports, their parents (executed on import) and the foundation
    assert {"analysis", "analysis.chapters", "analysis.inputs.agenda", "analysis.config"} <= modules
    assert "analysis.chapters.regio" not in modules and "analysis.pipeline.build" not in modules


def test_code_hash_changes_with_a_module_it_holds_only(tmp_path, monkeypatch):
    mods = dependencies.closure({"analysis.chapters.mijlpalen"})
    before = dependencies.code_hash(mods)
    fake = tmp_path / "analysis"
    for module in mods | {"analysis.chapters.regio"}:
        src = dependencies.module_file(module)
        dest = fake / src.relative_to(dependencies.PACKAGE_DIR)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(src.read_bytes())
    monkeypatch.setattr(dependencies, "PACKAGE_DIR", fake)
    assert dependencies.code_hash(mods) == before
    regio = fake / "chapters" / "regio.py"
    regio.write_text(regio.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert dependencies.code_hash(mods) == before  # not in the closure
    mijlpalen = fake / "chapters" / "mijlpalen.py"
    mijlpalen.write_text(mijlpalen.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert dependencies.code_hash(mods) != before


def test_parameters_name_files_and_folders_under_the_project(tmp_path):
    paths = dependencies.parameter_paths(
        {"edition": "2020-H1", "microdata": "data/published", "strata": "jeugdregio", "years": [2019],
         "outside": "/etc/hostname", "up": "../shared"}
    )
    assert paths == [PROJECT_ROOT / "data/published"]


def test_kernels_warm_only_what_the_runs_import():
    edition = load_edition(EDITION)
    runs = {run.output_id: run for run in plan_chapters(edition)}
    deps = {k: dependencies.run_dependencies(r, edition, k, PROJECT_ROOT / "releases") for k, r in runs.items()}
    warm = warm_imports(deps)
    # the chapters the notebooks import (each notebook: `from analysis.chapters import <chapter>`), and with them
    # exactly the libraries their code imports; never a library as a whole (seaborn, statsmodels.api, pingouin)
    assert {"analysis", "analysis.chapters", "analysis.chapters.patronen", "analysis.chapters.kernindicatoren"} <= set(warm)
    assert all(m == "analysis" or m.startswith("analysis.") for m in warm)
    only_agenda = warm_imports({"81-mijlpalen": deps["81-mijlpalen"]})
    assert only_agenda == ("analysis", "analysis.chapters", "analysis.chapters.mijlpalen")


def test_a_regional_run_depends_on_every_text_of_its_region(tmp_path, monkeypatch):
    """A region's patronen chapter reads patronen-<code>.md, its regional chapter regio-<code>.md: changing
    either must execute the region's chapters again (and no other region's)."""
    from analysis.pipeline import plan as plan_module

    texts = tmp_path / "tekst" / "2020-H1"
    texts.mkdir(parents=True)
    for stem in ("regio-BEN07", "patronen-BEN07", "patronen-BEN05", "kernindicatoren"):
        (texts / f"{stem}.md").write_text("Duiding.\n", encoding="utf-8")
    monkeypatch.setattr(plan_module, "TEKST_DIR", texts.parent)
    monkeypatch.setattr(dependencies, "TEKST_DIR", texts.parent)
    plan = plan_module.plan_build("2020-H1", ["html"], "builtin", "BEN07")
    (regional,) = plan.regional
    patronen = next(r for r in regional.runs if r.output_id.endswith("-patronen"))
    assert plan.text_names(patronen) == ("patronen-BEN07", "regio-BEN07")
    national = next(r for r in plan.runs if r.output_id == "01-kernindicatoren")
    assert plan.text_names(national) == ("01-kernindicatoren",)
    files = dependencies.run_dependencies(patronen, plan.edition, plan.text_names(patronen), tmp_path).files
    assert {p.name for p in files if p.parent == texts} == {"patronen-BEN07.md", "regio-BEN07.md"}
