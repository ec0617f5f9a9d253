"""Gemeente reports: gemeenten per year with the herindelingen, the StatLine gemeente table and its loader,
the comparison with Nederland and the jeugdregio, the synthetic table, `--regions gemeenten`, the index page.

Expected values come from published sources (the CBS counts of gemeenten per 1 January) or are computed by
hand on tiny tables written here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.errors import VoortgangError
from analysis.inputs.editions import Edition, GemeenteReports, RegionalReports, load_edition
from analysis.inputs.gemeenten import Herindeling, Indeling, indeling, load_herindelingen, merged_away_reason
from analysis.inputs.groupings import GEMEENTE_LEVEL, gemeente_regions, region_catalogue, select_regions
from analysis.inputs.statline.gemeenten import TOPICS, load_gemeente_table
from analysis.inputs.statline.snapshot import write_endpoint
from analysis.inputs.synthetic.gemeente_table import write_gemeente_table
from analysis.measures.gemeente import gemeente_comparison
from analysis.present.gemeente import comparison_table, difference_sentence, herindeling_notes
from analysis.present.index_page import IndexEntry, regional_index_html

HEADER = "datum,oude_code,oude_naam,nieuwe_code,nieuwe_naam,soort,bron,aanname\n"


# --------------------------------------------------------------------------- gemeenten per year


@pytest.mark.parametrize(("year", "count"), [(2020, 355), (2021, 352), (2022, 345), (2023, 342), (2024, 342)])
def test_gemeenten_per_year_match_the_published_counts(year, count):
    # CBS (via ANP and the press): 355 in 2020, 352 on 1-1-2021, 345 on 1-1-2022, 342 on 1-1-2023 and 1-1-2024
    assert len(indeling().gemeenten(year)) == count


def test_mergers_per_year():
    ind = indeling()
    assert "GM1979" not in ind.gemeenten(2020) and "GM1979" in ind.gemeenten(2021)  # Eemsdelta, 1-1-2021
    assert {"GM0003", "GM0010", "GM0024"} & set(ind.gemeenten(2021)) == set()
    # Weesp joined Amsterdam on 24 March 2022: still in the list of 1 January 2022, gone in 2023
    assert "GM0457" in ind.gemeenten(2022) and "GM0457" not in ind.gemeenten(2023)
    assert ind.gemeenten(2022)["GM1982"] == "Land van Cuijk"
    assert sorted(c.oude_code for c in ind.predecessors("GM1982", 2024)) == [
        "GM0756", "GM0786", "GM0815", "GM1684", "GM1702"]
    assert [c.oude_code for c in ind.predecessors("GM0363", 2024)] == ["GM0457"]
    assert ind.predecessors("GM0363", 2022) == []  # Weesp counts from 2023
    assert ind.successor("GM0003", 2024) == "GM1979" and ind.successor("GM0363", 2024) == "GM0363"
    assert ind.successor("GM0788", 2024) is None  # Haaren was divided over four gemeenten
    assert [c.oude_code for c in ind.divided_into("GM0855", 2021)] == ["GM0788"]
    assert list(ind.years) == [2020, 2021, 2022, 2023, 2024]


def test_a_year_without_a_list_is_refused():
    with pytest.raises(VoortgangError, match=r"gemeente_herindelingen.csv: no gemeente list for 2025.*2020-2024"):
        indeling().gemeenten(2025)


def test_a_merged_away_gemeente_names_its_successor():
    assert merged_away_reason("GM0003", 2024) == (
        "GM0003 (Appingedam) went into GM1979 (Eemsdelta) on 2021-01-01 (samenvoeging); build GM1979 instead")
    assert "divided over GM0757 (Boxtel), GM0824 (Oisterwijk), GM0855 (Tilburg), GM0865 (Vught)" in (
        merged_away_reason("GM0788", 2021) or "")
    assert merged_away_reason("GM0457", 2022) is None


def test_every_herindeling_has_a_source_and_unconfirmed_codes_are_assumptions():
    for change in indeling().changes:
        assert change.bron
        if "niet in een CBS-bron gezien" in change.bron:
            assert change.aanname


BAD_HERINDELINGEN = [
    ("2021-13-01,GM0003,Appingedam,GM1979,Eemsdelta,samenvoeging,bron,ja", 2, "datum", "is not a date"),
    ("2019-01-01,GM0003,Appingedam,GM1979,Eemsdelta,samenvoeging,bron,ja", 2, "datum", "not after 1 January 2020"),
    ("2021-01-01,GM0003,Appingedam,GM1979,Eemsdelta,fusie,bron,ja", 2, "soort", None),
    ("2021-01-01,GM0003,Appingedam,GM1979,Eemsdelta,samenvoeging,,ja", 2, "bron", None),
    ("2021-01-01,GM9999,Nergens,GM1979,Eemsdelta,samenvoeging,bron,ja", 2, "oude_code",
     "GM9999 is not a gemeente just before 2021-01-01"),
    ("2021-01-01,GM0003,Appingedam,GM0010,Delfzijl,samenvoeging,bron,ja", 2, "nueva", None),
    ("2021-01-01,GM0003,Appingedam,GM1979,Eemsdelta,toevoeging,bron,nee", 2, "nieuwe_code",
     "GM1979 is not a gemeente before 2021-01-01"),
    ("2024-01-01,GM0003,,,,geen,bron,nee", 2, "soort", "leave codes and names empty"),
    ("2021-01-01,GM0003,Appingedam,GM1979,Eemsdelta,samenvoeging,bron,misschien", 2, "aanname", None),
]


@pytest.mark.parametrize(("row", "line", "column", "text"), BAD_HERINDELINGEN)
def test_bad_herindelingen_name_file_row_and_column(tmp_path, row, line, column, text):
    path = tmp_path / "herindelingen.csv"
    path.write_text(HEADER + row + "\n", encoding="utf-8")
    if column == "nueva":  # a samenvoeging into an existing code
        column, text = "nieuwe_code", "GM0010 already exists before 2021-01-01"
    with pytest.raises(VoortgangError) as err:
        load_herindelingen(path)
    message = str(err.value)
    assert "herindelingen.csv" in message and f"column {column!r}" in message
    assert f"row {line}" in message
    if text:
        assert text in message


def test_herindelingen_out_of_order_and_a_missing_column(tmp_path):
    path = tmp_path / "herindelingen.csv"
    path.write_text(HEADER + "2022-01-01,GM0398,Heerhugowaard,GM1980,Dijk en Waard,samenvoeging,b,ja\n"
                    "2021-01-01,GM0003,Appingedam,GM1979,Eemsdelta,samenvoeging,b,ja\n", encoding="utf-8")
    with pytest.raises(VoortgangError, match=r"row 3, column 'datum': .*before the previous row"):
        load_herindelingen(path)
    path.write_text("datum,oude_code\n2021-01-01,GM0003\n", encoding="utf-8")
    with pytest.raises(VoortgangError, match=r"herindelingen.csv: column 'oude_naam' not found"):
        load_herindelingen(path)


# --------------------------------------------------------------------------- the gemeente table

#: A tiny indeling: A, B and C in 2020; B and C merge into D (GM0004) on 1 January 2021.
TINY = Indeling(
    base=(("GM0001", "Aa"), ("GM0002", "Bee"), ("GM0003", "Cee")),
    changes=tuple(Herindeling(dt.date(2021, 1, 1), old, name, "GM0004", "Dee", "samenvoeging", "test", False, i + 2)
                  for i, (old, name) in enumerate([("GM0002", "Bee"), ("GM0003", "Cee")])),
)
KEYS = [t.key for t in TOPICS]


def _spec(**kw) -> GemeenteReports:
    values = {"tabel": "85098NED", "snapshot": "2024-05-01", "synthetisch": True, "jaren": [2020, 2021],
              "chapters": [{"notebook": "45-gemeente"}], **kw}
    return GemeenteReports(**values)


def tiny_rows() -> list[dict]:
    """Hand-made cells: per region and year the five topics (None: suppressed, '.')."""
    cells = {
        ("NL01", 2020): [12.2, 9.7, 1.2, 47.3, 0.4], ("NL01", 2021): [13.5, 8.2, 1.1, 47.7, 0.3],
        ("GM0001", 2020): [15.4, 9.5, 1.4, 46.1, 0.4], ("GM0001", 2021): [15.0, 10.0, 1.3, 50.0, None],
        ("GM0002", 2020): [10.0, 8.0, 1.0, None, None], ("GM0003", 2020): [12.0, 7.0, 0.8, 40.0, 0.2],
        ("GM0004", 2021): [11.0, 7.5, 0.9, 41.0, 0.2],
        ("GM0002", 2021): [None] * 5,  # CBS may keep an old code with '.' only
    }
    return [{"ID": i, "RegioS": f"{code:<10}", "Perioden": f"{year}JJ00", **dict(zip(KEYS, v, strict=True))}
            for i, ((code, year), v) in enumerate(cells.items())]


def write_snapshot(root: Path, rows: list[dict] | None = None, *, synthetic: bool | None = True,
                   unit: str = "%", drop_topic: str | None = None) -> Path:
    """A snapshot of the tiny table in the layout of analysis.inputs.statline.snapshot."""
    folder = root / "85098NED" / "2024-05-01"
    folder.mkdir(parents=True)
    props = [{"Key": "RegioS", "Type": "GeoDimension", "Title": "Regio's"},
             {"Key": "Perioden", "Type": "TimeDimension", "Title": "Perioden"}]
    props += [{"Key": t.key, "Type": "Topic", "Title": t.title, "Datatype": "Double", "Unit": unit}
              for t in TOPICS if t.key != drop_topic]
    names = {"NL01": "Nederland", "GM0001": "Aa", "GM0002": "Bee", "GM0003": "Cee", "GM0004": "Dee"}
    endpoints = {
        "TableInfos": [{"Identifier": "85098NED", "Title": "test"}],
        "DataProperties": props,
        "RegioS": [{"Key": f"{c:<10}", "Title": n} for c, n in names.items()],
        "Perioden": [{"Key": "2020JJ00", "Title": "2020", "Status": "Definitief"},
                     {"Key": "2021JJ00", "Title": "2021*", "Status": "Voorlopig"}],
        "TypedDataSet": tiny_rows() if rows is None else rows,
    }
    files = {f"{name}.json": {"sha256": write_endpoint(folder / f"{name}.json", None, value)}
             for name, value in endpoints.items()}
    manifest = {"files": files, **({"synthetisch": synthetic} if synthetic is not None else {})}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def test_loader_reads_the_tiny_table(tmp_path):
    write_snapshot(tmp_path)
    table = load_gemeente_table(_spec(), tmp_path, TINY)
    assert table.synthetic and table.names["GM0004"] == "Dee"
    v = table.values.set_index(["code", "year", "topic"])["value"]
    assert v["GM0001", 2020, KEYS[0]] == 15.4 and v["NL01", 2021, KEYS[1]] == 8.2
    assert np.isnan(v["GM0001", 2021, KEYS[4]])  # suppressed: missing, never 0
    assert ("GM0002", 2021, KEYS[0]) not in v.index  # no longer a gemeente: left out
    assert set(table.values.loc[table.values["year"] == 2021, "status"]) == {"voorlopig"}


def _replace(rows: list[dict], code: str, year: int, key: str, value) -> list[dict]:
    for row in rows:
        if row["RegioS"].strip() == code and row["Perioden"] == f"{year}JJ00":
            row[key] = value
    return rows


BAD_TABLES = [
    ("unit", dict(unit="aantal"), r"DataProperties.json: topic 'JongerenMetJeugdhulpInNatura_1': unit 'aantal'"),
    ("topic", dict(drop_topic=KEYS[2]), r"DataProperties.json: topic 'JongerenMetJeugdbescherming_3'.*is missing"),
    ("national", dict(rows=_replace(tiny_rows(), "NL01", 2021, KEYS[0], None)),
     r"TypedDataSet.json: Nederland \(NL01\) has no value for every topic in 2021"),
    ("missing gemeente", dict(rows=[r for r in tiny_rows() if r["RegioS"].strip() != "GM0004"]),
     r"TypedDataSet.json: no row for GM0004 \(Dee\) in 2021: every gemeente of 1 January 2021 needs one"),
    ("merged away with a value", dict(rows=_replace(tiny_rows(), "GM0002", 2021, KEYS[0], 3.0)),
     r"TypedDataSet.json: row 8 \(RegioS GM0002, 2021\), column 'JongerenMetJeugdhulpInNatura_1': a value for a "
     r"code that is not a gemeente on 1 January 2021"),
    ("outside 0-100", dict(rows=_replace(tiny_rows(), "GM0003", 2020, KEYS[3], 140.0)),
     r"TypedDataSet.json: row 6 \(RegioS GM0003, 2020\), column 'JeugdbeschEnJeugdhMetVerblInNat_4': 140 is not "
     r"a percentage"),
    ("synthetic flag missing", dict(synthetic=None), r"manifest.json: key 'synthetisch': the snapshot has no"),
]


@pytest.mark.parametrize(("case", "kw", "message"), BAD_TABLES, ids=[c[0] for c in BAD_TABLES])
def test_bad_gemeente_tables_name_file_and_place(tmp_path, case, kw, message):
    write_snapshot(tmp_path, **kw)
    with pytest.raises(VoortgangError, match=message):
        load_gemeente_table(_spec(), tmp_path, TINY)


def test_a_synthetic_snapshot_read_as_cbs_data_is_refused(tmp_path):
    write_snapshot(tmp_path, synthetic=True)
    with pytest.raises(VoortgangError, match=r"says \"synthetisch\": true, but the edition reads it as a CBS"):
        load_gemeente_table(_spec(synthetisch=False), tmp_path, TINY)


def test_a_missing_year_a_missing_snapshot_and_an_edited_file(tmp_path):
    write_snapshot(tmp_path)
    with pytest.raises(VoortgangError, match=r"Perioden.json: no period 2019JJ00"):
        load_gemeente_table(_spec(jaren=[2019]), tmp_path, TINY)
    with pytest.raises(VoortgangError, match=r"snapshot of the gemeente table not found; voortgang data fetch "
                                             r"85098NED --date 2024-05-01"):
        load_gemeente_table(_spec(synthetisch=False), tmp_path / "elders", TINY)
    data = tmp_path / "85098NED" / "2024-05-01" / "TypedDataSet.json"
    data.write_text(data.read_text(encoding="utf-8").replace("15.4", "15.5"), encoding="utf-8")
    with pytest.raises(VoortgangError, match=r"sha256 differs"):
        load_gemeente_table(_spec(), tmp_path, TINY)


def test_the_synthetic_table_has_the_shape_and_is_deterministic(tmp_path):
    spec = _spec(jaren=[2021, 2022], seed=7)
    first = write_gemeente_table(spec, tmp_path / "a")
    second = write_gemeente_table(spec, tmp_path / "b")
    for name in ("TypedDataSet.json", "RegioS.json", "manifest.json"):
        assert (first / name).read_bytes() == (second / name).read_bytes()
    table = load_gemeente_table(spec, tmp_path / "a")  # every gemeente of each year, Nederland, the flag
    assert table.synthetic
    assert set(table.values.loc[table.values["year"] == 2022, "code"]) == {"NL01", *indeling().gemeenten(2022)}
    cells = json.loads((first / "TypedDataSet.json").read_text(encoding="utf-8"))["value"]
    assert any(row[KEYS[4]] is None for row in cells)  # small gemeenten suppressed as CBS does ('.')
    assert not any(row[k] == 0 for row in cells for k in KEYS)
    props = json.loads((first / "DataProperties.json").read_text(encoding="utf-8"))["value"]
    assert [p["Key"] for p in props if p["Type"] == "Topic"] == KEYS


# --------------------------------------------------------------------------- comparison and words


def test_comparison_by_hand():
    values = pd.DataFrame([
        ("NL01", 2021, "voorlopig", KEYS[0], 13.5), ("GM0001", 2021, "voorlopig", KEYS[0], 15.4),
        ("GM0002", 2021, "voorlopig", KEYS[0], 10.0), ("GM0003", 2021, "voorlopig", KEYS[0], 12.0),
        ("GM0005", 2021, "voorlopig", KEYS[0], np.nan),
        ("NL01", 2021, "voorlopig", KEYS[4], 0.3), ("GM0001", 2021, "voorlopig", KEYS[4], np.nan),
    ], columns=["code", "year", "status", "topic", "value"])
    peers = {2021: ["GM0001", "GM0002", "GM0003", "GM0005"]}
    out = gemeente_comparison(values, "GM0001", "NL01", [KEYS[0], KEYS[4]], [2021], peers).set_index("topic")
    assert out.at[KEYS[0], "verschil"] == 1.9  # 15,4 - 13,5
    assert out.at[KEYS[0], "regio_mediaan"] == 12.0 and out.at[KEYS[0], "regio_n"] == 3  # median of 10, 12, 15,4
    assert np.isnan(out.at[KEYS[4], "verschil"]) and out.at[KEYS[4], "regio_n"] == 0
    shown = comparison_table(out.reset_index().iloc[[0]], "Aa", with_region=True)
    assert shown.loc["2021"].tolist() == ["15,4%*", "13,5%*", "+1,9", "12,0%* (n = 3)"]
    assert difference_sentence(out.reset_index().iloc[0], "Aa") == (
        "In 2021 had 15,4%* van de jongeren in Aa jeugdhulp in natura, tegen 13,5%* in heel Nederland: "
        "1,9 procentpunt meer. De middelste gemeente van de jeugdregio zat op 12,0%* (3 gemeenten met een cijfer).")
    assert difference_sentence(out.reset_index().iloc[1], "Aa") == (
        "Jongeren met jeugdreclassering (% van de jongeren): voor Aa heeft het CBS over 2021 geen cijfer "
        "gepubliceerd (`.`).")


def test_a_lower_gemeente_and_the_herindeling_notes():
    row = pd.Series({"topic": KEYS[2], "year": 2020, "status": "definitief", "gemeente": 0.8, "nederland": 1.2,
                     "verschil": -0.4, "regio_mediaan": np.nan, "regio_n": 0})
    assert difference_sentence(row, "Cee") == (
        "In 2020 had 0,8% van de jongeren in Cee jeugdbescherming, tegen 1,2% in heel Nederland: "
        "0,4 procentpunt minder.")
    merged = herindeling_notes("Dee", "GM0004", TINY.predecessors("GM0004", 2021), [])
    assert merged[0].startswith("Dee (GM0004) bestaat sinds 1 januari 2021: ontstaan uit Bee en Cee.")
    assert "niet opgeteld of gemiddeld" in merged[0]
    weesp = indeling().predecessors("GM0363", 2024)
    assert herindeling_notes("Amsterdam", "GM0363", weesp, [])[0].startswith(
        "Weesp is op 24 maart 2022 bij Amsterdam gevoegd. De cijfers van Amsterdam tot en met 2022 gaan over de "
        "gemeente zonder Weesp")


# --------------------------------------------------------------------------- regions and the index page


def test_regions_gemeenten_selects_every_gemeente_of_the_editions_year():
    catalogue = region_catalogue(load_edition("2024-H1"))
    regions = select_regions("gemeenten", catalogue)
    assert len(regions) == 342 and {r.niveau for r in regions} == {GEMEENTE_LEVEL}
    assert [r.code for r in select_regions("GM0363,GM1982", catalogue)] == ["GM0363", "GM1982"]
    assert select_regions("GM0363", catalogue)[0].jeugdregios == ()  # no mapping given: none invented
    with pytest.raises(VoortgangError, match=r"'GM0003' is no gemeente on 1 January 2024: GM0003 \(Appingedam\) "
                                             r"went into GM1979 \(Eemsdelta\)"):
        select_regions("GM0003", catalogue)
    with pytest.raises(VoortgangError, match=r"GM0788 \(Haaren\) was dissolved"):
        select_regions("GM0788", catalogue)


def test_an_edition_without_gemeente_reports_refuses_gemeente_codes():
    catalogue = region_catalogue(load_edition("2020-H1"))
    with pytest.raises(VoortgangError, match=r"'GM0363' is a gemeente code; this edition has no gemeente reports"):
        select_regions("GM0363", catalogue)
    with pytest.raises(VoortgangError, match=r"'gemeenten': this edition has no gemeente reports"):
        select_regions("gemeenten", catalogue)


def test_regions_section_needs_chapters_or_gemeenten():
    with pytest.raises(ValueError, match="give 'chapters'"):
        RegionalReports()


def _edition_with_mapping(path: Path) -> Edition:
    edition = load_edition("2024-H1")
    regions = edition.regions.model_copy(update={"gemeenten": edition.regions.gemeenten.model_copy(
        update={"indeling": str(path)})})
    return edition.model_copy(update={"regions": regions})


def test_a_mapping_gives_each_gemeente_its_jeugdregio_and_must_cover_the_year(tmp_path):
    # a test mapping (not a real one): every gemeente of 2024 in JZ01, Amsterdam in JZ10
    codes = list(indeling().gemeenten(2024))
    path = tmp_path / "gebieden.csv"
    path.write_text("Gemeentecode;Jeugdregiocode\n" + "".join(
        f"{c};{'JZ10' if c == 'GM0363' else 'JZ01'}\n" for c in codes), encoding="utf-8")
    regions = {r.code: r for r in gemeente_regions(_edition_with_mapping(path), root=Path("/"))}
    assert regions["GM0363"].jeugdregios == ("JZ10",) and regions["GM0014"].jeugdregios == ("JZ01",)
    path.write_text("Gemeentecode;Jeugdregiocode\n" + "".join(f"{c};JZ01\n" for c in codes if c != "GM1979"),
                    encoding="utf-8")
    with pytest.raises(VoortgangError, match=r"gebieden.csv: no jeugdregio for GM1979 \(Eemsdelta\) of 1 January "
                                             r"2024.*'Gebieden in Nederland' table of 2024"):
        gemeente_regions(_edition_with_mapping(path), root=Path("/"))


def test_index_page_groups_many_gemeenten_by_letter():
    edition = load_edition("2024-H1")
    entries = [IndexEntry(c, n, GEMEENTE_LEVEL, "2024-H1", "2026-11-22", f"{c}/index.html")
               for c, n in indeling().gemeenten(2024).items()]
    entries.append(IndexEntry("JZ14", "Twente", "jeugdregio", "2024-H1", "2026-11-22", "JZ14/index.html"))
    page = regional_index_html(entries, edition)
    assert "<h2>Jeugdregio&#x27;s (1)</h2>" in page and "<h2>Gemeenten (342)</h2>" in page
    assert page.index("Twente (JZ14)") < page.index("<h2>Gemeenten")
    letters = re.findall(r'<a href="#gemeenten-\d+">(.)</a>', page)
    assert letters == sorted(letters) and "A" in letters and "Z" in letters
    assert len(re.findall(r">rapport</a>", page)) == 343
    # 's-Hertogenbosch is listed under H
    h_table = page[page.index(f'id="gemeenten-{ord("H")}"'):page.index(f'id="gemeenten-{ord("I")}"')]
    assert "&#x27;s-Hertogenbosch (GM0796)" in h_table


# --------------------------------------------------------------------------- the chapter


def test_gemeente_chapter_of_a_merged_gemeente(tmp_path, monkeypatch):
    import analysis.inputs.statline.gemeenten as gemeente_table
    from analysis.chapters import gemeente
    from analysis.present.display import MarkdownBlock, TableBlock

    spec = load_edition("2024-H1").regions.gemeenten
    write_gemeente_table(spec, tmp_path)
    monkeypatch.setattr(gemeente_table, "SYNTHETIC_STATLINE_DIR", tmp_path)
    out = gemeente.build("2024-H1", "GM1982")
    texts = [b.text for b in out.blocks if isinstance(b, MarkdownBlock)]
    tables = [b for b in out.blocks if isinstance(b, TableBlock)]
    assert texts[0] == "# Land van Cuijk (GM1982)"
    assert "**Synthetische data.**" in texts[1] and "geen CBS-cijfers" in texts[1]
    assert any(t.startswith("Land van Cuijk (GM1982) bestaat sinds 1 januari 2022") for t in texts)
    assert [t for t in texts if t.startswith("## ")] == [
        "## In het kort", "## Jeugdhulp", "## Jeugdbescherming", "## Jeugdreclassering", "## Voorgangers"]
    assert len(tables) == 6 and all("Synthetische data." in b.footnotes for b in tables)
    # the years before 2022 are the predecessors' own, never a series of Land van Cuijk
    first = tables[0].html
    assert "<th scope=\"row\">2021</th>" not in first and "<th scope=\"row\">2022</th>" in first
    assert "Boxmeer (GM0756), 2021" in tables[-1].html
    # the difference in the table is the gemeente's cell minus Nederland's, read from the snapshot itself
    cells = json.loads((tmp_path / spec.tabel / spec.snapshot / "TypedDataSet.json").read_text())["value"]
    value = {(r["RegioS"].strip(), r["Perioden"]): r[KEYS[0]] for r in cells}
    diff = round(value["GM1982", "2023JJ00"] - value["NL01", "2023JJ00"], 1)
    shown = f"{diff:+.1f}".replace(".", ",").replace("-", "−") if diff else "0,0"
    assert re.search(rf"<th scope=\"row\">2023</th><td>[^<]*</td><td>[^<]*</td><td>{shown}</td>", first)
    assert all(t.endswith("*(synthetische data)*") for t in texts if t.startswith("- In 2023"))
    with pytest.raises(VoortgangError, match="is not a gemeente"):
        gemeente.build("2024-H1", "JZ14")
