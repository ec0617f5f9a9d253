"""Licence and citation (issue 14): one licence in LICENSE, pyproject.toml and CITATION.cff; the identifier."""

from __future__ import annotations

import tomllib

import pytest

from analysis.config import CITATION_FILE, PROJECT_ROOT
from analysis.errors import VoortgangError
from analysis.inputs.citation import load_citation
from analysis.present.colofon import identifier


def test_licence_is_the_same_everywhere():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    citation = load_citation()
    assert project["license"]["text"] == citation.license == "EUPL-1.2"
    first = (PROJECT_ROOT / "LICENSE").read_text(encoding="utf-8").splitlines()[0]
    assert first.strip() == "EUROPEAN UNION PUBLIC LICENCE v. 1.2"
    assert citation.version == project["version"]


def test_identifier_names_edition_and_version():
    assert identifier("2024-H1", 3) == "voortgang/2024-H1/v3"
    assert identifier("2020-H1", 12) == "voortgang/2020-H1/v12"


@pytest.mark.parametrize(("change", "message"), [
    (lambda t: t + "doi: 10.1/x\n", r"CITATION.cff: .*doi"),
    (lambda t: t.replace("license: EUPL-1.2", "license: <b>EUPL</b>"), r"CITATION.cff: .*license"),
    (lambda t: t.replace('  - name: "Project voortgang"\ncontact', '  - name: "[Project]"\ncontact'),
     r"CITATION.cff: .*authors"),
])
def test_a_bad_citation_file_is_refused(tmp_path, change, message):
    path = tmp_path / "CITATION.cff"
    path.write_text(change(CITATION_FILE.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(VoortgangError, match=message):
        load_citation(path)
