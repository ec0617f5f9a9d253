"""Appendix content: definitions, glossary, statistical conventions."""

from __future__ import annotations

import pytest

from analysis.errors import VoortgangError
from analysis.inputs.glossary import load_glossary
from analysis.inputs.registry import load_registry
from analysis.present.methods import (
    definitions_table,
    glossary_markdown,
    series_breaks_markdown,
    statistics_markdown,
)


def test_glossary_explains_the_domain_words():
    terms = {t.term for t in load_glossary()}
    # the words the house rules require to be explained
    assert {"actielijn", "jeugdregio", "verblijf", "OTS", "procentpunt"} <= terms
    text = glossary_markdown(load_glossary())
    assert "**OTS**\n: Ondertoezichtstelling" in text


def test_bad_glossary_names_key(tmp_path):
    path = tmp_path / "glossary.yaml"
    path.write_text("begrippen:\n  - term: x\n    uitleg: y\n    bron: z\n", encoding="utf-8")
    with pytest.raises(VoortgangError, match=r"glossary.yaml: key 'begrippen.0.bron'"):
        load_glossary(path)


def test_definitions_table_uses_registry_words():
    reg = load_registry()
    table = definitions_table(reg, ["uhp_bij_ots_pct", "thuiszitters_langdurig", "uhp_bij_ots_pct"])
    assert len(table) == 2  # duplicates once
    row = table.loc[reg.get("uhp_bij_ots_pct").label]
    assert row["Eenheid"] == "%" and row["Gewenste richting"] == "lager is beter"
    assert row["Actielijn"] == "5"


def test_series_breaks_listed():
    text = series_breaks_markdown(load_registry())
    assert "trendbreuk vanaf 2017" in text  # GGZ source change (seed l.2237-2242)


def test_statistics_text_states_thresholds():
    text = statistics_markdown()
    assert "minder dan 4 meetpunten" in text
    assert "p < 0,05" in text
    assert "kleiner dan 1 procentpunt of 2%" in text
