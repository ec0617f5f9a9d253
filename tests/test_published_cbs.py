"""The CBS figures 2015-2023 (data/published/cbs_2015-2023.csv), curated from the shared input.

Expected values are typed from the quotes of ``../shared/reference/cbs_published/
cbs_published_2015_2023.csv`` and the CBS pages they come from (the quote is cited
with each value), never copied from the curated table: "In de eerste helft van 2023
kregen 384 duizend jongeren jeugdhulp in natura" is 384000, voorlopig, rounded to
1000. The sums are the ones the pages print side by side.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.config import PROJECT_ROOT, PUBLISHED_DIR
from analysis.inputs.figures import merge_figures
from analysis.inputs.periods import period_position
from analysis.inputs.published import COLUMNS, KEY, load_published
from analysis.inputs.registry import load_registry
from analysis.inputs.sources import load_sources
from helpers import RULES

SCRIPT = PROJECT_ROOT / "scripts" / "curate_cbs_published.py"


def _script():
    spec = importlib.util.spec_from_file_location("curate_cbs_published", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CURATION = _script()


@pytest.fixture(scope="module")
def cbs() -> pd.DataFrame:
    return load_published(CURATION.OUTPUT)


def row(cbs: pd.DataFrame, indicator_id: str, breakdown: str, period: str, source: str | None = None) -> pd.Series:
    """The one row of a figure (from one source, when given)."""
    sel = cbs[(cbs.indicator_id == indicator_id) & (cbs.breakdown == breakdown) & (cbs.period == period)]
    if source is not None:
        sel = sel[sel.source == source]
    assert len(sel) == 1, (indicator_id, breakdown, period, source, len(sel))
    return sel.iloc[0]


def value(cbs: pd.DataFrame, indicator_id: str, breakdown: str, period: str) -> float:
    return float(row(cbs, indicator_id, breakdown, period)["value"])


# ------------------------------------------------------------------ the table as a whole


def test_the_file_is_the_one_under_data_published():
    assert CURATION.OUTPUT == PUBLISHED_DIR / "cbs_2015-2023.csv"


def test_loads_with_every_indicator_and_source_known(cbs):
    assert tuple(cbs.columns) == COLUMNS
    assert set(cbs["indicator_id"]) <= {ind.id for ind in load_registry().indicators}
    assert set(cbs["source"]) <= set(load_sources())
    assert not cbs.duplicated(["indicator_id", "breakdown", "period", "source"]).any()


def test_size_is_the_input_less_dropped_plus_splits(cbs):
    # 149 input rows; 'ongeveer 1/3' (skipr.nl) dropped; four rows hold two figures each
    # ("1 op 9 (<23); 1 op 7 (<18)", "6 / 4", "6 / 2", "27 procent (vs 15% alle jongeren)")
    assert len(cbs) == 149 - 1 + 4
    assert not cbs["source"].str.contains("skipr").any()


def test_every_value_is_readable_and_every_row_has_a_place(cbs):
    assert cbs["value"].notna().all()
    assert (cbs["location"] != "").all()


# ------------------------------------------------------------------ known values from the quotes


@pytest.mark.parametrize(
    "indicator_id, breakdown, period, expected, status, precision, printed, source",
    [
        # "In de eerste helft van 2023 kregen 384 duizend jongeren jeugdhulp in natura." (2023HJ1*)
        ("jeugdhulp_natura_halfjaar_aantal", "0-23", "2023-H1", 384000, "voorlopig", "1000", "384 duizend",
         "cbs-jeugdhulp-2023-hj1"),
        # "In de eerste helft van 2022 waren dit er 382 duizend." (definitieve cijfers)
        ("jeugdhulp_natura_halfjaar_aantal", "0-23", "2022-H1", 382000, "definitief", "1000", "382 duizend",
         "cbs-jeugdhulp-2023-hj1"),
        # table 1.0.2 "(x 1 000) 2019* ... Totaal zonder verblijf 404,98"
        ("jeugdhulp_zonder_verblijf_aantal", "0-23", "2019", 404980, "voorlopig", "exact", "404,98 (x 1 000)",
         "cbs-jeugdhulp-2019"),
        # the same table, 2016 (no marker next to 2019*): "358,125"
        ("jeugdhulp_zonder_verblijf_aantal", "0-23", "2016", 358125, "definitief", "exact", "358,125 (x 1 000)",
         "cbs-jeugdhulp-2019"),
        # "In 2019 kregen bijna 424 duizend jongeren jeugdhulp in natura." (the longread's 2019 is 2019*)
        ("jeugdhulp_natura_aantal", "0-23", "2019", 424000, "voorlopig", "1000", "bijna 424 duizend",
         "cbs-jeugdhulp-2019"),
        # "Hiervan waren ruim 21,5 duizend jongeren in een pleeggezin opgenomen."
        ("verblijf_vorm_aantal", "0-23; pleegzorg", "2019", 21500, "voorlopig", "100", "ruim 21,5 duizend",
         "cbs-jeugdhulp-2019"),
        # "In 2020 waren dit er 417 duizend" (personen, afgerond, definitief)
        ("jeugdhulp_natura_aantal", "0-23", "2020", 417000, "definitief", "1000", "417 duizend", "cbs-jeugdhulp-2021"),
        # staatvenz.nl: "35.795* jongeren maken gebruik van jeugdhulp met verblijf" (2022HJ1**)
        ("verblijf_halfjaar_aantal", "0-23", "2022-H1", 35795, "nader voorlopig", "exact", "",
         "staatvenz-jeugdhulp-met-verblijf"),
        # "Jeugdbescherming (2015=100) ... 2019* 97,9"
        ("jeugdzorg_soort_index", "jeugdbescherming", "2019", 97.9, "voorlopig", "exact", "", "cbs-nieuws-2020-18"),
        # "In 2021 is dat 1 op de 7,5." (Jeugdmonitor 2022, no marker, no status stated)
        ("jeugdhulp_tot18_1_op_n", "totaal", "2021", 7.5, "", "exact", "1 op de 7,5", "cbs-jeugdmonitor-2022"),
        # table "Totaalaantal 389 925 407 245 417 765 430 990 416 665", 2019 before 2020*: VGR 4's "circa 431.000"
        ("jeugdhulp_gebruik", "0-23", "2019", 430990, "definitief", "exact", "", "cbs-jeugdhulp-2020"),
        # "In 2018 maakten ruim 20 duizend jongeren gebruik van een pgb voor jeugdhulp." (Jeugdmonitor 2019)
        ("pgb_jeugdhulp_aantal", "totaal", "2018", 20000, "", "1000", "ruim 20 duizend", "cbs-jeugdmonitor-2019"),
        # De Gelderlander: "toen er ongeveer 343.000 waren" (2015; a secondary source, no status)
        ("jeugdhulp_natura_aantal", "0-18", "2015", 343000, "", "1000", "ongeveer 343.000",
         "gelderlander-jeugdhulp-2016"),
        # "Daarvan ontving bijna 55 procent na hun 18e verjaardag verlengde jeugdhulp"
        ("cohort18_lopend_traject_verlengd_pct", "totaal", "2016", 55, "", "1", "bijna 55 procent",
         "16-27-oud-jeugdzorggebruikers"),
        # "In 32,3 procent van alle maatregelen ging het om een voogdijmaatregel" (op 30 juni 2023, 1e hj 2023*)
        ("jb_voogdij_aandeel_pct", "totaal", "2023-06-30", 32.3, "voorlopig", "exact", "", "cbs-jbjr-2023-hj1"),
        # "Het aantal jongeren dat jeugdhulp met verblijf kreeg, nam met 3,5 procent af." (2023HJ1*)
        ("verblijf_halfjaar_verandering_pct", "0-23", "2023-H1", -3.5, "voorlopig", "exact", "",
         "blikopnieuws-2023-10-jeugdzorg"),
    ],
)
def test_known_figure(cbs, indicator_id, breakdown, period, expected, status, precision, printed, source):
    r = row(cbs, indicator_id, breakdown, period, source)
    assert (r["value"], r["status"], r["precision"], r["printed"]) == (expected, status, precision, printed)


def test_units_and_index_base():
    registry = load_registry()
    assert registry.get("jeugdzorg_soort_index").unit == "index"
    assert registry.get("jeugdzorg_soort_index").index_base == "2015=100"
    assert registry.get("jeugdhulp_tot18_1_op_n").unit == "one_in_n"
    assert registry.get("verblijf_halfjaar_verandering_pct").unit == "percent_change"


def test_a_half_year_count_is_its_own_indicator(cbs):
    registry = load_registry()
    for ind_id, periods in cbs.groupby("indicator_id")["period"]:
        kinds = {"half_year" if "-H" in p else "other" for p in periods}
        assert len(kinds) == 1, ind_id
        assert (registry.get(ind_id).period_type == "half_year") == (kinds == {"half_year"}), ind_id


# ------------------------------------------------------------------ splits and ratios


def test_two_figures_in_one_cell_become_two_rows(cbs):
    # "1 op de 9 jongeren tot 23 jaar ... Bij jongeren tot 18 jaar was dat 1 op de 7." (2023*)
    assert value(cbs, "jeugdzorg_bereik_1_op_n", "0-23", "2023") == 9
    assert value(cbs, "jeugdzorg_bereik_1_op_n", "0-18", "2023") == 7
    assert row(cbs, "jeugdzorg_bereik_1_op_n", "0-18", "2023")["printed"] == "1 op de 7"
    # "ruim 6 procent ... slachtoffer ... Bij jongeren zonder jeugdzorgverleden was dit 4 procent"
    assert value(cbs, "cohort18_slachtoffer_pct", "met jeugdzorgverleden", "2017") == 6
    assert row(cbs, "cohort18_slachtoffer_pct", "met jeugdzorgverleden", "2017")["precision"] == "1"
    assert value(cbs, "cohort18_slachtoffer_pct", "zonder jeugdzorgverleden", "2017") == 4
    # "6 procent ten opzichte van 2 procent van de jongeren zonder jeugdzorgverleden"
    assert value(cbs, "cohort18_verdachte_pct", "met jeugdzorgverleden", "2017") == 6
    assert value(cbs, "cohort18_verdachte_pct", "zonder jeugdzorgverleden", "2017") == 2
    # "Ruim een kwart (27 procent) ..." against "15 procent van alle meisjes en jongens"
    assert value(cbs, "eenoudergezin_pct", "met jeugdhulp", "2016") == 27
    assert value(cbs, "eenoudergezin_pct", "alle jongeren", "2016") == 15


def test_one_in_n_keeps_its_printed_words(cbs):
    ratios = cbs[cbs["unit"] == "one_in_n"]
    assert len(ratios) == 4
    for r in ratios.itertuples():
        assert r.printed == "1 op de " + f"{r.value:g}".replace(".", ","), r


# ------------------------------------------------------------------ sums the pages print side by side


def test_verblijf_categories_add_up_to_the_rounded_totals(cbs):
    cats = ("alleen zonder verblijf", "zowel zonder als met verblijf", "alleen met verblijf")
    # (indicator, period, the page's parts, the rounded total in the prose)
    cases = [
        ("jeugdhulp_natura_aantal", "2019", (380850, 24130, 18845), 424000),  # "bijna 424 duizend"
        ("jeugdhulp_natura_aantal", "2021", (399720, 24580, 19320), 444000),  # "bijna 444 duizend"
        ("jeugdhulp_natura_halfjaar_aantal", "2021-H1", (324280, 17805, 19710), 362000),  # "362 duizend"
        ("jeugdhulp_natura_halfjaar_aantal", "2023-H1", (348470, 17565, 18400), 384000),  # "384 duizend"
    ]
    for indicator, period, parts, total in cases:
        got = tuple(value(cbs, indicator, f"0-23; {c}", period) for c in cats)
        assert got == parts, (indicator, period)
        assert round(sum(parts), -3) == total == value(cbs, indicator, "0-23", period)


def test_zonder_verblijf_is_alleen_zonder_plus_zowel(cbs):
    # table 1.0.2 "404,98" = table 1.0.1 "380850" + "24130"; 1e hj 2023: "366,035" = 348470 + 17565
    assert value(cbs, "jeugdhulp_zonder_verblijf_aantal", "0-23", "2019") == 380850 + 24130
    assert value(cbs, "jeugdhulp_zonder_verblijf_halfjaar_aantal", "0-23", "2023-H1") == 348470 + 17565


def test_met_verblijf_2019_is_vgr4s_figure_rounded(cbs):
    # "Bijna 43 duizend" = 24 130 + 18 845 = 42 975, the 0-23 figure of VGR 4 (l.1648)
    vgr4 = load_published()
    assert value(vgr4, "verblijf_aantal", "0-23", "2019") == 24130 + 18845
    assert value(cbs, "verblijf_aantal", "0-23", "2019") == 43000 == round(24130 + 18845, -3)


def test_financing_parts_add_up_to_the_total_within_cbs_rounding(cbs):
    # Jeugdhulp 2022, table 0.0.1 "2018 | 396205 | 14670 | 6885" and "2019 | 410745 | 13920 | 6325";
    # Jeugdhulp 2020, "Totaalaantal ... 417 765 430 990" (CBS rounds to 5)
    parts = ("alleen zorg in natura", "zorg in natura en pgb", "alleen pgb")
    for period, expected, total in (("2018", (396205, 14670, 6885), 417765), ("2019", (410745, 13920, 6325), 430990)):
        got = tuple(value(cbs, "jeugdhulp_gebruik", f"0-23; {p}", period) for p in parts)
        assert got == expected
        assert abs(sum(got) - total) <= 5 and value(cbs, "jeugdhulp_gebruik", "0-23", period) == total


def test_x1000_tables_as_printed(cbs):
    # table 1.0.2 of Jeugdhulp 2019: rows x columns 2019* 2018 2017 2016, thousands with decimal commas
    printed = {
        "0-23; ambulant": "293,985 281,505 281,51 269,055",
        "0-23; netwerk jongere": "79,765 73,23 58,005 59,155",
        "0-23; wijkteam": "79,435 82,345 81,635 62,13",
        "0-23; daghulp": "29,14 28,16 27,33 25,55",
    }
    for breakdown, cells in printed.items():
        expected = [round(float(c.replace(",", ".")) * 1000) for c in cells.split()]
        got = [value(cbs, "jeugdhulp_zonder_verblijf_aantal", breakdown, p) for p in ("2019", "2018", "2017", "2016")]
        assert got == expected, breakdown


# ------------------------------------------------------------------ status


def test_statuses_follow_the_markers_and_the_publications(cbs):
    # 2019* in the table of the Jeugdhulp 2019 longread: its prose on 2019 is provisional too
    assert row(cbs, "verblijf_aantal", "0-23", "2019")["status"] == "voorlopig"
    # 2018 without a marker next to 2019*: definitief
    assert row(cbs, "jeugdhulp_natura_aantal", "0-23", "2018")["status"] == "definitief"
    # 2020HJ1 in the 1e halfjaar 2021 longread: "voor 2020 op definitieve cijfers"
    assert row(cbs, "jeugdhulp_natura_halfjaar_aantal", "0-23", "2020-H1")["status"] == "definitief"
    # ed.nl (secondary): "2021HJ1*", "blijkt uit voorlopige cijfers van het CBS"
    assert row(cbs, "jeugdzorg_gebruik_halfjaar", "0-23", "2021-H1")["status"] == "voorlopig"
    # De Gelderlander and 16-27.nl print no status: not stated
    assert set(cbs.loc[cbs.source.isin(["gelderlander-jeugdhulp-2016", "16-27-oud-jeugdzorggebruikers"]), "status"]) == {""}
    # the one '**' of the input
    assert (cbs["status"] == "nader voorlopig").sum() == 1


def test_every_marked_input_period_is_provisional(cbs):
    """Each input row with '*' or '**' after its period gives a provisional figure (read from the input)."""
    if not CURATION.INPUT.is_file():
        pytest.skip(f"input not available at {CURATION.INPUT}")
    raw = pd.read_csv(CURATION.INPUT, dtype=str, keep_default_na=False)
    marked = raw[raw["period"].str.endswith("*")]
    assert len(marked) > 40
    for r in marked.itertuples():
        period = r.period.rstrip("*").replace("HJ", "-H")
        same = cbs[(cbs["source"] == CURATION.SOURCE_OF_URL[r.source_url]) & (cbs["period"] == period)]
        expected = "nader voorlopig" if r.period.endswith("**") else "voorlopig"
        assert len(same) and (same["status"] == expected).all(), r


# ------------------------------------------------------------------ the 2018 conflict


def test_the_2018_conflict_is_kept_and_resolved_to_the_later_publication(cbs):
    rows = cbs[(cbs.indicator_id == "jeugdzorg_gebruik_totaal") & (cbs.period == "2018")]
    # "In 2018 waren het er 430 duizend." (news 2020 week 18) vs "In 2018 kregen ... 428 duizend" (Jeugdmonitor 2019)
    assert dict(zip(rows["source"], rows["value"])) == {"cbs-nieuws-2020-18": 430000, "cbs-jeugdmonitor-2019": 428000}
    assert rows["note"].str.contains("CONFLICT:").all()
    sources = load_sources()
    assert sources["cbs-nieuws-2020-18"].date_key() > sources["cbs-jeugdmonitor-2019"].date_key()
    figures, conflicts = merge_figures(cbs, sources, RULES)
    chosen = figures[(figures.indicator_id == "jeugdzorg_gebruik_totaal") & (figures.period == "2018")]
    assert chosen["value"].tolist() == [430000.0]
    listed = conflicts[(conflicts.indicator_id == "jeugdzorg_gebruik_totaal") & (conflicts.period == "2018")]
    assert listed[["value", "other_value", "other_source", "kind"]].values.tolist() == [
        [430000.0, 428000.0, "cbs-jeugdmonitor-2019", "verschil"]]


def test_no_other_figure_is_given_twice_in_the_file(cbs):
    twice = cbs[cbs.duplicated(list(KEY), keep=False)]
    assert set(twice["indicator_id"]) == {"jeugdzorg_gebruik_totaal"}


# ------------------------------------------------------------------ the 2021 break

#: Typed from the registry decisions: the jeugdhulp and jeugdzorg series whose published periods lie on
#: both sides of 2021 (2021-H1); jeugdbescherming and jeugdreclassering (gecertificeerde instellingen) have none.
BREAK_2021 = {"jeugdzorg_gebruik_totaal", "verblijf_aantal", "jeugdhulp_natura_aantal",
              "jeugdhulp_zonder_verblijf_aantal", "zonder_verblijf_pct_jeugdhulp", "jeugdhulp_tot18_1_op_n"}
BREAK_2021_H1 = {"jeugdhulp_natura_halfjaar_aantal", "jeugdhulp_gebruik_halfjaar",
                 "jeugdhulp_financiering_halfjaar_pct", "jeugdhulp_zonder_verblijf_halfjaar_aantal"}
NO_BREAK_ACROSS = {"jeugdbescherming_aantal": "gecertificeerde instellingen",
                   "jeugdreclassering_aantal": "gecertificeerde instellingen"}


@pytest.fixture(scope="module")
def published() -> pd.DataFrame:
    return pd.concat([load_published(p) for p in sorted(PUBLISHED_DIR.glob("*.csv"))], ignore_index=True)


def test_the_2021_break_is_declared_on_the_expected_series():
    registry = load_registry()
    annual = {i.id for i in registry.indicators if "2021" in i.break_periods}
    half = {i.id for i in registry.indicators if "2021-H1" in i.break_periods}
    assert (annual, half) == (BREAK_2021, BREAK_2021_H1)
    for ind_id in BREAK_2021 | BREAK_2021_H1:
        reden = next(b.reden for b in registry.get(ind_id).series_breaks if b.periode.startswith("2021"))
        assert re.search(r"(53|22) duizend jongeren", reden), ind_id
        assert "berichtgeverspopulatie" in reden


def test_a_series_spans_the_break_exactly_when_it_declares_it(published):
    registry = load_registry()
    for ind_id, periods in published.groupby("indicator_id")["period"]:
        ind = registry.get(ind_id)
        brk = "2021-H1" if ind.period_type == "half_year" else "2021"
        positions = [period_position(p) for p in periods]
        spans = min(positions) < period_position(brk) <= max(positions)
        if ind_id in NO_BREAK_ACROSS:
            assert spans and brk not in ind.break_periods, ind_id
            continue
        assert spans == (brk in ind.break_periods), (ind_id, sorted(set(periods)))


# ------------------------------------------------------------------ sources and provenance


def test_source_records_are_as_precise_as_the_pages_allow(cbs):
    sources = load_sources()
    used = {sources[s] for s in set(cbs["source"])}
    assert len(used) == 19
    for s in used:
        assert s.url, s.id
        if m := re.search(r"/rapportages/(\d{4})/", s.url):  # a CBS longread: the year in the URL, no more
            assert s.gepubliceerd == m.group(1), s.id
        if s.uitgever != "CBS":
            assert s.opmerking.startswith("Secundaire bron, o.b.v. CBS"), s.id
    # nieuws/2020/18/: year and week (27 april - 3 mei), so no month
    assert sources["cbs-nieuws-2020-18"].gepubliceerd == "2020"


def test_every_page_of_the_input_is_mapped_onto_its_record():
    sources = load_sources()
    for url, sid in CURATION.SOURCE_OF_URL.items():
        assert sources[sid].url == url


# ------------------------------------------------------------------ the script


def test_curation_script_reproduces_the_table():
    if not CURATION.INPUT.is_file():
        pytest.skip(f"input not available at {CURATION.INPUT}")
    proc = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, check=False,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_curation_script_refuses_a_changed_input(tmp_path: Path):
    if not CURATION.INPUT.is_file():
        pytest.skip(f"input not available at {CURATION.INPUT}")
    shared = tmp_path / "shared"
    copy = shared / CURATION.INPUT.relative_to(CURATION.INPUT.parents[2])
    copy.parent.mkdir(parents=True)
    shutil.copy2(CURATION.INPUT, copy)
    with copy.open("a", encoding="utf-8") as f:
        f.write("jongeren met jeugdzorg,<23,2024HJ1*,400000,personen,https://example.org,x\n")
    env = {"PATH": "/usr/bin:/bin", "VOORTGANG_SHARED": str(shared), "VOORTGANG_ROOT": str(PROJECT_ROOT)}
    proc = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, check=False,
                          timeout=120, env=env)
    assert proc.returncode == 2
    assert "checksum differs" in proc.stderr


def test_readme_lists_every_reconciliation_and_the_drop(cbs):
    readme = (PUBLISHED_DIR / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index(CURATION.README_BEGIN):readme.index(CURATION.README_END)]
    tagged = cbs[cbs["note"].str.contains(r"(?:^|\| )(?:CHECK|CONFLICT|UNCERTAIN|PERIOD|UNIT):", regex=True)]
    assert len(tagged) >= 30
    for r in tagged.itertuples():
        assert f"| `{r.indicator_id}` | {r.breakdown} | {r.period} |" in section, r.Index
    assert "ongeveer 1/3" in section and "skipr.nl" in section
    assert "1 op 9 (<23); 1 op 7 (<18)" in section and "6 / 4" in section
