"""Places for people's words (issue 14): the Beschouwing in every edition, and no definitief build while a
required text is still a placeholder; a concept and a definitief build are different versions."""

from __future__ import annotations

from pathlib import Path

import yaml

from analysis.chapters import beschouwing
from analysis.inputs.editions import load_edition
from analysis.inputs.texts import placeholder_texts, required_texts
from analysis.pipeline.manifest import fingerprint
from helpers import copy_project, run_cli


def test_required_texts_are_the_beschouwing_and_the_editions_list():
    edition = load_edition("2024-H1").model_copy(update={"verplichte_teksten": ("maatregelen", "beschouwing")})
    assert required_texts(edition) == ("beschouwing", "maatregelen")


def test_a_text_with_only_notes_is_a_placeholder(tmp_path):
    edition = load_edition("2024-H1").model_copy(update={"verplichte_teksten": ("maatregelen",)})
    folder = tmp_path / "2024-H1"
    folder.mkdir()
    (folder / "beschouwing.md").write_text("<!-- schrijf hier de beschouwing -->\n\n", encoding="utf-8")
    assert placeholder_texts(edition, tmp_path) == [folder / "beschouwing.md", folder / "maatregelen.md"]
    (folder / "beschouwing.md").write_text("Wat ons opvalt: de cijfers stijgen.\n", encoding="utf-8")
    (folder / "maatregelen.md").write_text("Over de maatregelen.\n", encoding="utf-8")
    assert placeholder_texts(edition, tmp_path) == []


def test_a_concept_says_where_the_beschouwing_goes():
    text = beschouwing.section("2024-H1")
    assert text.startswith("## Beschouwing\n")
    assert "Nog te schrijven: de beschouwing van de onderzoekers (params/tekst/2024-H1/beschouwing.md)" in text


def test_definitief_is_refused_while_a_text_is_a_placeholder_and_accepted_once_written(tmp_path):
    root = copy_project(tmp_path / "project")
    path = root / "params" / "editions" / "2024-H1.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(path.read_text(encoding="utf-8") + "status: definitief\nverplichte_teksten: [maatregelen]\n",
                    encoding="utf-8")
    proc = run_cli(root, "validate", "--edition", "2024-H1")
    assert proc.returncode == 2, proc.stdout
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "2024-H1.yaml: key 'status': definitief, but params/tekst/2024-H1/beschouwing.md is still a " \
           "placeholder (missing or only notes) (and 1 more)" in lines[0]
    texts = root / "params" / "tekst" / doc["edition"]
    texts.mkdir(parents=True, exist_ok=True)
    (texts / "beschouwing.md").write_text("Onze beschouwing.\n", encoding="utf-8")
    (texts / "maatregelen.md").write_text("Over de maatregelen.\n", encoding="utf-8")
    proc = run_cli(root, "validate", "--edition", "2024-H1")
    assert proc.returncode == 0, proc.stderr


def _version(folder: Path, concept: bool) -> Path:
    folder.mkdir(parents=True)
    (folder / "index.html").write_text("<p>rapport</p>\n", encoding="utf-8")
    (folder / "_quarto.yml").write_text(yaml.safe_dump({"book": {"title": "x"}, "concept": concept}),
                                        encoding="utf-8")
    return folder


def test_concept_and_definitief_of_the_same_content_are_two_versions(tmp_path):
    concept = fingerprint(_version(tmp_path / "a", True), {})
    final = fingerprint(_version(tmp_path / "b", False), {})
    assert concept != final
    assert final == fingerprint(_version(tmp_path / "c", False), {})


def test_a_new_edition_of_a_definitief_one_starts_as_a_concept():
    from analysis.pipeline.scaffold import edition_text

    text = (Path(__file__).parents[1] / "params" / "editions" / "2024-H1.yaml").read_text(encoding="utf-8")
    new = yaml.safe_load(edition_text(text + "status: definitief\n", "2024-H1", "2024-H2", None, set()))
    assert new["status"] == "concept"
    assert "status" not in yaml.safe_load(edition_text(text, "2024-H1", "2024-H2", None, set()))
