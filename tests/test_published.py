"""The published figures of VGR 4 (data/published/vgr4_2020-05.csv) and their loader.

Expected values are published ones, written out here by hand: the Kernindicatoren
table as printed in the OCR text of the report (seed 001 l.454-479), and the
checks of section f of ``../shared/reference/seed001_structure.md`` (sums and
changes the report itself prints). Nothing is copied from our own output.
"""

from __future__ import annotations

import re
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest

from analysis.config import (
    CURATION_SCRIPT,
    PUBLISHED_README,
    SEED_VGR4_FIGURES,
    SEED_VGR4_TEXT,
)
from analysis.errors import VoortgangError
from analysis.inputs.periods import period_kind
from analysis.inputs.published import COLUMNS, KEY, load_published
from analysis.inputs.registry import load_registry


@pytest.fixture(scope="module")
def pub() -> pd.DataFrame:
    return load_published()


def value(pub: pd.DataFrame, indicator_id: str, breakdown: str, period: str) -> float:
    """The one published value for a key (fails when there is not exactly one row)."""
    rows = pub[(pub.indicator_id == indicator_id) & (pub.breakdown == breakdown) & (pub.period == period)]
    assert len(rows) == 1, (indicator_id, breakdown, period, len(rows))
    return float(rows["value"].iloc[0])


def note(pub: pd.DataFrame, indicator_id: str, breakdown: str, period: str) -> str:
    rows = pub[(pub.indicator_id == indicator_id) & (pub.breakdown == breakdown) & (pub.period == period)]
    assert len(rows) == 1
    return str(rows["note"].iloc[0])


