"""Content of the programme Zorg voor de Jeugd (params/inhoud/zorg-voor-de-jeugd/) and of edition 2020-H1.

Expected values come from the report (seed 001): the Kernindicatoren table at
l.454-479, the factsheets' Beweging sentences and subdoelen, which indicators the
factsheets of each actielijn show, and the report's own caveats.
"""

from __future__ import annotations

import re

import pytest

from analysis.config import EDITIONS_DIR, PROGRAMME_FILE
from analysis.errors import VoortgangError
from analysis.inputs.editions import load_edition
from analysis.inputs.programme import load_caveats, load_kern_selection, load_programme
from analysis.inputs.published import load_published
from analysis.inputs.registry import load_registry
from helpers import changed_content


@pytest.fixture(scope="module")
def registry():
    return load_registry()


@pytest.fixture(scope="module")
def edition():
    return load_edition("2020-H1")


@pytest.fixture(scope="module")
def programme(edition, registry):
    return load_programme(edition, registry)


def test_kernindicatoren_in_printed_order(edition, registry):
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
    kern = load_kern_selection(edition, registry)
    assert [(k.indicator, k.breakdown, k.label) for k in kern] == expected


def test_every_kern_row_has_published_values(edition, registry):
    pub = load_published(registry=registry)
    for kern in load_kern_selection(edition, registry):
        rows = pub[(pub.indicator_id == kern.indicator) & (pub.breakdown == kern.breakdown)]
        assert rows["value"].notna().sum() >= 2, kern.indicator


def test_programme_framing(programme):
    # seed l.1-45: "Actieprogramma Zorg voor de Jeugd ... 6 inhoudelijke actielijnen ... t/m 2021"
    assert (programme.programma, programme.thema_woord, programme.cijfers_titel) == (
        "Zorg voor de Jeugd", "actielijn", "Zorg voor de Jeugd in cijfers")
    assert programme.periode == "2018-2021"


def test_actielijnen_and_subdoelen(programme):
    assert [t.id for t in programme.themas] == [0, 1, 2, 3, 4, 5, 6]
    # number of lettered goals on each goal page (seed001_structure.md section d)
    letters = {1: "ABCDE", 2: "ABCD", 3: "AB", 4: "ABCD", 5: "ABCDEF", 6: "ABC"}
    for n, expected in letters.items():
        subdoelen = programme.thema(n).subdoelen
        assert "".join(s[0] for s in subdoelen) == expected, n
        assert all(re.match(r"^[A-F]\. \S", s) for s in subdoelen)
    assert programme.thema(0).beweging is None


def test_beweging_sentences_are_verbatim(programme):
    # seed l.1272-1273 and l.2330-2332, joined across the OCR line breaks (the 'JEUGD' logo text dropped)
    assert programme.thema(1).beweging == (
        "Meer kinderen en gezinnen in kwetsbare situaties voelen zich gezien, weten waar ze terecht kunnen "
        "en ontvangen tijdig passende hulp.")
    assert programme.thema(5).beweging == (
        "Als jeugdigen bescherming nodig hebben bieden we die zo snel en goed mogelijk. Waar mogelijk voorkomen "
        "we dat een maatregel van jeugdbescherming nodig is. Dit alles met het doel dat ze blijvend in staat zijn "
        "om zonder jeugdbescherming verder te kunnen.")


def test_cohort_indicators_belong_to_actielijn_4_and_are_outcomes(programme, registry):
    cohort = ["cohort18_zelfstandig_wonend_pct", "cohort18_woonsituatie_pct", "cohort18_econ_zelfstandig_pct",
              "cohort18_betalingsachterstand_zvw_pct", "cohort18_werk_onderwijs_pct",
              "cohort18_verlengde_jeugdhulp_pct", "verlengde_jeugdhulp_aantal", "cohort18_vervolgzorg_pct"]
    for indicator_id in cohort:
        assert programme.thema_of(indicator_id).id == 4, indicator_id
        assert registry.get(indicator_id).kind == "outcome", indicator_id


def test_every_vgr4_indicator_has_one_actielijn(programme, registry):
    assigned = [i for t in programme.themas for i in t.indicatoren]
    assert sorted(assigned) == sorted(set(assigned))
    assert set(assigned) == set(load_published(registry=registry)["indicator_id"])  # the May 2020 figures


def test_unknown_theme_is_named(programme):
    with pytest.raises(VoortgangError, match=r"actielijn 7 is not a theme of Zorg voor de Jeugd \(known: 0, 1, 2"):
        programme.thema(7)


def test_caveats_are_the_editions(edition, registry):
    caveats = load_caveats(edition, registry)
    # l.2689-2695 and l.2237-2239: texts of the May 2020 report, kept with its edition
    def texts(indicator: str) -> list[str]:
        return [c if isinstance(c, str) else c.tekst for c in caveats.items[indicator]]

    assert any("voor het eerst" in c for c in texts("werkdruk_pct"))
    assert any("CBS-bronbestand" in c for c in texts("cohort18_vervolgzorg_pct"))
    later = edition.model_copy(update={"edition": "2099-H1"})
    assert load_caveats(later, registry).items == {}  # a later edition writes its own


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["themas"][1]["indicatoren"].append("bestaat_niet"),
         r"programma\.yaml: thema 1: field 'indicatoren': indicator_id 'bestaat_niet' is not in the indicator registry"),
        (lambda d: d["themas"][2]["indicatoren"].append(d["themas"][1]["indicatoren"][0]),
         r"programma\.yaml: thema 2: field 'indicatoren': 'client_snel_geholpen_pct' is also in thema 1"),
        (lambda d: d["themas"][2].update(id=1), r"programma\.yaml: thema 1: field 'id': used twice"),
        (lambda d: d.update(periode="2018 tot 2021"), r"programma\.yaml: key 'periode'"),
        (lambda d: d.update(kleur="blauw"), r"programma\.yaml: key 'kleur'"),
    ],
)
def test_bad_programme_is_named(tmp_path, monkeypatch, edition, registry, change, message):
    changed_content(tmp_path, monkeypatch, PROGRAMME_FILE, change)
    with pytest.raises(VoortgangError, match=message):
        load_programme(edition, registry)


def test_an_edition_must_name_existing_content(tmp_path):
    (tmp_path / "2020-H1.yaml").write_text(
        (EDITIONS_DIR / "2020-H1.yaml").read_text(encoding="utf-8")
        .replace("inhoud: zorg-voor-de-jeugd", "inhoud: zorg-voor-de-jeugt"), encoding="utf-8")
    with pytest.raises(VoortgangError, match=r"2020-H1\.yaml: key 'inhoud': no folder params/inhoud/zorg-voor-de-jeugt "
                                             r"\(available: hervormingsagenda, zorg-voor-de-jeugd"):
        load_edition("2020-H1", editions_dir=tmp_path)
