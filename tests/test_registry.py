"""The indicator registry params/indicators.yaml and its loader.

Expected values come from the report (seed 001): the Kernindicatoren table at
l.454-479, the factsheets' Beweging sentences and subdoelen, and the report's
own reading of which direction is desired. Bad registries are small YAML files
in tests/fixtures/registry/.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.config import PUBLISHED_DIR, SEED_VGR4_FIGURES
from analysis.errors import VoortgangError
from analysis.inputs.periods import PERIOD_KINDS_BY_TYPE, period_kind, period_position
from analysis.inputs.published import load_published
from analysis.inputs.registry import UNITS, Indicator, load_registry, parse_registry

FIXTURES = Path(__file__).parent / "fixtures" / "registry"


@pytest.fixture(scope="module")
def registry():
    return load_registry()


@pytest.fixture(scope="module")
def pub(registry):
    """Every published-figures table under data/published/ (VGR 4 of May 2020, the CBS figures 2015-2023, ...)."""
    paths = sorted(PUBLISHED_DIR.glob("*.csv"))
    assert len(paths) >= 2, paths
    return pd.concat([load_published(p, registry=registry) for p in paths], ignore_index=True)


# ------------------------------------------------------------------ content from the report


def test_registry_defines_exactly_the_published_indicators(registry, pub):
    """Every indicator has figures in some table of data/published/, and every figure an indicator.

    Indicators marked ``computed`` (from person-level data or a region's count table) have none."""
    ids = [ind.id for ind in registry.indicators]
    assert len(ids) == len(set(ids))
    assert {i.id for i in registry.indicators if not i.computed} == set(pub["indicator_id"])
    assert not {i.id for i in registry.indicators if i.computed} & set(pub["indicator_id"])
    # both tables contribute: an indicator only in VGR 4, one only in the CBS figures, one in both
    assert {"thuiszitters_langdurig", "jeugdhulp_natura_halfjaar_aantal", "verblijf_aantal"} <= set(ids)


def test_directions_follow_the_report(registry):
    expected = {
        "verblijf_pct_totale_jeugdhulp": "lower_is_better",  # 'trend voorzichtig de goede kant op' (l.446)
        "thuiszitters_langdurig": "lower_is_better",  # 'nog geen verbetering' bij een stijging (l.503)
        "vrijstellingen_5a": "lower_is_better",  # Beweging AL3: 'minder vrijstellingen'
        "client_snel_geholpen_pct": "higher_is_better",
        "client_samen_beslissen_pct": "higher_is_better",
        "uhp_bij_ots_pct": "lower_is_better",  # 'Continuering daling ...' as good news (l.2392)
        "uitstroom_buiten_zw_pct": "lower_is_better",  # 'de uitstroom moet omlaag' (l.2655)
        "werktevredenheid_pct": "higher_is_better",
        "verlengde_jeugdhulp_aantal": "higher_is_better",  # Beweging AL4, l.527-534
        "cohort18_verlengde_jeugdhulp_pct": "higher_is_better",
        "vsv_aanwas": "neutral",  # 'onzeker of dit positief of negatief geduid moet worden' (l.2017-2019)
        "cohort18_betalingsachterstand_zvw_pct": "lower_is_better",
        "jb_instroom": "lower_is_better",  # Beweging AL5: 'voorkomen dat een maatregel nodig is'
    }
    assert {i: registry.get(i).direction for i in expected} == expected


def test_series_breaks_from_the_report(registry):
    ggz = registry.get("cohort18_vervolgzorg_pct").series_breaks  # GGZ: other CBS source (l.2237-2239)
    assert [b.periode for b in ggz] == ["2017"] and "ander CBS-bronbestand" in ggz[0].reden
    vorm = registry.get("verblijf_vorm_aantal").series_breaks  # gezinsgericht -> pleegzorg (l.1659-1662)
    assert [b.periode for b in vorm] == ["2019"] and "administratief effect" in vorm[0].reden
    # AZW: the "jeugdhulp" column is new in 2019 (l.2689-2695), but the jeugdzorg series
    # itself continues, so there is no break at indicator level.
    assert registry.get("werktevredenheid_pct").series_breaks == ()


def test_the_registry_holds_definitions_only():
    """Programme framing, the Kernindicatoren selection and caveats are content, not definitions."""
    fields = set(Indicator.model_fields)
    assert not fields & {"actielijn", "kernindicator", "caveats"}
    with pytest.raises(VoortgangError, match=r"unknown top-level key 'actielijnen'"):
        parse_registry({"actielijnen": [], "indicators": []}, "x.yaml")


# ------------------------------------------------------------------ registry and table agree


def test_units_match_the_table(registry, pub):
    for ind in registry.indicators:
        rows = pub[pub.indicator_id == ind.id]
        if not rows.empty:
            assert set(rows["unit"]) == {ind.unit}, ind.id


def test_data_sources_are_those_the_report_names():
    """The registry's data source of each VGR 4 indicator is the one the extraction read in the report."""
    if not SEED_VGR4_FIGURES.is_file():
        pytest.skip(f"seed extraction not available at {SEED_VGR4_FIGURES}")
    seed = pd.read_csv(SEED_VGR4_FIGURES, dtype=str, keep_default_na=False)
    named = seed.groupby("indicator_id")["source"].agg(lambda s: {x.removesuffix(" [Kernindicatorentabel]") for x in s})
    registry = {ind.id: ind.source for ind in load_registry().indicators}
    for indicator_id, sources in named.items():
        if indicator_id in registry:
            assert sources == {registry[indicator_id]}, indicator_id


def test_first_period_and_period_type_match_the_table(registry, pub):
    def first_year(period: str) -> int:
        return int(period[:4])

    for ind in (i for i in registry.indicators if not i.computed):
        periods = set(pub.loc[pub.indicator_id == ind.id, "period"])
        assert ind.first_period in periods, ind.id
        assert first_year(ind.first_period) == min(map(first_year, periods)), ind.id
        kinds = {period_kind(p) for p in periods}
        assert kinds <= PERIOD_KINDS_BY_TYPE[ind.period_type], (ind.id, kinds)
        if ind.period_type in {"half_year", "date"}:  # within the first year too: 2018-H1, not 2018-H2
            assert ind.first_period == min(periods, key=period_position), ind.id


def test_unknown_id_names_it_and_the_nearest(registry):
    with pytest.raises(VoortgangError, match=r"'verblijf_aantl' is not in the indicator registry; nearest: verblijf_aantal"):
        registry.get("verblijf_aantl")


# ------------------------------------------------------------------ bad registries


def test_minimal_fixture_is_valid():
    reg = load_registry(FIXTURES / "valid_minimal.yaml")
    assert [ind.id for ind in reg.indicators] == ["verblijf_aantal", "verblijf_pct_totale_jeugdhulp"]
    assert reg.get("verblijf_aantal").break_periods == ("2019",)


@pytest.mark.parametrize(
    "fixture, who, field, problem",
    [
        ("unknown_field.yaml", "indicator 'verblijf_aantal'", "field 'eenheid'", "unknown field"),
        ("duplicate_id.yaml", "indicator 'verblijf_aantal'", "field 'id'", "duplicate id"),
        ("bad_unit.yaml", "indicator 'verblijf_aantal'", "field 'unit'", "'procent' is not one of " + ", ".join(UNITS)),
        ("index_without_base.yaml", "indicator 'verblijf_pct_totale_jeugdhulp'", "",
         "Value error, field 'index_base' (e.g. '2015=100') is required for unit index"),
        ("missing_id.yaml", "indicator at index 1 (no id)", "field 'id'", "is required"),
    ],
)
def test_bad_registry_names_file_indicator_and_field(fixture, who, field, problem):
    with pytest.raises(VoortgangError) as err:
        load_registry(FIXTURES / fixture)
    message = str(err.value)
    assert message.startswith(f"tests/fixtures/registry/{fixture}: {who}: " + (f"{field}: " if field else "") + problem)
    assert "\n" not in message  # one problem, one line (no pydantic dump)


def test_all_problems_in_one_error():
    with pytest.raises(VoortgangError) as err:
        load_registry(FIXTURES / "two_problems.yaml")
    lines = str(err.value).splitlines()
    assert len(lines) == 2
    assert "indicator 'verblijf_aantal': field 'unit'" in lines[0]
    assert "indicator 'verblijf_pct_totale_jeugdhulp': Value error, field 'index_base'" in lines[1]


def test_unknown_top_level_key():
    with pytest.raises(VoortgangError, match=r"unknown_top_key\.yaml: unknown top-level key 'indikatoren'"):
        load_registry(FIXTURES / "unknown_top_key.yaml")


def test_invalid_yaml_names_file_and_line():
    with pytest.raises(VoortgangError, match=r"broken\.yaml: not valid YAML at line \d+"):
        load_registry(FIXTURES / "broken.yaml")


def test_missing_registry_file(tmp_path):
    with pytest.raises(VoortgangError, match=r"absent\.yaml: indicator registry not found"):
        load_registry(tmp_path / "absent.yaml")