def round_half_away(x: float) -> int:
    """Round to an integer half away from zero, as the report does (not Python's banker's rounding)."""
    return int(Decimal(repr(x)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# ------------------------------------------------------------------ the table as a whole


def test_columns_types_and_size(pub):
    assert tuple(pub.columns) == COLUMNS
    assert pub["value"].dtype == "float64"
    assert all(pd.api.types.is_string_dtype(pub[c]) for c in COLUMNS if c != "value")
    assert len(pub) == 341


def test_the_report_is_the_source_and_gives_no_status(pub):
    # the May 2020 report prints no CBS status markers (no '*' after a year)
    assert set(pub["source"]) == {"vgr4-2020-05"}
    assert set(pub["status"]) == {""}


def test_figures_the_report_rounds_in_words_keep_their_words(pub):
    # l.421 "443 duizend"; l.488 "circa 431.000" (footnote 1)
    row = pub[(pub.indicator_id == "jeugdzorg_gebruik_totaal") & (pub.period == "2019")].iloc[0]
    assert (row["value"], row["precision"], row["printed"], row["location"]) == (443000, "1000", "443 duizend", "l.421")
    assert (pub["precision"] == "exact").sum() == 341 - 6


def test_one_row_per_key(pub):
    assert not pub.duplicated(list(KEY)).any()


def test_every_empty_value_says_unreadable_and_why(pub):
    empty = pub[pub["value"].isna()]
    # the extraction's 10 empty rows: uitstroom 2017 (printed twice: 1 cell), goed geholpen 2016 (1),
    # residentieel 2016 or 2017 (2 cells), pleegzorg 2016-2019 (4), afstroom zonder jeugdhulp
    # 2 years x lager/gelijk/hoger (6), absoluut verzuim 3 series x 4 school years (12)
    assert len(empty) == 1 + 1 + 2 + 4 + 6 + 12
    for text in empty["note"]:
        assert re.search(r"UNREADABLE: \S+", text), text


def test_lines_point_into_the_report(pub):
    lines = pub["location"].str.extract(r"^l\.(\d+)$")[0]
    assert lines.notna().all()
    assert lines.astype(int).between(1, 4653).all()  # the OCR text has 4653 lines


def test_every_period_is_normalised(pub):
    assert pub["period"].map(period_kind).notna().all()


# ------------------------------------------------------------------ Kernindicatoren as printed

# Seed 001 l.454-479, verbatim, with the OCR fixes each row needs (documented in
# data/published/README.md): (order, line, printed text, fixes, indicator_id, breakdown, periods).
# '-' marks a cell the OCR cannot read.
KERN_AS_PRINTED = [
    (1, 456, "Cliént vindt dat hij/zij snel wordt geholpen 61% 63% 65% 64%", {},
     "client_snel_geholpen_pct", "totaal", ["2015", "2016", "2017", "2018"]),
    (2, 460, "78% 77% 87% 87%", {},
     "client_samen_beslissen_pct", "totaal", ["2015", "2016", "2017", "2018"]),
    (3, 463, "Jeugdhulp met verblijf % totale jeugdhulp 11,6% 11,6% 104% 10,1%", {"104%": "10,4%"},
     "verblijf_pct_totale_jeugdhulp", "0-23", ["2016", "2017", "2018", "2019"]),
    (4, 464, "Jeugdhulp met verblijf (18-23 jaar) 1.665 2.085 2.185 2.955", {},
     "verblijf_aantal", "18-23", ["2016", "2017", "2018", "2019"]),
    (5, 465, "% uithuisplaatsingen bij ondertoezichtstelling 34% 32% 29% 27%", {},
     "uhp_bij_ots_pct", "totaal", ["2016", "2017", "2018", "2019"]),
    (6, 467, "Aantal langdurige thuiszitters 4194 4214 4479 4790", {},
     "thuiszitters_langdurig", "totaal", ["2015/2016", "2016/2017", "2017/2018", "2018/2019"]),
    (7, 471, "5,837 5736 5.576 6.022", {"5,837": "5.537"},
     "vrijstellingen_5a", "totaal", ["2015/2016", "2016/2017", "2017/2018", "2018/2019"]),
    # '6.8%' has a decimal point; '05' is unreadable; 'e' is 6,7% (prose l.545 '6,7% versus 4,0% in 2019')
    (8, 476, "buiten zorg en welzijn (3e kwartaal) 6.8% 05 e", {"6.8%": "6,8%", " 05 ": " - ", " e": " 6,7%"},
     "uitstroom_buiten_zw_pct", "jeugdzorg", ["2015Q3", "2017Q3", "2019Q3"]),
    (9, 477, "Jeugdprofessionals hebben invioed op de 65% 62% 67%", {},
     "invloed_inhoud_werk_pct", "jeugdzorg; eens/helemaal eens", ["2015", "2017", "2019"]),
    (10, 479, "ﬁsﬁ%‘cllsrrffesswnals zijn (zeer) tevreden over 63% 69% 78%", {},
     "werktevredenheid_pct", "jeugdzorg; (zeer) tevreden", ["2015", "2017", "2019"]),
]


def parse_dutch_cells(text: str, fixes: dict[str, str], n: int) -> list[float | None]:
    """The last ``n`` cells of a printed row: ``1.665 -> 1665``, ``11,6% -> 11.6``, ``- -> None``."""
    for wrong, right in fixes.items():
        assert wrong in text, wrong
        text = text.replace(wrong, right)
    cells = text.split()[-n:]
    out: list[float | None] = []
    for cell in cells:
        if cell == "-":
            out.append(None)
            continue
        assert re.fullmatch(r"\d{1,3}(\.\d{3})*(,\d+)?%?|\d+(,\d+)?%?", cell), cell
        out.append(float(cell.rstrip("%").replace(".", "").replace(",", ".")))
    return out


@pytest.mark.parametrize("order, line, printed, fixes, indicator_id, breakdown, periods", KERN_AS_PRINTED)
def test_kernindicator_row_equals_the_printed_row(pub, order, line, printed, fixes, indicator_id, breakdown, periods):
    expected = parse_dutch_cells(printed, fixes, len(periods))
    rows = pub[(pub.indicator_id == indicator_id) & (pub.breakdown == breakdown)]
    got = rows.set_index("period").loc[periods]
    for period, want, (_, row) in zip(periods, expected, got.iterrows(), strict=True):
        if want is None:
            assert pd.isna(row["value"]) and "UNREADABLE" in row["note"], (indicator_id, period)
        else:
            assert row["value"] == pytest.approx(want), (indicator_id, period)
        assert row["location"] == f"l.{line}"
        assert "kernindicatorentabel" in row["note"]


def test_kern_cells_as_printed_spot_checks():
    # the parser itself, on the brief's list: 1.665 / 5.537 / 10,4 / 6,8 - 6,7
    assert parse_dutch_cells(KERN_AS_PRINTED[3][2], {}, 4) == [1665, 2085, 2185, 2955]
    assert parse_dutch_cells(KERN_AS_PRINTED[6][2], KERN_AS_PRINTED[6][3], 4) == [5537, 5736, 5576, 6022]
    assert parse_dutch_cells(KERN_AS_PRINTED[2][2], KERN_AS_PRINTED[2][3], 4) == [11.6, 11.6, 10.4, 10.1]
    assert parse_dutch_cells(KERN_AS_PRINTED[7][2], KERN_AS_PRINTED[7][3], 3) == [6.8, None, 6.7]


def test_printed_rows_are_the_seed_lines():
    if not SEED_VGR4_TEXT.is_file():
        pytest.skip(f"seed OCR text not available at {SEED_VGR4_TEXT}")
    lines = SEED_VGR4_TEXT.read_text(encoding="utf-8").split("\n")
    assert len(lines) >= 4653
    for _, line, printed, *_ in KERN_AS_PRINTED:
        assert lines[line - 1] == printed, line


# ------------------------------------------------------------------ section f: sums in the report


def test_verblijf_age_groups_add_up_to_0_18_every_year(pub):
    # seed l.1628-1631; the totals as printed
    printed_0_18 = {"2016": 42125, "2017": 44100, "2018": 40585, "2019": 40020}
    for year, total in printed_0_18.items():
        parts = sum(value(pub, "verblijf_aantal", age, year) for age in ("0-4", "4-12", "12-18"))
        assert parts == value(pub, "verblijf_aantal", "0-18", year) == total


def test_0_18_plus_18_23_is_the_0_23_of_the_prose(pub):
    # prose l.1648 'stijgt van 42.770 naar 42.975'
    for year, total in {"2018": 42770, "2019": 42975}.items():
        parts = value(pub, "verblijf_aantal", "0-18", year) + value(pub, "verblijf_aantal", "18-23", year)
        assert parts == value(pub, "verblijf_aantal", "0-23", year) == total


def test_vsv_met_plus_zonder_is_totaal_within_cbs_rounding(pub):
    for year in ("2016/2017", "2017/2018", "2018/2019"):
        parts = value(pub, "vsv_aanwas", "t/m 22; met jeugdhulp", year) + value(
            pub, "vsv_aanwas", "t/m 22; zonder jeugdhulp", year)
        assert abs(parts - value(pub, "vsv_aanwas", "t/m 22; totaal", year)) <= 10
    # 8.780 + 19.590 = 28.370 against the printed 28.360: kept as printed, with a note
    assert value(pub, "vsv_aanwas", "t/m 22; totaal", "2016/2017") == 28360
    assert "CHECK:" in note(pub, "vsv_aanwas", "t/m 22; totaal", "2016/2017")


def test_traject_volgens_plan_plus_overig_is_100(pub):
    for year in ("2016", "2017", "2018", "2019"):
        plan = value(pub, "traject_einde_volgens_plan_pct", "totaal", year)
        overig = value(pub, "traject_einde_overig_pct", "totaal", year)
        assert plan + overig == 100
        # 'eenzijdig door cliënt' is part of 'overig', not a third category
        assert value(pub, "traject_einde_eenzijdig_client_pct", "totaal", year) <= overig


def test_woonsituatie_columns_sum_to_100(pub):
    # seed l.2146-2150: 100, 101 (verblijf), 100, 99 (wel), 101, 100 (geen)
    expected = {("jeugdhulp met verblijf", "2016"): 100, ("jeugdhulp met verblijf", "2017"): 101,
                ("wel jeugdhulp", "2016"): 100, ("wel jeugdhulp", "2017"): 99,
                ("geen jeugdhulp", "2016"): 101, ("geen jeugdhulp", "2017"): 100}
    categories = ("zelfstandig wonend", "hoofdzakelijk thuiswonend", "hoofdzakelijk institutioneel", "overig")
    for (group, year), total in expected.items():
        got = sum(value(pub, "cohort18_woonsituatie_pct", f"18-19; {group}; {c}", year) for c in categories)
        assert got == total


def test_werk_onderwijs_and_its_complement_sum_to_100(pub):
    for group in ("wel jeugdhulp", "geen jeugdhulp"):
        for year in ("2016", "2017"):
            wel = value(pub, "cohort18_werk_onderwijs_pct", f"18-19; {group}", year)
            geen = value(pub, "cohort18_geen_werk_onderwijs_pct", f"18-19; {group}", year)
            assert wel + geen == pytest.approx(100)


def test_vervolgzorg_parts_add_up_to_totaal_and_windows_grow(pub):
    windows = ("<1 maand", "<=3 maanden", "<=6 maanden")
    rows = {fin: [value(pub, "cohort18_vervolgzorg_pct", f"{fin}; {w}", "2017") for w in windows]
            for fin in ("Zvw-GGZ", "Wmo", "Wlz", "totaal")}
    for i, _ in enumerate(windows):
        parts = rows["Zvw-GGZ"][i] + rows["Wmo"][i] + rows["Wlz"][i]
        assert abs(parts - rows["totaal"][i]) <= 0.5  # 29,4 -> 29; 34,1 -> 34; 36,2
    for series in rows.values():
        assert series == sorted(series)  # cumulative windows never decrease
    assert rows["totaal"] == [29, 34, 36.2]


def test_azw_columns_sum_to_100(pub):
    columns = [("jeugdzorg", "2015"), ("jeugdzorg", "2017"), ("jeugdzorg", "2019"), ("jeugdhulp", "2019"),
               ("zorg en welzijn", "2015"), ("zorg en welzijn", "2017"), ("zorg en welzijn", "2019")]
    for sector, year in columns:
        werkdruk = sum(value(pub, "werkdruk_pct", f"{sector}; {c}", year)
                       for c in ("(veel) te laag", "goed", "(veel) te hoog"))
        assert werkdruk == 100
    # werktevredenheid: 100 everywhere except zorg en welzijn 2017 and 2019 (101, rounding)
    expected = dict.fromkeys(columns, 100) | {("zorg en welzijn", "2017"): 101, ("zorg en welzijn", "2019"): 101}
    for (sector, year), total in expected.items():
        got = sum(value(pub, "werktevredenheid_pct", f"{sector}; {c}", year)
                  for c in ("(zeer) tevreden", "deels tevreden/deels ontevreden", "(zeer) ontevreden"))
        assert got == total


# ------------------------------------------------------------------ section f: changes in the report


def test_verblijf_growth_2016_2019_reproduces_from_the_counts(pub):
    # seed l.1628-1633 'groei 2016-2019': -18%, -4%, -3%, -5%, +77%
    printed = {"0-4": -18, "4-12": -4, "12-18": -3, "0-18": -5, "18-23": 77}
    for age, growth in printed.items():
        computed = round_half_away((value(pub, "verblijf_aantal", age, "2019")
                                    / value(pub, "verblijf_aantal", age, "2016") - 1) * 100)
        assert computed == growth == value(pub, "verblijf_groei_2016_2019", age, "2016-2019")


def test_jeugdbescherming_growth_reproduces_from_the_counts(pub):
    # seed l.2358-2367: instroom +6%, OTS +5% (8.875 -> 9.330), VOTS +12% (1.710 -> 1.920)
    cases = [("jb_instroom", "jb_instroom_groei", 6), ("ots_instroom", "ots_instroom_groei", 5),
             ("vots_aantal", "vots_groei", 12)]
    for count_id, growth_id, printed in cases:
        computed = round_half_away((value(pub, count_id, "totaal", "2019")
                                    / value(pub, count_id, "totaal", "2018") - 1) * 100)
        assert computed == printed == value(pub, growth_id, "totaal", "2018-2019")


def test_al4_differences_reproduce(pub):
    # 'stijgt met 6,3%' is procentpunt: 22,7 - 6,3 = 16,4, the chart prints 16%
    rise = value(pub, "cohort18_econ_zelfstandig_stijging", "18-19; wel jeugdhulp", "2016-2017")
    assert round_half_away(value(pub, "cohort18_econ_zelfstandig_pct", "18-19; wel jeugdhulp", "2017") - rise) == 16
    # '38 procentpunt verschil' = 49,8 - 11,6
    gap = (value(pub, "cohort18_zelfstandig_wonend_pct", "18-19; jeugdhulp met verblijf", "2017")
           - value(pub, "cohort18_zelfstandig_wonend_pct", "18-19; geen jeugdhulp", "2017"))
    assert round_half_away(gap) == 38 == value(
        pub, "cohort18_zelfstandig_wonend_verschil_pp", "18-19; jeugdhulp met verblijf vs geen jeugdhulp", "2017")
    # '0,5% minder' werk/onderwijs = 96,3 - 96,8 procentpunt
    change = (value(pub, "cohort18_werk_onderwijs_pct", "18-19; wel jeugdhulp", "2017")
              - value(pub, "cohort18_werk_onderwijs_pct", "18-19; wel jeugdhulp", "2016"))
    assert change == pytest.approx(-0.5) == value(
        pub, "cohort18_werk_onderwijs_verandering", "18-19; wel jeugdhulp", "2016-2017")


def test_weet_waar_terecht_rise_is_bijna_8_procentpunt(pub):
    rise = value(pub, "client_weet_waar_terecht_pct", "totaal", "2018") - value(
        pub, "client_weet_waar_terecht_pct", "totaal", "2015")
    assert rise == 8 == value(pub, "client_weet_waar_terecht_pp", "totaal", "2015-2018")
    assert 100 - value(pub, "client_weet_waar_terecht_pct", "totaal", "2018") == value(
        pub, "client_weet_niet_waar_terecht_pct", "totaal", "2018") == 25


# ------------------------------------------------------------------ conflicts are kept, not fixed


def test_vervolgzorg_conflict_keeps_both_published_values(pub):
    table = value(pub, "cohort18_vervolgzorg_pct", "totaal; <1 maand", "2017")
    prose = value(pub, "cohort18_vervolgzorg_pct", "totaal (lopende tekst); <1 maand", "2017")
    assert (table, prose) == (29, 15.4)  # l.2174 and l.2234
    for breakdown in ("totaal; <1 maand", "totaal (lopende tekst); <1 maand"):
        assert "CONFLICT:" in note(pub, "cohort18_vervolgzorg_pct", breakdown, "2017")


def test_econ_gap_conflict_keeps_the_printed_14(pub):
    printed = value(pub, "cohort18_econ_zelfstandig_verschil_pp", "18-19; wel jeugdhulp vs geen jeugdhulp", "2017")
    factsheet_gap = (value(pub, "cohort18_econ_zelfstandig_pct", "18-19; geen jeugdhulp", "2017")
                     - value(pub, "cohort18_econ_zelfstandig_pct", "18-19; wel jeugdhulp", "2017"))
    assert printed == 14
    assert factsheet_gap == pytest.approx(24.6)  # 47,3 - 22,7: the factsheet disagrees with l.523
    assert "CONFLICT:" in note(pub, "cohort18_econ_zelfstandig_verschil_pp",
                               "18-19; wel jeugdhulp vs geen jeugdhulp", "2017")
    assert not (pub["value"] == 24.6).any()  # not printed, so not in the table


def test_derived_value_of_the_extraction_is_dropped(pub):
    assert "verblijf_pct_verandering_pp" not in set(pub["indicator_id"])


# ------------------------------------------------------------------ provenance stays in sync


def test_readme_lists_every_reconciliation(pub):
    readme = PUBLISHED_README.read_text(encoding="utf-8")
    tagged = pub[pub["note"].str.contains(r"(?:^|\| )(?:OCR|UNREADABLE|UNCERTAIN|CONFLICT):", regex=True)]
    assert len(tagged) > 50
    for row in tagged.itertuples():
        cell_period = row.period.replace("|", "\\|")
        assert f"| `{row.indicator_id}` | {row.breakdown} | {cell_period} |" in readme, row.Index
    for required in ("5,837", "104%", "14 procentpunt", "15,4%"):
        assert required in readme


def test_curation_script_reproduces_the_table():
    if not SEED_VGR4_FIGURES.is_file():
        pytest.skip(f"seed extraction not available at {SEED_VGR4_FIGURES}")
    proc = subprocess.run([sys.executable, str(CURATION_SCRIPT), "--check"], capture_output=True, text=True,
                          check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr


# ------------------------------------------------------------------ the loader rejects bad tables

HEADER = ",".join(COLUMNS)
GOOD_ROWS = [
    "thuiszitters_langdurig,totaal,2015/2016,,4194,count,exact,,vgr4-2020-05,l.467,",
    "uhp_bij_ots_pct,totaal,2016,,34,percent,exact,,vgr4-2020-05,l.465,",
    "verblijf_groei_2016_2019,0-4,2016-2019,,-18,percent_change,exact,,vgr4-2020-05,l.1628,",
]


def write_table(tmp_path: Path, rows: list[str], header: str = HEADER) -> Path:
    path = tmp_path / "figures.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_good_small_table_loads(tmp_path):
    frame = load_published(write_table(tmp_path, GOOD_ROWS))
    assert list(frame["value"]) == [4194.0, 34.0, -18.0]  # a negative change is allowed
    assert list(frame["location"]) == ["l.467", "l.465", "l.1628"]


def replace_row(index: int, row: str) -> list[str]:
    rows = list(GOOD_ROWS)
    rows[index] = row
    return rows


T = "thuiszitters_langdurig,totaal"


@pytest.mark.parametrize(
    "rows, column, fragment",
    [
        (replace_row(1, "uhp_bij_ots_pct,totaal,2016,,34,procent,exact,,vgr4-2020-05,,"), "unit",
         "line 3 (uhp_bij_ots_pct / totaal / 2016)"),
        (replace_row(0, f"{T},2015/2016,,-4194,count,exact,,vgr4-2020-05,,"), "value", "line 2"),
        (replace_row(0, f"{T},2015/2016,,4.194,count,exact,,vgr4-2020-05,,"), "value", "whole number"),
        (replace_row(0, f"{T},2015/2016,,,count,exact,,vgr4-2020-05,,"), "note", "UNREADABLE"),
        (replace_row(0, f"{T},2015-16,,4194,count,exact,,vgr4-2020-05,,"), "period", "2015-16"),
        (replace_row(0, f"{T},2015/2017,,4194,count,exact,,vgr4-2020-05,,"), "period", "line 2"),
        (replace_row(0, f"{T},2015/2016,voorlopig*,4194,count,exact,,vgr4-2020-05,,"), "status", "line 2"),
        (replace_row(0, f"{T},2015/2016,,4194,count,afgerond,,vgr4-2020-05,,"), "precision", "rounding step"),
        (replace_row(0, f"{T},2015/2016,,4194,count,exact,, vgr4,,"), "source", "line 2"),
        (GOOD_ROWS + [GOOD_ROWS[1]], "indicator_id, breakdown, period, source", "the same figure twice"),
    ],
)
def test_schema_violation_names_file_column_and_rows(tmp_path, rows, column, fragment):
    path = write_table(tmp_path, rows)
    with pytest.raises(VoortgangError) as err:
        load_published(path)
    message = str(err.value)
    assert str(path) in message
    assert f"column {column!r}" in message
    assert fragment in message
    assert "\n" not in message


def test_value_that_is_not_a_number_names_the_column(tmp_path):
    path = write_table(tmp_path, replace_row(0, f"{T},2015/2016,,4194a,count,exact,,vgr4-2020-05,,"))
    with pytest.raises(VoortgangError, match=r"figures\.csv: column 'value': not a number .* 1 row\(s\): line 2 "):
        load_published(path)


def test_missing_column_is_named(tmp_path):
    header = HEADER.replace(",note", "")
    rows = [r.rsplit(",", 1)[0] for r in GOOD_ROWS]
    with pytest.raises(VoortgangError, match=r"figures\.csv: missing column\(s\) 'note'"):
        load_published(write_table(tmp_path, rows, header))


def test_format_version_1_is_named(tmp_path):
    header = "indicator_id,breakdown,period,value,unit,source,line,note"
    path = write_table(tmp_path, ["uhp_bij_ots_pct,totaal,2016,34,percent,CBS,465,"], header)
    with pytest.raises(VoortgangError, match=r"format version 1 .* version 2 has the columns indicator_id"):
        load_published(path)


def test_unknown_indicator_is_named(tmp_path):
    path = write_table(tmp_path, replace_row(0, "thuiszitters,totaal,2015/2016,,4194,count,exact,,vgr4-2020-05,,"))
    with pytest.raises(VoortgangError, match=r"column 'indicator_id': not in the indicator registry: thuiszitters "
                                             r"in 1 row\(s\): line 2"):
        load_published(path)


def test_unit_must_match_the_registry(tmp_path):
    path = write_table(tmp_path, replace_row(1, "uhp_bij_ots_pct,totaal,2016,,34,count,exact,,vgr4-2020-05,,"))
    with pytest.raises(VoortgangError, match=r"column 'unit': differs from the indicator registry .*uhp_bij_ots_pct"):
        load_published(path, registry=load_registry())


def test_period_kind_must_match_the_registry(tmp_path):
    # uhp_bij_ots_pct is a yearly series (period_type year): a half-year does not belong to it
    path = write_table(tmp_path, replace_row(1, "uhp_bij_ots_pct,totaal,2016-H1,,34,percent,exact,,vgr4-2020-05,,"))
    with pytest.raises(VoortgangError, match=r"column 'period': a half_year for an indicator with period_type 'year'"):
        load_published(path)


def test_source_without_a_record_is_named(tmp_path):
    path = write_table(tmp_path, replace_row(1, "uhp_bij_ots_pct,totaal,2016,,34,percent,exact,,cbs-nergens,,"))
    with pytest.raises(VoortgangError, match=r"column 'source': no record in data/published/sources\.yaml for "
                                             r"cbs-nergens in 1 row\(s\): line 3"):
        load_published(path)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(VoortgangError, match=r"nowhere\.csv: published figures not found"):
        load_published(tmp_path / "nowhere.csv")
