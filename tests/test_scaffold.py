"""Scaffolding: `voortgang edition new` and `voortgang region init` (analysis.pipeline.scaffold).

Expected values are read off the edition file 2020-H1 and the region list by hand
(Twente is JZ14; the May report 2020-H1 is followed by the November report 2020-H2).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from analysis.config import PROJECT_ROOT
from analysis.errors import VoortgangError
from analysis.inputs.editions import OwnedPath, edition_owned_paths, load_edition, plan_chapters
from analysis.inputs.texts import researcher_text
from analysis.pipeline import scaffold
from analysis.pipeline.scaffold import half_years_between, init_region, new_edition, shifted_date
from helpers import files_under, run_cli


@pytest.mark.parametrize(("source", "target", "n"), [
    ("2020-H1", "2020-H2", 1), ("2020-H2", "2021-H1", 1), ("2020-H1", "2024-H2", 9), ("2020-H1", "2019-H2", -1),
])
def test_half_years_between(source, target, n):
    assert half_years_between(source, target) == n


@pytest.mark.parametrize(("date", "n", "shifted"), [
    ("2020-05", 1, "2020-11"), ("2020-11", 1, "2021-05"), ("2020-05", 4, "2022-05"), ("2018-11", 3, "2020-05"),
])
def test_publication_month_moves_half_a_year_per_half_year(date, n, shifted):
    assert shifted_date(date, n) == shifted


def test_the_paths_of_an_edition_are_declared_in_one_list():
    assert edition_owned_paths("2020-H1") == (
        OwnedPath(Path("params/editions/2020-H1.yaml"), copied=True, what="edition file"),
        OwnedPath(Path("params/tekst/2020-H1"), copied=False, what="researchers' texts"),
    )


def test_every_file_that_names_an_edition_is_one_of_its_owned_paths():
    """A file under params/ named after an edition (or in a folder so named) belongs to that edition:
    `edition new` must know it. Content that issue 11 moves into an edition must be added to the list."""
    for path in files_under(PROJECT_ROOT / "params"):
        rel = path.relative_to(PROJECT_ROOT)
        for edition in load_edition_names():
            if edition in rel.as_posix():
                owned = [o.path for o in edition_owned_paths(edition)]
                assert any(rel == o or o in rel.parents for o in owned), f"{rel} is not in edition_owned_paths"


def load_edition_names() -> list[str]:
    return sorted(p.stem for p in (PROJECT_ROOT / "params" / "editions").glob("*.yaml"))


def _matches(expected: str, message: str) -> bool:
    """``message == expected``, where a ``*`` in ``expected`` stands for any text (more editions to come)."""
    return re.fullmatch(re.escape(expected).replace(r"\*", ".*"), message) is not None


def _fake_release(releases: Path, edition: str) -> None:
    version = releases / edition / "v1"
    version.mkdir(parents=True)
    (version / "manifest.json").write_text("{}", encoding="utf-8")
    (releases / edition / "latest").symlink_to("v1")


def test_new_edition_names_itself_clears_what_must_be_new_and_validates(project_copy, tmp_path):
    texts = project_copy / "params" / "tekst" / "2020-H1"  # holds the edition's kanttekeningen.yaml
    texts.mkdir(parents=True, exist_ok=True)
    (texts / "factsheet-al2.md").write_text("Onze duiding van mei 2020.", encoding="utf-8")
    made = new_edition("2020-H2", "2020-H1", root=project_copy, releases_dir=tmp_path / "no-releases")
    path = project_copy / "params" / "editions" / "2020-H2.yaml"
    assert made.written == (path, project_copy / "params" / "tekst" / "2020-H2")
    # the researcher's text and the caveats of May 2020 describe that report: the new edition starts without
    assert made.previous is None and made.texts_left_out == 2
    assert list((project_copy / "params" / "tekst" / "2020-H2").iterdir()) == []  # texts start empty
    new = yaml.safe_load(path.read_text(encoding="utf-8"))
    old = yaml.safe_load((project_copy / "params" / "editions" / "2020-H1.yaml").read_text(encoding="utf-8"))
    assert (new["edition"], new["date"], new["subtitle"]) == ("2020-H2", "2020-11", "")
    assert new["synthetic"]["pad"] == "data/synthetic/2020-H2"
    cohort = next(c for c in new["chapters"] if c.get("id") == "cohort-18plus")
    assert cohort["parameters"]["microdata"] == "data/synthetic/2020-H2"  # the alias follows its anchor
    assert new["regions"]["chapters"][0]["parameters"]["microdata"] == "data/synthetic/2020-H2"
    assert "parameters" not in new  # no released 2020-H1 to compare with
    for key in ("title", "author", "years"):  # the rest as in 2020-H1, to be checked by hand
        assert new[key] == old[key], key
    assert new["sources"][0] == old["sources"][0]  # the published figures stay until new ones are added
    assert new["sources"][1] == {**old["sources"][1], "pad": "data/synthetic/2020-H2"}
    assert [c["notebook"] for c in new["chapters"]] == [c["notebook"] for c in old["chapters"]]
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Edition 2020-H2, made from 2020-H1 by `voortgang edition new 2020-H2 --from 2020-H1`.")
    assert "# One factsheet per actielijn from one parameterised notebook (ids of" in text  # comments kept
    assert "&synthetic data/synthetic/2020-H2" in text and "microdata: *synthetic" in text
    edition = load_edition("2020-H2", path.parent)
    assert len(plan_chapters(edition, project_copy / "notebooks", path.parent)) == len(old["chapters"])
    assert not list((project_copy / "params").glob(".edition-new-*"))


def test_new_edition_compares_with_the_released_previous_one(project_copy, tmp_path):
    releases = tmp_path / "releases"
    _fake_release(releases, "2020-H1")
    made = new_edition("2020-H2", "2020-H1", root=project_copy, releases_dir=releases)
    assert made.previous == "2020-H1"
    editions = project_copy / "params" / "editions"
    new = yaml.safe_load((editions / "2020-H2.yaml").read_text(encoding="utf-8"))
    assert new["parameters"] == {"previous": "2020-H1"}
    runs = {r.output_id: r.parameters for r in plan_chapters(load_edition("2020-H2", editions),
                                                              project_copy / "notebooks", editions)}
    # edition-level parameters reach only the chapters that declare them: 80 and 95
    assert [k for k, p in runs.items() if p.get("previous") == "2020-H1"] == ["80-evaluatieagenda", "95-wijzigingen"]
    # the next one compares with 2020-H2 once that is released, else with nothing
    _fake_release(releases, "2020-H2")
    new_edition("2021-H1", "2020-H2", root=project_copy, releases_dir=releases)
    assert yaml.safe_load((editions / "2021-H1.yaml").read_text(encoding="utf-8"))["parameters"] == {
        "previous": "2020-H2"}
    new_edition("2021-H2", "2021-H1", root=project_copy, releases_dir=releases)
    assert "previous" not in yaml.safe_load((editions / "2021-H2.yaml").read_text(encoding="utf-8"))["parameters"]


def test_a_new_edition_that_does_not_validate_writes_nothing(project_copy, monkeypatch, tmp_path):
    before = files_under(project_copy)
    monkeypatch.setattr(scaffold, "edition_text", lambda *args: "edition: 2020-H2\ntitle: x\n")
    with pytest.raises(VoortgangError, match=r"2020-H2\.yaml"):
        new_edition("2020-H2", "2020-H1", root=project_copy, releases_dir=tmp_path)
    assert files_under(project_copy) == before
    assert not list((project_copy / "params").glob(".edition-new-*"))


@pytest.mark.parametrize(("target", "source", "message"), [
    ("2024-H3", "2020-H1", "argument 'NAME': '2024-H3' is not an edition name like 2024-H1 or 2024-H2"),
    ("2020-H2", "2020-h1", "argument '--from': '2020-h1' is not an edition name like 2024-H1 or 2024-H2"),
    ("2019-H2", "2020-H1", "argument 'NAME': 2019-H2 does not come after 2020-H1 (--from)"),
    ("2020-H1", "2020-H1", "argument 'NAME': 2020-H1 does not come after 2020-H1 (--from)"),
    ("2021-H1", "1999-H1", "unknown edition '1999-H1'; available editions: 2020-H1*"),
    ("x" * 5000, "2020-H1", "argument 'NAME': 'xxxxxxxxxxxxxxxx... (5000 characters)' is not an edition name like "
                            "2024-H1 or 2024-H2"),
])
def test_edition_new_refuses_bad_names_and_writes_nothing(project_copy, tmp_path, target, source, message):
    before = files_under(project_copy)
    with pytest.raises(VoortgangError) as info:
        new_edition(target, source, root=project_copy, releases_dir=tmp_path)
    assert _matches(message, str(info.value))
    assert files_under(project_copy) == before


def test_edition_new_refuses_an_existing_target_with_one_line_and_exit_2(project_copy):
    texts = project_copy / "params" / "tekst" / "2020-H2"
    texts.mkdir(parents=True)  # someone already wrote texts for 2020-H2
    before = files_under(project_copy)
    proc = run_cli(project_copy, "edition", "new", "2020-H2", "--from", "2020-H1")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip() == "fout: params/tekst/2020-H2: already exists; 2020-H2 is not made again"
    assert files_under(project_copy) == before
    assert not (project_copy / "params" / "editions" / "2020-H2.yaml").exists()


def test_edition_new_on_the_command_line(project_copy):
    proc = run_cli(project_copy, "edition", "new", "2020-H2", "--from", "2020-H1")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[:3] == [
        "editie 2020-H2 gemaakt vanuit 2020-H1:", "  params/editions/2020-H2.yaml", "  params/tekst/2020-H2"]
    assert "Bouwen: voortgang build --edition 2020-H2" in proc.stdout
    proc = run_cli(project_copy, "validate", "--edition", "2020-H2")
    assert proc.returncode == 0 and "2020-H2: 15 hoofdstukken, 25 soorten invoer in orde; 341 cijfers uit 1 bron" in proc.stdout


def test_region_init_writes_a_dutch_template_that_no_report_shows(project_copy):
    proc = run_cli(project_copy, "region", "init", "jz14")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "eigen tekst voor Twente (JZ14): params/tekst/2020-H1/regio-JZ14.md",
        "Bouwen: voortgang build --edition 2020-H1 --regions JZ14",
        "Rapport: reports/2020-H1/regio/JZ14/index.html",
    ]
    path = project_copy / "params" / "tekst" / "2020-H1" / "regio-JZ14.md"
    text = path.read_text(encoding="utf-8")
    assert "Eigen tekst voor de regiorapportage van Twente (JZ14), editie 2020-H1." in text
    assert "Wat zegt deze regiorapportage ons?" in text
    tekst = project_copy / "params" / "tekst"
    assert researcher_text("2020-H1", "regio-JZ14", tekst) is None  # only the note: nothing to show yet
    path.write_text(text + "\nIn Twente werken gemeenten samen in één inkoopregio.\n", encoding="utf-8")
    assert researcher_text("2020-H1", "regio-JZ14", tekst) == "In Twente werken gemeenten samen in één inkoopregio."


@pytest.mark.parametrize(("code", "edition", "message"), [
    ("JZ40", "2020-H1", "argument 'CODE': unknown region code 'JZ40' (jeugdregio's JZ01-JZ43, groupings: landsdelen, expertisenetwerken); "
                        "nearest valid codes: JZ43, JZ42, JZ41, JZ34, JZ30"),
    ("JZ14", "2030-H1", "unknown edition '2030-H1'; available editions: 2020-H1*"),
])
def test_region_init_refuses_unknown_codes_and_editions(tmp_path, code, edition, message):
    with pytest.raises(VoortgangError) as info:
        init_region(code, edition, tmp_path)
    assert _matches(message, str(info.value))
    assert files_under(tmp_path) == []


def test_region_init_never_overwrites_a_regions_own_words(project_copy):
    path = project_copy / "params" / "tekst" / "2020-H1" / "regio-JZ14.md"
    path.parent.mkdir(parents=True, exist_ok=True)  # 2020-H1 has its kanttekeningen there
    path.write_text("Onze eigen woorden.", encoding="utf-8")
    proc = run_cli(project_copy, "region", "init", "JZ14")
    assert proc.returncode == 2
    assert proc.stderr.strip() == ("fout: params/tekst/2020-H1/regio-JZ14.md: already exists; the region's own "
                                   "text is never overwritten")
    assert path.read_text(encoding="utf-8") == "Onze eigen woorden."
