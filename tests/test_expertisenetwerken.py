"""The eight bovenregionale expertisenetwerken as a grouping: sources, assumptions, reports per network."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.chapters import patronen
from analysis.config import PROJECT_ROOT
from analysis.errors import VoortgangError
from analysis.inputs.editions import ChapterRun, RegionGrouping, load_edition
from analysis.inputs.groupings import load_grouping, region_catalogue, select_regions
from analysis.inputs.synthetic.write import generate
from analysis.pipeline.gate import check_disclosure
from analysis.present.display import MarkdownBlock
from analysis.present.regional import membership_note
from helpers import count_population
from test_uitkomsten import _notebook

EDITION = "2020-H1"


@pytest.fixture(scope="module")
def networks():
    return {r.code: r for r in select_regions("expertisenetwerken", region_catalogue(load_edition(EDITION)))}


def test_eight_networks_cover_every_jeugdregio_once(networks):
    # "Nederland telt 8 Bovenregionale Expertisenetwerken Jeugd" (VNG)
    assert len(networks) == 8
    members = [jz for r in networks.values() for jz in r.jeugdregios]
    assert len(members) == 42 == len(set(members))


def test_memberships_a_source_confirms_are_not_assumptions(networks):
    # ../shared/reference/expertisenetwerken.md: JENN = the three northern provinces; BEN Brabant Zeeland
    # names Zeeland, West-Brabant West, West-Brabant Oost and Midden-Brabant, and two more not seen;
    # Flevoland is with Utrecht
    jenn, bz, uf = networks["BEN01"], networks["BEN07"], networks["BEN03"]
    assert jenn.jeugdregios == ("JZ01", "JZ02", "JZ04") and jenn.aannames == ()
    assert set(bz.jeugdregios) - set(bz.aannames) == {"JZ34", "JZ35", "JZ36", "JZ38"}
    assert bz.aannames == ("JZ33", "JZ39")
    assert "JZ08" in uf.jeugdregios and "JZ08" not in uf.aannames
    assert all(src.startswith("https://jennoord.nl/") for _, src in jenn.bronnen)
    # the three networks no source names are assumptions throughout
    for code in ("BEN04", "BEN06", "BEN08"):
        assert networks[code].aannames == networks[code].jeugdregios and "aangenomen" in networks[code].naam


def test_the_report_of_a_network_names_its_assumed_members(networks):
    names = region_catalogue(load_edition(EDITION)).names
    note = membership_note(networks["BEN07"], names)
    assert "Noordoost Brabant (JZ33), Zuidoost-Brabant (JZ39)" in note and note.startswith("**Let op")
    assert membership_note(networks["BEN01"], names).startswith("**Indeling.**")
    landsdeel = select_regions("landsdelen", region_catalogue(load_edition(EDITION)))[0]
    assert membership_note(landsdeel, names) == ""  # no per-jeugdregio sources in that file


def test_a_bad_assumption_value_is_one_line(tmp_path):
    src = PROJECT_ROOT / "data" / "reference" / "jeugdregio_expertisenetwerk.csv"
    path = tmp_path / "ben.csv"
    shutil.copy(src, path)
    path.write_text(path.read_text(encoding="utf-8").replace(",nee\n", ",misschien\n", 1), encoding="utf-8")
    spec = RegionGrouping(pad=str(path), code="expertisenetwerk", naam="expertisenetwerk_naam", bron_kolom="bron",
                          aanname_kolom="aanname", bron="test")
    with pytest.raises(VoortgangError, match=r"ben.csv: row \d+, column 'aanname'"):
        load_grouping("expertisenetwerken", spec, Path("/"))


@pytest.fixture(scope="module")
def population(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("ben") / "synthetic"
    generate(60_000, (2013, 2019), 3, out)
    count_population(out)
    return str(out)


@pytest.mark.parametrize("code", ["BEN07", "BEN05"])
def test_a_network_gets_its_own_rode_draden_through_the_gate(population, tmp_path, code):
    out = patronen.build(EDITION, population, [2017, 2019], "jeugdregio", code)
    texts = [b.text for b in out.blocks if isinstance(b, MarkdownBlock)]
    assert texts[0].startswith("# Patronen: leeftijd, geslacht en regio in ")
    assert any(t.startswith("## Jeugdhulp en verblijf naar leeftijd, geslacht en jeugdregio binnen") for t in texts)
    assert "## Uitkomsten op 18+: landelijk patroon of regionaal verschillend?" in texts
    assert any(t.startswith("**Let op: indeling deels aangenomen.**") for t in texts)
    run = ChapterRun("patronen", tmp_path / "nb.ipynb", {"microdata": population, "region": code})
    check_disclosure(_notebook(out, tmp_path / "nb.ipynb"), run)


def test_the_alt_text_names_the_networks_own_line(population):
    from analysis.present.display import FigureBlock

    out = patronen.build(EDITION, population, [2017, 2019], "jeugdregio", "BEN07")
    alt = next(b.alt for b in out.blocks if isinstance(b, FigureBlock))
    assert "rond het percentage van BEN Brabant Zeeland van" in alt and "rond het landelijke percentage van" in alt
