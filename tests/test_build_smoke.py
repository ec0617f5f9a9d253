"""A whole build of two chapters (HTML only), for the fast subset: every step of the
pipeline runs (validate, data, dependencies, warm kernels, gate, render, publish,
cache) in seconds. The full edition in every format is built in test_build.py (slow)."""

from __future__ import annotations

import re

import yaml

from helpers import CHAPTERS, run_cli
from outline import declared_outline, html_outline


def test_two_chapter_build_then_nothing_to_do(project_copy):
    path = project_copy / "params" / "editions" / "2020-H1.yaml"
    edition = yaml.safe_load(path.read_text(encoding="utf-8"))
    edition["chapters"] = [{"notebook": "01-kernindicatoren"}, {"notebook": "90-methoden"}]
    edition["synthetic"]["persons"] = 5000
    path.write_text(yaml.safe_dump(edition, allow_unicode=True, sort_keys=False), encoding="utf-8")

    first = run_cli(project_copy, "build", "--formats", "html", "--renderer", "builtin", "--jobs", "2")
    assert first.returncode == 0, first.stderr
    report = project_copy / "reports" / "2020-H1"
    assert [c.title for c in html_outline(report / "index.html")] == [CHAPTERS[0], CHAPTERS[1], CHAPTERS[14]]
    assert html_outline(report / "index.html") == declared_outline(report)
    assert "synthetische data gemaakt: 5.000 personen" in first.stderr
    assert re.search(r"^uitgevoerd +90-methoden \(\d+,\d s; niet in de cache\)$", first.stderr, re.M)
    assert "nieuwe versie: 2020-H1 v1" in first.stderr
    assert not re.search(r"warn|encryption|Traceback", first.stdout + first.stderr, re.I)

    again = run_cli(project_copy, "build", "--formats", "html", "--renderer", "builtin")
    assert again.returncode == 0, again.stderr
    assert re.search(r"^uit cache +01-kernindicatoren \(", again.stderr, re.M)
    assert "render: ongewijzigd, bestaand rapport behouden" in again.stderr
    assert sorted(p.name for p in (project_copy / "releases" / "2020-H1").iterdir() if p.name[0] != ".") == [
        "latest", "v1"]  # no new version
