"""Appendix content: definitions, glossary, statistical conventions."""

from __future__ import annotations

import pytest

from analysis.errors import VoortgangError
from analysis.inputs.editions import load_edition
from analysis.inputs.glossary import load_glossary
from analysis.inputs.programme import load_programme
from analysis.inputs.published import load_published
from analysis.inputs.registry import load_registry
from analysis.present.methods import (
    definitions_table,
    glossary_markdown,
    series_breaks_markdown,
    statistics_markdown,
)
from helpers import ANALYSIS, FLAGS, WORDS


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
    programme = load_programme(load_edition("2020-H1"), reg)
    table = definitions_table(reg, ["uhp_bij_ots_pct", "thuiszitters_langdurig", "uhp_bij_ots_pct"], programme)
    assert len(table) == 2  # duplicates once
    row = table.loc[reg.get("uhp_bij_ots_pct").label]
    assert row["Eenheid"] == "%" and row["Gewenste richting"] == "lager is beter"
    assert row["Actielijn"] == "5"


def test_series_breaks_listed_with_their_reasons():
    text = series_breaks_markdown(load_registry(), load_published())
    # GGZ source change (seed l.2237-2239), in the report's words
    assert ("trendbreuk vanaf 2017. We kunnen de GGZ-cijfers van 2016 helaas niet vergelijken met die van 2017 "
            "vanwege de overstap naar een ander CBS-bronbestand.") in text
    # gezinsgericht -> pleegzorg (l.1659-1662): the reason is printed, where 2020-H1 v1 printed none
    assert "trendbreuk vanaf 2019. Een deel van wat in 2018 werd aangemerkt als gezinsgericht" in text
    # the May 2020 figures end in 2019: the 2021 break of the CBS series is not this edition's
    assert "2021" not in text
    few = load_published().query("indicator_id == 'uhp_bij_ots_pct'")
    assert series_breaks_markdown(load_registry(), few) == "Er zijn geen trendbreuken vastgelegd."


def test_statistics_text_states_thresholds():
    text = statistics_markdown(ANALYSIS)
    assert "pas vanaf 5 meetpunten" in text  # Mann-Kendall's fewest points at 0,05
    assert "quasi-Poisson-regressie" in text and "minstens drie meetpunten" in text
    assert "p < 0,05" in text
    assert "kleiner dan 1 procentpunt of 2%" in text
    assert "minder dan 3 procentpunt" in text and "vanaf 10 procentpunt" in text
    assert "minder dan 5%" in text and "vanaf 25%" in text
    assert "significant is na de Holm-correctie" in text and "op niveau 0,05" in text
    assert "ongeveer 2,1 afwijkingen" in text  # 42 regions x 0.05
    assert "met 80% kans had gevonden" in text and "er is geen ranglijst" in text
    assert "Breslow-Day-toets p < 0,05" in text
    assert "de 95% en 99,8%-grenzen" in text


def test_statistics_text_follows_the_settings():
    """Every threshold printed comes from the settings, not from code."""
    other = ANALYSIS.model_copy(update={
        "significance": 0.1,
        "change": WORDS.model_copy(update={"stable_pp": 0.5, "large_rel_pct": 30.0}),
        "patterns": FLAGS.model_copy(update={"correction": "fdr_bh", "family_alpha": 0.1, "power": 0.9,
                                             "funnel_levels": (0.9, 0.99)}),
    })
    text = statistics_markdown(other)
    assert "p < 0,10" in text
    assert "pas vanaf 4 meetpunten" in text  # at 0,10 Mann-Kendall can reject from 4 points
    assert "kleiner dan 0,5 procentpunt" in text and "vanaf 30%" in text
    assert "na de Benjamini-Hochberg-correctie" in text and "op niveau 0,1" in text
    assert "ongeveer 4,2 afwijkingen" in text and "met 90% kans" in text  # 42 x 0.1
    assert "de 90% en 99%-grenzen" in text


def test_every_unit_has_dutch_words():
    from analysis.inputs.registry import UNITS
    from analysis.present.labels import UNIT_TEXT
    from analysis.present.methods import unit_text

    assert set(UNIT_TEXT) == set(UNITS)
    # CBS Jeugdmonitor: "Jeugdhulp (2015=100)"
    assert unit_text(load_registry().get("jeugdzorg_soort_index")) == "indexcijfer (2015=100)"


def test_every_correction_has_dutch_words():
    from analysis.present.labels import CORRECTION_LIMITS, CORRECTION_NAMES
    from analysis.stats.multiple import CORRECTIONS

    assert set(CORRECTION_NAMES) == set(CORRECTION_LIMITS) == set(CORRECTIONS)
