"""`voortgang build --regions GM...`: gemeente reports from the (synthetic) StatLine gemeente table.

On a copy of the project (helpers.copy_project) with 2024-H1 cut to one national chapter (the
gemeente reports are the subject; the chapters that compare with 2020-H1 would build that first),
two gemeenten: Land van Cuijk (GM1982, made on 1 January 2022 from five gemeenten) and Amsterdam
(GM0363, Weesp added on 24 March 2022).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from analysis.pipeline.execution.runner import STATUS_WORDS
from helpers import copy_project, run_cli

pytestmark = pytest.mark.slow

EDITION = "2024-H1"
BUILD = ("build", "--edition", EDITION, "--formats", "html", "--renderer", "builtin", "--jobs", "2")
TABLE = Path("data/synthetic/statline/85098NED/2024-05-01")


def text_of(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def _status(proc) -> dict[str, str]:
    status_of = {word: status for status, word in STATUS_WORDS.items()}
    words = "|".join(status_of)
    return {run: status_of[w] for w, run in re.findall(rf"^({words})\s+(\S+)", proc.stderr, re.M)}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("gemeenten") / "project")
    path = root / "params" / "editions" / f"{EDITION}.yaml"
    edition = yaml.safe_load(path.read_text(encoding="utf-8"))
    edition["chapters"] = [{"notebook": "01-kernindicatoren"}]
    path.write_text(yaml.safe_dump(edition, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def builds(project):
    out = {"first": run_cli(project, *BUILD, "--regions", "GM1982,GM0363")}
    text = project / "params" / "tekst" / EDITION / "gemeente-GM0363.md"
    text.parent.mkdir(parents=True, exist_ok=True)
    text.write_text("Onze eigen duiding voor Amsterdam.\n", encoding="utf-8")
    out["text"] = run_cli(project, *BUILD, "--regions", "GM1982,GM0363")
    return out


def test_gemeente_reports_are_built_from_the_table(project, builds):
    assert builds["first"].returncode == 0, builds["first"].stderr
    assert "synthetische gemeentetabel gemaakt: 85098NED (2024-05-01)" in builds["first"].stderr
    manifest = json.loads((project / TABLE / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["synthetisch"] is True
    regio = project / "reports" / EDITION / "regio"
    cuijk = text_of((regio / "GM1982" / "index.html").read_text(encoding="utf-8"))
    assert "Gemeenterapportage Land van Cuijk" in cuijk
    assert "Alle cijfers in dit rapport komen uit een synthetische tabel" in cuijk
    assert "bestaat sinds 1 januari 2022: ontstaan uit Boxmeer, Cuijk, Grave, Mill en Sint Hubert en Sint " \
           "Anthonis" in cuijk
    assert "Voorgangers" in cuijk and "(synthetische data)" in cuijk
    index = (regio / "index.html").read_text(encoding="utf-8")
    assert "<h2>Gemeenten (2)</h2>" in index and '<a href="GM1982/index.html">rapport</a>' in index
    assert json.loads((regio / "GM0363" / "manifest.json").read_text(encoding="utf-8"))["region"]["niveau"] == \
        "gemeente"


def test_one_gemeentes_text_reexecutes_only_that_gemeente(project, builds):
    proc = builds["text"]
    assert proc.returncode == 0, proc.stderr
    status = _status(proc)
    assert status["regio-GM0363-gemeente"] == "executed"
    assert status["regio-GM1982-gemeente"] == "cached"
    assert all(s == "cached" for run, s in status.items() if not run.startswith("regio-")), status
    amsterdam = text_of((project / "reports" / EDITION / "regio" / "GM0363" / "index.html").read_text("utf-8"))
    assert "Onze eigen duiding voor Amsterdam." in amsterdam
    assert "Weesp is op 24 maart 2022 bij Amsterdam gevoegd" in amsterdam


def test_a_merged_away_gemeente_and_a_broken_table_stop_before_anything_runs(project, builds):
    proc = run_cli(project, *BUILD, "--regions", "GM0457")
    assert proc.returncode == 2
    assert "GM0457 (Weesp) went into GM0363 (Amsterdam) on 2022-03-24 (toevoeging); build GM0363 instead" in \
        " ".join(proc.stderr.split())
    data = project / TABLE / "TypedDataSet.json"
    data.chmod(0o644)
    data.write_text(data.read_text(encoding="utf-8").replace('"RegioS": "GM1982    "', '"RegioS": "GM1983    "'),
                    encoding="utf-8")
    proc = run_cli(project, *BUILD, "--regions", "GM1982")
    assert proc.returncode == 2
    assert "TypedDataSet.json: sha256 differs" in " ".join(proc.stderr.split())
