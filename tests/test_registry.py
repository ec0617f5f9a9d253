"""The indicator registry params/indicators.yaml and its loader.

Expected values come from the report (seed 001): the Kernindicatoren table at
l.454-479, the factsheets' Beweging sentences and subdoelen, and the report's
own reading of which direction is desired. Bad registries are small YAML files
in tests/fixtures/registry/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.config import SEED_VGR4_FIGURES
from analysis.errors import VoortgangError
from analysis.inputs.periods import PERIOD_KINDS_BY_TYPE, period_kind
from analysis.inputs.published import load_published
from analysis.inputs.registry import UNITS, load_registry

FIXTURES = Path(__file__).parent / "fixtures" / "registry"


@pytest.fixture(scope="module")
def registry():
    return load_registry()


@pytest.fixture(scope="module")
def pub(registry):
    return load_published(registry=registry)


# ------------------------------------------------------------------ content from the report


def test_registry_defines_exactly_the_published_indicators(registry, pub):
    ids = [ind.id for ind in registry.indicators]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(pub["indicator_id"])


def test_kernindicatoren_in_printed_order(registry):
    # seed l.454-479, top to bottom; row labels as printed (OCR-corrected: 'Cliént', 'invioed', l.479 garbled)
    expected = [
        ("client_snel_geholpen_pct", "totaal", "Cliënt vindt dat hij/zij snel wordt geholpen"),
        ("client_samen_beslissen_pct", "totaal", "Cliënt vindt dat beslissingen samen met hem/haar worden genomen"),
        ("verblijf_pct_totale_jeugdhulp", "0-23", "Jeugdhulp met verblijf % totale jeugdhulp"),
        ("verblijf_aantal", "18-23", "Jeugdhulp met verblijf (18-23 jaar)"),
        ("uhp_bij_ots_pct", "totaal", "% uithuisplaatsingen bij ondertoezichtstelling"),
        ("thuiszitters_langdurig", "totaal", "Aantal langdurige thuiszitters"),
        ("vrijstellingen_5a", "totaal", "Aantal vrijstellingen van leerplicht (artikel 5 onder a)"),
        ("uitstroom_buiten_zw_pct", "jeugdzorg",
         "Uitstroom jeugdprofessionals naar sector buiten zorg en welzijn (3e kwartaal)"),
        ("invloed_inhoud_werk_pct", "jeugdzorg; eens/helemaal eens",
         "Jeugdprofessionals hebben invloed op de inhoud van hun werk"),
        ("werktevredenheid_pct", "jeugdzorg; (zeer) tevreden", "Jeugdprofessionals zijn (zeer) tevreden over hun werk"),
    ]
    kern = registry.kernindicatoren()
    assert [(k.id, k.kernindicator.breakdown, k.kernindicator.label) for k in kern] == expected
    assert [k.kernindicator.order for k in kern] == list(range(1, 11))


def test_every_kern_row_has_published_values(registry, pub):
    for ind in registry.kernindicatoren():
        rows = pub[(pub.indicator_id == ind.id) & (pub.breakdown == ind.kernindicator.breakdown)]
        assert rows["value"].notna().sum() >= 2, ind.id


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


def test_cohort_indicators_of_actielijn_4_are_outcomes(registry):
    cohort = ["cohort18_zelfstandig_wonend_pct", "cohort18_woonsituatie_pct", "cohort18_econ_zelfstandig_pct",
              "cohort18_betalingsachterstand_zvw_pct", "cohort18_werk_onderwijs_pct",
              "cohort18_verlengde_jeugdhulp_pct", "verlengde_jeugdhulp_aantal", "cohort18_vervolgzorg_pct"]
    for indicator_id in cohort:
        ind = registry.get(indicator_id)
        assert (ind.actielijn, ind.kind) == (4, "outcome"), indicator_id


def test_series_breaks_from_the_report(registry):
    assert registry.get("cohort18_vervolgzorg_pct").series_breaks == ("2017",)  # GGZ: other CBS source (l.2237)
    assert registry.get("verblijf_vorm_aantal").series_breaks == ("2019",)  # gezinsgericht -> pleegzorg (l.1659)
    # AZW: the "jeugdhulp" column is new in 2019 (l.2689-2695), but the jeugdzorg series
    # itself continues, so there is no break at indicator level; the caveat says so.
    assert registry.get("werktevredenheid_pct").series_breaks == ()
    assert any("voor het eerst" in c for c in registry.get("werkdruk_pct").caveats)
    assert any("CBS-bronbestand" in c for c in registry.get("cohort18_vervolgzorg_pct").caveats)


def test_actielijnen_and_subdoelen(registry):
    assert [al.id for al in registry.actielijnen] == [0, 1, 2, 3, 4, 5, 6]
    # number of lettered goals on each goal page (seed001_structure.md section d)
    letters = {1: "ABCDE", 2: "ABCD", 3: "AB", 4: "ABCD", 5: "ABCDEF", 6: "ABC"}
    for n, expected in letters.items():
        subdoelen = registry.actielijn(n).subdoelen
        assert "".join(s[0] for s in subdoelen) == expected, n
        assert all(re.match(r"^[A-F]\. \S", s) for s in subdoelen)
    assert registry.actielijn(0).beweging is None


def test_beweging_sentences_are_verbatim(registry):
    # seed l.1272-1273 and l.2330-2332, joined across the OCR line breaks (the 'JEUGD' logo text dropped)
    assert registry.actielijn(1).beweging == (
        "Meer kinderen en gezinnen in kwetsbare situaties voelen zich gezien, weten waar ze terecht kunnen "
        "en ontvangen tijdig passende hulp.")
    assert registry.actielijn(5).beweging == (
        "Als jeugdigen bescherming nodig hebben bieden we die zo snel en goed mogelijk. Waar mogelijk voorkomen "
        "we dat een maatregel van jeugdbescherming nodig is. Dit alles met het doel dat ze blijvend in staat zijn "
        "om zonder jeugdbescherming verder te kunnen.")


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

    for ind in registry.indicators:
        periods = set(pub.loc[pub.indicator_id == ind.id, "period"])
        assert ind.first_period in periods, ind.id
        assert first_year(ind.first_period) == min(map(first_year, periods)), ind.id
        kinds = {period_kind(p) for p in periods}
        assert kinds <= PERIOD_KINDS_BY_TYPE[ind.period_type], (ind.id, kinds)


def test_methods(registry):
    assert {ind.actielijn for ind in registry.for_actielijn(4)} == {4}
    assert "verblijf_aantal" in [ind.id for ind in registry.for_actielijn(2)]
    assert registry.actielijn(2).titel == "Meer kinderen zo thuis mogelijk laten opgroeien"
    with pytest.raises(VoortgangError, match=r"actielijn 7 is not in the indicator registry"):
        registry.for_actielijn(7)


def test_unknown_id_names_it_and_the_nearest(registry):
    with pytest.raises(VoortgangError, match=r"'verblijf_aantl' is not in the indicator registry; nearest: verblijf_aantal"):
        registry.get("verblijf_aantl")


# ------------------------------------------------------------------ bad registries


def test_minimal_fixture_is_valid():
    reg = load_registry(FIXTURES / "valid_minimal.yaml")
    assert [ind.id for ind in reg.kernindicatoren()] == ["verblijf_aantal"]


@pytest.mark.parametrize(
    "fixture, who, field, problem",
    [
        ("unknown_field.yaml", "indicator 'verblijf_aantal'", "field 'eenheid'", "unknown field"),
        ("duplicate_id.yaml", "indicator 'verblijf_aantal'", "field 'id'", "duplicate id"),
        ("bad_unit.yaml", "indicator 'verblijf_aantal'", "field 'unit'", "'procent' is not one of " + ", ".join(UNITS)),
        ("actielijn_7.yaml", "indicator 'verblijf_pct_totale_jeugdhulp'", "field 'actielijn'", "7 must be <= 6"),
        ("missing_id.yaml", "indicator at index 1 (no id)", "field 'id'", "is required"),
    ],
)
def test_bad_registry_names_file_indicator_and_field(fixture, who, field, problem):
    with pytest.raises(VoortgangError) as err:
        load_registry(FIXTURES / fixture)
    message = str(err.value)
    assert message.startswith(f"tests/fixtures/registry/{fixture}: {who}: {field}: {problem}")
    assert "\n" not in message  # one problem, one line (no pydantic dump)


def test_all_problems_in_one_error():
    with pytest.raises(VoortgangError) as err:
        load_registry(FIXTURES / "two_problems.yaml")
    lines = str(err.value).splitlines()
    assert len(lines) == 2
    assert "indicator 'verblijf_aantal': field 'unit'" in lines[0]
    assert "indicator 'verblijf_pct_totale_jeugdhulp': field 'actielijn'" in lines[1]


def test_unknown_top_level_key():
    with pytest.raises(VoortgangError, match=r"unknown_top_key\.yaml: unknown top-level key 'indikatoren'"):
        load_registry(FIXTURES / "unknown_top_key.yaml")


def test_invalid_yaml_names_file_and_line():
    with pytest.raises(VoortgangError, match=r"broken\.yaml: not valid YAML at line \d+"):
        load_registry(FIXTURES / "broken.yaml")


def test_missing_registry_file(tmp_path):
    with pytest.raises(VoortgangError, match=r"absent\.yaml: indicator registry not found"):
        load_registry(tmp_path / "absent.yaml")
