"""The files `voortgang edition new` and `voortgang region init` make, validate and build.

The walk-through of the README on a copy of the project: build 2020-H1 (so it has
a released version), start 2020-H2 from it, give Twente (JZ14) its own text, build
2020-H2 with Twente's report.
"""

from __future__ import annotations

import html
import re

import pytest

from helpers import run_cli

pytestmark = pytest.mark.slow


def _text(path) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))).split())


def test_new_edition_and_region_text_validate_and_build(project_copy):
    edition = project_copy / "params" / "editions" / "2020-H1.yaml"  # a smaller population: quicker, same steps
    edition.write_text(edition.read_text(encoding="utf-8").replace("persons: 200000", "persons: 20000"),
                       encoding="utf-8")
    first = run_cli(project_copy, "build", "--edition", "2020-H1", "--formats", "html", "--renderer", "builtin")
    assert first.returncode == 0, first.stderr

    made = run_cli(project_copy, "edition", "new", "2020-H2", "--from", "2020-H1")
    assert made.returncode == 0, made.stderr
    assert "Hoofdstukken die wijzigingen tonen, vergelijken met 2020-H1." in made.stdout
    region = run_cli(project_copy, "region", "init", "JZ14", "--edition", "2020-H2")
    assert region.returncode == 0, region.stderr
    assert "Bouwen: voortgang build --edition 2020-H2 --regions JZ14" in region.stdout
    own = project_copy / "params" / "tekst" / "2020-H2" / "regio-JZ14.md"
    own.write_text(own.read_text(encoding="utf-8") + "\nTwente kijkt vooral naar de verblijfscijfers.\n",
                   encoding="utf-8")

    assert run_cli(project_copy, "validate", "--edition", "2020-H2").returncode == 0
    built = run_cli(project_copy, "build", "--edition", "2020-H2", "--regions", "JZ14", "--formats", "html",
                    "--renderer", "builtin")
    assert built.returncode == 0, built.stderr
    report = _text(project_copy / "reports" / "2020-H2" / "index.html")
    changes = report[report.rindex("Wijzigingen ten opzichte van de vorige editie"):]  # the chapter, not the toc
    assert changes.startswith("Wijzigingen ten opzichte van de vorige editie Ten opzichte van 2020-H1/v1 is er "
                              "niets gewijzigd.")  # the same published figures in both editions
    assert (project_copy / "data" / "synthetic" / "2020-H2" / "synthetic.json").is_file()  # its own population
    twente = _text(project_copy / "reports" / "2020-H2" / "regio" / "JZ14" / "index.html")
    assert "Twente kijkt vooral naar de verblijfscijfers." in twente
    assert "Eigen tekst voor de regiorapportage" not in twente  # the template's note stays out of the report
