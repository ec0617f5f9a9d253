"""Factsheet definitions, panel data and the researchers' text slot."""

from __future__ import annotations

import math

import pytest
import yaml

from analysis.config import FACTSHEETS
from analysis.errors import VoortgangError
from analysis.inputs.factsheets import load_factsheets
from analysis.inputs.published import load_published
from analysis.inputs.registry import load_registry
from analysis.inputs.texts import researcher_text
from analysis.measures.indicators import panel_frame
from analysis.present.factsheets import bron_lines, factsheet_findings
from helpers import ANALYSIS


@pytest.fixture(scope="module")
def registry():
    return load_registry()


@pytest.fixture(scope="module")
def published(registry):
    return load_published(registry=registry)


def test_every_actielijn_with_published_figures_has_a_factsheet(registry, published):
    sheets = load_factsheets(registry, published)
    assert sorted(sheets) == [1, 2, 3, 5, 6]
    assert all(2 <= len(s.panels) <= 5 for s in sheets.values())


def test_panel_frame_fills_gaps(registry, published):
    panel = load_factsheets(registry, published)[1].panels[0]
    frame = panel_frame(published, panel)
    assert list(frame.columns) == ["periode", "reeks", "waarde"]
    # 4 series x 4 years (2015-2018), seed l.1284-1294
    assert len(frame) == 16
    snel = frame[frame["reeks"] == "Snel geholpen"]["waarde"].tolist()
    assert snel == [61, 63, 65, 64]
    goed = frame[frame["reeks"] == "Goed geholpen"]["waarde"].tolist()
    assert math.isnan(goed[1])  # 2016 unreadable in the seed (UNREADABLE row)


def test_findings_of_actielijn_5(registry, published):
    sheet = load_factsheets(registry, published)[5]
    findings = factsheet_findings(published, registry, sheet, ANALYSIS)
    # instroom 11.040 (2016) -> 11.430 (2019): +3,5% -> "lichte toename" (below 5%)
    assert findings[0].heading == "Lichte toename instroom cliënten in de jeugdbescherming"
    assert findings[1].heading == "Minder uithuisplaatsingen bij een ondertoezichtstelling"
    assert bron_lines(registry, sheet) == ["Bron: CBS Beleidsinformatie Jeugd"]


def _write(tmp_path, change):
    data = yaml.safe_load(FACTSHEETS.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "factsheets.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["factsheets"][0]["panels"][0]["series"][0].update(indicator="bestaat_niet"),
         "actielijn 1: panel 1: indicator_id 'bestaat_niet' is not in the indicator registry"),
        (lambda d: d["factsheets"][0]["panels"][0]["series"][0].update(breakdown="0-4"),
         "actielijn 1: panel 1: indicator 'client_snel_geholpen_pct' has no published breakdown '0-4'"),
        (lambda d: d["factsheets"][2]["panels"][0]["series"].append(
            {"indicator": "ingeschreven_onderwijs_pct", "breakdown": "4-18; met jeugdhulp", "label": "x"}),
         "actielijn 3: panel 1: series must share one unit"),
        (lambda d: d["factsheets"][3].update(panels=d["factsheets"][3]["panels"][:1]),
         "key 'factsheets.3.panels'"),
        (lambda d: d["factsheets"][0].update(kleur="rood"), "key 'factsheets.0.kleur'"),
    ],
)
def test_bad_definitions_name_file_and_place(tmp_path, registry, published, change, message):
    path = _write(tmp_path, change)
    with pytest.raises(VoortgangError) as info:
        load_factsheets(registry, published, path)
    assert str(path) in str(info.value) or "factsheets.yaml" in str(info.value)
    assert message in str(info.value)


def test_researcher_text_slot(tmp_path):
    assert researcher_text("2020-H1", "factsheet-al1", tmp_path) is None
    (tmp_path / "2020-H1").mkdir()
    (tmp_path / "2020-H1" / "factsheet-al1.md").write_text("Onze duiding.\n", encoding="utf-8")
    assert researcher_text("2020-H1", "factsheet-al1", tmp_path) == "Onze duiding."
