"""Reading the book project (_quarto.yml) for the built-in renderer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from report_project import OUTPUT_STEM, TITLE

from analysis.errors import VoortgangError
from analysis.pipeline.render.offline import output_paths, render_offline
from analysis.pipeline.render.project import (
    BookChapter,
    Part,
    display_date,
    load_project,
    slugify,
)


def _edit_yml(root: Path, change) -> None:
    path = root / "_quarto.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_project_reads_front_matter_parts_and_chapters(project_dir: Path) -> None:
    project = load_project(project_dir)
    assert project.title == TITLE
    assert project.date == "mei 2020"
    assert project.lang == "nl"
    assert project.authors == ("Programma Zorg voor de Jeugd",)
    kinds = [type(item).__name__ for item in project.contents]
    assert kinds == ["BookChapter", "Part", "BookChapter", "BookChapter"]
    assert project.contents[1] == Part("Voortgang per actielijn")
    assert [c.path.name for c in project.chapters] == ["index.qmd", "01-cijfers.ipynb", "02-verblijf.ipynb"]
    assert len({c.key for c in project.chapters}) == 3
    assert project.options["pdf"]["papersize"] == "a4"  # from format.typst


def test_outputs_are_named_after_output_file(project_dir: Path) -> None:
    paths = output_paths(load_project(project_dir), ["html", "docx", "pdf"])
    assert paths == {
        "html": project_dir / "index.html",
        "docx": project_dir / f"{OUTPUT_STEM}.docx",
        "pdf": project_dir / f"{OUTPUT_STEM}.pdf",
    }


def test_without_output_file_the_title_slug_is_used(project_dir: Path) -> None:
    _edit_yml(project_dir, lambda d: d["book"].pop("output-file"))
    assert load_project(project_dir).output_stem == "voortgangsrapportage-zorg-voor-de-jeugd"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Voortgangsrapportage Zorg voor de Jeugd", "voortgangsrapportage-zorg-voor-de-jeugd"),
        ("Cliëntervaring & één rapport (2020)", "clientervaring-een-rapport-2020"),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize(
    ("value", "shown"),
    [("2020-05", "mei 2020"), ("2019-11", "november 2019"), (dt.date(2020, 5, 15), "15 mei 2020"), ("voorjaar 2020", "voorjaar 2020")],
)
def test_display_date(value: object, shown: str) -> None:
    assert display_date(value) == shown


def test_missing_project_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(VoortgangError, match=r"_quarto\.yml: file not found"):
        load_project(tmp_path)


def test_missing_chapters_key_is_named(project_dir: Path) -> None:
    _edit_yml(project_dir, lambda d: d["book"].pop("chapters"))
    with pytest.raises(VoortgangError, match=r"_quarto\.yml: key 'book\.chapters': expected a non-empty list"):
        load_project(project_dir)


def test_the_notice_and_keywords_are_read_and_bad_keywords_named(project_dir: Path) -> None:
    _edit_yml(project_dir, lambda d: d.update({"abstract": "Bevat synthetische data.", "abstract-title": "Let op",
                                               "keywords": "jeugdhulp"}))
    project = load_project(project_dir)
    assert (project.notice, project.notice_title, project.keywords) == (
        "Bevat synthetische data.", "Let op", ("jeugdhulp",))
    _edit_yml(project_dir, lambda d: d.update({"keywords": {"a": 1}}))
    with pytest.raises(VoortgangError, match=r"_quarto\.yml: key 'keywords' must be a text or a list of texts"):
        load_project(project_dir)


def test_missing_title_is_named(project_dir: Path) -> None:
    _edit_yml(project_dir, lambda d: d["book"].pop("title"))
    with pytest.raises(VoortgangError, match=r"key 'book\.title': missing"):
        load_project(project_dir)


def test_missing_chapter_file_names_entry_and_file(project_dir: Path) -> None:
    (project_dir / "notebooks" / "02-verblijf.ipynb").unlink()
    with pytest.raises(VoortgangError, match=r"key 'book\.chapters\[1\]\.chapters\[1\]': chapter file .*02-verblijf\.ipynb does not exist"):
        load_project(project_dir)


def test_wrong_chapter_type_is_named(project_dir: Path) -> None:
    _edit_yml(project_dir, lambda d: d["book"]["chapters"].append("data.csv"))
    with pytest.raises(VoortgangError, match=r"key 'book\.chapters\[2\]': 'data\.csv' is not a chapter file"):
        load_project(project_dir)


def test_unknown_format_argument_is_named(project_dir: Path) -> None:
    with pytest.raises(VoortgangError, match=r"argument 'formats': .*'epub'"):
        render_offline(project_dir, ["html", "epub"])
    assert not (project_dir / "index.html").exists()


def test_chapter_is_notebook() -> None:
    assert BookChapter(Path("a/01-x.ipynb"), "ch01").is_notebook
    assert not BookChapter(Path("index.qmd"), "ch00").is_notebook
