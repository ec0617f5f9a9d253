"""`voortgang build --scheduler`: the executions and regional renders as tasks of a Dask cluster.

The builds run on a copy of the project (helpers.copy_project) with a small edition: two
national chapters, two regions (JZ09, JZ42) with the regional chapter and a kenniswerkplaats
notebook that raises for JZ42. The cluster is a ``LocalCluster`` of two worker processes
that share the project directory (their ``VOORTGANG_ROOT`` is the copy), as workers on other
machines share a checkout. The first build uses the local engine; the Dask builds must give
the same content (the manifests' output hashes) and the same failure.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from analysis.errors import VoortgangError
from analysis.pipeline.execution.dask_engine import check_workers, task_key, worker_facts
from helpers import copy_project, run_cli
from test_build_regions import own_notebook

EDITION = "2020-H1"
BUILD = ("build", "--edition", EDITION, "--formats", "html", "--renderer", "builtin", "--jobs", "2",
         "--regions", "JZ09,JZ42")
FAILURE = "region 'JZ42': chapter 'regio-JZ42-eigen': RuntimeError: expres kapot"


def lines(text: str) -> str:
    return " ".join(text.split())


def status(stderr: str) -> dict[str, str]:
    """Run id -> the Dutch status word of its build-log line."""
    return {m.group(2): m.group(1) for m in re.finditer(r"^(uitgevoerd|uit cache|mislukt) +(\S+) \(", stderr, re.M)}


def output_hashes(manifest: Path) -> dict[str, str]:
    return json.loads(manifest.read_text(encoding="utf-8"))["output_hashes"]


# ------------------------------------------------------------------ fast: the checks of the engine


def test_a_worker_on_another_checkout_or_code_is_refused_by_name():
    here = worker_facts()
    where = "argument '--scheduler' tcp://10.0.0.1:8786"
    check_workers({"tcp://10.0.0.2:4001": dict(here)}, where)  # the same: accepted
    moved = {**here, "host": "machine-b", "project root": "/srv/elders"}
    with pytest.raises(VoortgangError) as exc:
        check_workers({"tcp://10.0.0.2:4001": dict(here), "tcp://10.0.0.3:4001": moved}, where)
    message = str(exc.value)
    assert message.startswith("argument '--scheduler' tcp://10.0.0.1:8786: Dask worker tcp://10.0.0.3:4001 "
                              "(machine-b): project root is /srv/elders")
    older = {**here, "environment": {**here["environment"], "pandas": "1.0.0"}}
    with pytest.raises(VoortgangError, match=r"environment is \{'pandas': '1\.0\.0'\}, this build's is \{'pandas'"):
        check_workers({"tcp://10.0.0.2:4001": older}, where)
    with pytest.raises(VoortgangError, match="code is 0+,"):
        check_workers({"tcp://10.0.0.2:4001": {**here, "code": "0" * 64}}, where)


def test_a_task_key_is_its_content_hash_and_where_it_writes():
    key = "ab" * 32
    a = task_key("execute", key, Path("/project/reports/.executed/2020-H1/01-kernindicatoren.ipynb"))
    assert a == task_key("execute", key, Path("/project/reports/.executed/2020-H1/01-kernindicatoren.ipynb"))
    assert a.startswith(f"voortgang-execute-{key}-")
    assert a != task_key("execute", key, Path("/other/reports/.executed/2020-H1/01-kernindicatoren.ipynb"))
    assert a != task_key("execute", "cd" * 32, Path("/project/reports/.executed/2020-H1/01-kernindicatoren.ipynb"))


def test_an_address_without_port_is_one_line_and_exit_2(tmp_path):
    root = copy_project(tmp_path / "project")
    proc = run_cli(root, "build", "--formats", "html", "--scheduler", "scheduler.example")
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and "Traceback" not in proc.stderr
    assert "argument '--scheduler' scheduler.example: no Dask scheduler answers (missing port number" in proc.stderr
    assert not (root / "reports").exists()


# ------------------------------------------------------------------ slow: builds on a LocalCluster


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("dask") / "project")
    own_notebook(root / "notebooks" / "41-eigen.ipynb", fail_for=["JZ42"])
    path = root / "params" / "editions" / f"{EDITION}.yaml"
    edition = yaml.safe_load(path.read_text(encoding="utf-8"))
    edition["chapters"] = [{"notebook": "01-kernindicatoren"}, {"notebook": "90-methoden"}]
    edition["synthetic"]["persons"] = 5000
    regio = [c for c in edition["regions"]["chapters"] if c["id"] == "regio"]
    edition["regions"]["chapters"] = regio + [{"notebook": "41-eigen", "id": "eigen"}]
    path.write_text(yaml.safe_dump(edition, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def cluster(project):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      env={"VOORTGANG_ROOT": str(project)}) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def builds(project, cluster):
    """The local engine, then Dask with --force, then Dask again; manifests after each."""
    national = project / "releases" / EDITION / "latest" / "manifest.json"
    regional = project / "reports" / EDITION / "regio" / "JZ09" / "manifest.json"
    out = {}
    for step, extra in (("local", ()), ("dask", ("--force", "--scheduler", cluster.scheduler_address)),
                        ("again", ("--scheduler", cluster.scheduler_address))):
        out[step] = run_cli(project, *BUILD, *extra)
        out[f"{step}_national"] = output_hashes(national)
        out[f"{step}_regional"] = output_hashes(regional)
    return out


@pytest.mark.slow
def test_dask_executes_everything_and_gives_the_local_engines_content(project, builds):
    proc = builds["dask"]
    assert "Dask-scheduler tcp://" in proc.stderr and "2 werkplekken" in proc.stderr
    runs = status(proc.stderr)
    assert len(runs) == 6 and set(runs.values()) == {"uitgevoerd", "mislukt"}, proc.stderr  # --force
    assert builds["dask_national"] == builds["local_national"] and builds["local_national"]
    assert builds["dask_regional"] == builds["local_regional"] and builds["local_regional"]
    # the same content is no new version
    versions = sorted(p.name for p in (project / "releases" / EDITION).iterdir() if not p.name.startswith("."))
    assert versions == ["latest", "v1"]


@pytest.mark.slow
def test_a_failing_notebook_on_a_worker_fails_as_on_the_local_engine(project, builds):
    failed = project / "reports" / ".executed" / EDITION / "regio-JZ42-eigen.failed.ipynb"
    for step in ("local", "dask"):
        proc = builds[step]
        assert proc.returncode == 1, proc.stderr
        assert f"{FAILURE}; traceback in {failed}; no report" in lines(proc.stderr)
    assert "expres kapot" in failed.read_text(encoding="utf-8")
    assert not (project / "reports" / EDITION / "regio" / "JZ42").exists()
    assert (project / "reports" / EDITION / "regio" / "JZ09" / "index.html").is_file()


@pytest.mark.slow
def test_a_second_dask_build_executes_and_renders_nothing_new(builds):
    proc = builds["again"]
    runs = status(proc.stderr)
    assert runs.pop("regio-JZ42-eigen") == "mislukt"  # a failure is never cached
    assert len(runs) == 5 and set(runs.values()) == {"uit cache"}, proc.stderr
    # (the national report is rendered once more after --force: its render key holds papermill's
    # timestamps, a part of issue 15 of its own)
    assert "regio JZ09: ongewijzigd" in proc.stderr
    assert builds["again_regional"] == builds["local_regional"]


@pytest.mark.slow
def test_a_scheduler_that_does_not_answer_is_one_line_and_exit_2(tmp_path):
    root = copy_project(tmp_path / "project")
    proc = run_cli(root, "build", "--formats", "html", env={"VOORTGANG_SCHEDULER": "tcp://127.0.0.1:9"})
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and "Traceback" not in proc.stderr
    assert ("argument 'environment variable VOORTGANG_SCHEDULER' tcp://127.0.0.1:9: no Dask scheduler answers (Timed out trying to connect"
            in proc.stderr)
    assert not (root / "reports").exists()
