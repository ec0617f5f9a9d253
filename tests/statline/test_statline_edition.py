"""StatLine snapshots reach an edition's figures through the one loader and the one schema.

The fixture table 99999NED carries the published figures of seed 001 for 2018 and 2019
(jeugdhulp met verblijf 0-23: 42.770 and 42.975, l.1648) with the CBS statuses
definitief (2018) and nader voorlopig (2019); see ``tests/fixtures/statline/README.md``.
"""

from __future__ import annotations

import pytest
import yaml

import analysis.inputs.statline.mapping as mapping_module
import analysis.inputs.statline.snapshot as snapshot_module
from analysis.errors import VoortgangError
from analysis.inputs.editions import DataSource, load_edition
from analysis.inputs.figures import load_edition_figures
from analysis.inputs.statline import fetch


@pytest.fixture
def edition_with_snapshot(tmp_path, feed, monkeypatch):
    """Edition 2020-H1 plus the 99999NED snapshot of 2020-11-02, served from ``tmp_path``."""
    root = tmp_path / "statline"
    fetch("99999NED", out_dir=root, date="2020-11-02", opener=feed())
    monkeypatch.setattr(snapshot_module, "STATLINE_DIR", root)
    edition = load_edition("2020-H1")
    source = DataSource(naam="Jeugdhulp met verblijf", soort="statline", versie="2020-11-02",
                        pad="data/raw/statline/99999NED/2020-11-02")
    return edition.model_copy(update={"sources": [*edition.sources, source]})


def use_mapping(tmp_path, monkeypatch, fixtures_dir, keep_half_years: bool) -> None:
    doc = yaml.safe_load((fixtures_dir / "mapping_99999NED.yaml").read_text(encoding="utf-8"))
    if not keep_half_years:
        doc["mappings"] = [m for m in doc["mappings"] if "period_kinds" not in m]
    path = tmp_path / "statline.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(mapping_module, "STATLINE_MAPPING", path)


def test_statline_figures_reach_the_edition_with_their_status(edition_with_snapshot, tmp_path, monkeypatch,
                                                              fixtures_dir):
    use_mapping(tmp_path, monkeypatch, fixtures_dir, keep_half_years=False)
    loaded = load_edition_figures(edition_with_snapshot)
    figs = loaded.figures.set_index(["indicator_id", "breakdown", "period"])
    row = figs.loc[("verblijf_aantal", "0-23", "2019")]
    # the same value as the May 2020 report, now with the CBS status: status decides, the value is unchanged
    assert (row["value"], row["status"], row["source"]) == (42975.0, "nader voorlopig", "statline-99999ned-2020-11-02")
    assert figs.loc[("verblijf_aantal", "0-23", "2018"), "status"] == "definitief"
    conflict = loaded.conflicts.set_index(["indicator_id", "breakdown", "period"]).loc[("verblijf_aantal", "0-23", "2019")]
    assert (conflict["other_source"], conflict["rule"], conflict["kind"]) == ("vgr4-2020-05", "status", "status")
    assert "statline-99999ned-2020-11-02" in loaded.sources


def test_statline_rows_are_validated_like_a_published_table(edition_with_snapshot, tmp_path, monkeypatch,
                                                            fixtures_dir):
    # the record maps half-years onto verblijf_aantal, a yearly indicator: refused with file, row and field
    use_mapping(tmp_path, monkeypatch, fixtures_dir, keep_half_years=True)
    with pytest.raises(VoortgangError) as err:
        load_edition_figures(edition_with_snapshot)
    message = str(err.value)
    assert message.startswith("StatLine 99999NED (2020-11-02) via params/statline.yaml: column 'period': a half_year "
                              "for an indicator with period_type 'year'")
    assert "row " in message and "(verblijf_aantal / JZ13 / 2020-H1)" in message
    assert "\n" not in message
