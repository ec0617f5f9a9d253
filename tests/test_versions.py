"""Versioned edition outputs (issue 7, section 1): hashes, manifest, publish, atomicity, reproducibility."""

from __future__ import annotations

import base64
import errno
import hashlib
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import textwrap
from importlib import metadata
from pathlib import Path

import nbformat
import pytest

import analysis.pipeline.publish as versions
from analysis.errors import VoortgangError
from analysis.inputs.editions import load_edition
from analysis.inputs.figures import statline_snapshots
from analysis.inputs.releases import LATEST, read_manifest, resolve
from analysis.pipeline.manifest import (
    build_manifest,
    git_state,
    output_hashes,
    text_hashes,
)
from analysis.pipeline.publish import publish, staging_dir
from analysis.pipeline.render_cache import current_outputs, read_render_manifest, write_render_manifest
from helpers import copy_project, run_cli

EDITION = "2020-H1"
#: A 1x1 PNG (black pixel), written out so the test does not depend on matplotlib.
PNG_1X1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=="
)
TABLE = '<table class="voortgang-tabel"><caption>Kern</caption><tbody><tr><td>10,1%</td></tr></tbody></table>'


def _notebook(table: str = TABLE, *, when: str = "2020-05-01T10:00:00Z", count: int = 1) -> nbformat.NotebookNode:
    """An executed chapter: a markdown cell, a table, a figure and a warning on stderr."""
    nb = nbformat.v4.new_notebook(metadata={"papermill": {"start_time": when, "duration": count * 1.5}})
    cells = [
        nbformat.v4.new_markdown_cell("# Hoofdstuk"),
        nbformat.v4.new_code_cell("show_table(...)", execution_count=count, outputs=[
            nbformat.v4.new_output("display_data", data={"text/html": table}, metadata={"voortgang": {"protected": False}}),
            nbformat.v4.new_output("display_data", data={"text/markdown": "Van 10,4% naar 10,1%."}),
        ]),
        nbformat.v4.new_code_cell("show_figure(...)", execution_count=count + 1, outputs=[
            nbformat.v4.new_output("stream", name="stderr", text=f"warning at {when}\n"),
            nbformat.v4.new_output("display_data", data={"image/png": base64.b64encode(PNG_1X1).decode()},
                                   metadata={"image/png": {"alt": "Lijndiagram"}}),
        ]),
    ]
    for cell in cells[1:]:
        cell.metadata["execution"] = {"iopub.execute_input": when}
    nb.cells = cells
    return nb


def _staging(releases: Path, *, table: str = TABLE, when: str = "2020-05-01T10:00:00Z",
             extra: str | None = None) -> Path:
    """A finished build in a staging directory inside the edition's release folder (as a build makes it)."""
    staging = staging_dir(releases, EDITION)
    (staging / "notebooks").mkdir()
    nbformat.write(_notebook(table, when=when), staging / "notebooks" / "01-kern.ipynb")
    (staging / "index.html").write_text(f"<html>{table}</html>", encoding="utf-8")
    (staging / "data").mkdir()
    (staging / "data" / "figures.csv").write_text("indicator_id,value\nx,10.1\n", encoding="utf-8")
    if extra:
        (staging / extra).write_text("pdf", encoding="utf-8")
    return staging


def _manifest(when: str = "2020-05-01T10:00:00+00:00") -> dict:
    return {"edition": EDITION, "started": when, "finished": when, "renderer": {"name": "builtin", "pandoc": "3.9"}}


def _tree(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------- hashes


def test_output_hashes_keys_tables_and_figures_by_chapter_and_their_order(tmp_path):
    staging = _staging(tmp_path)
    hashes = output_hashes(staging)
    # the table is the first table or figure of the chapter, the figure the second (markdown and stderr do not count)
    assert list(hashes) == ["01-kern/output001", "01-kern/output002"]
    assert all(len(h) == 64 for h in hashes.values()) and len(set(hashes.values())) == 2


def test_output_hashes_do_not_depend_on_how_outputs_are_spread_over_cells(tmp_path):
    """A chapter moved from several cells into one (a thin notebook) keeps its keys and hashes."""
    spread = _notebook()
    one_cell = _notebook()
    one_cell.cells = [one_cell.cells[0], nbformat.v4.new_code_cell(
        "chapter.build()", outputs=[o for cell in spread.cells[1:] for o in cell.outputs])]
    for name, nb in (("spread", spread), ("one", one_cell)):
        (tmp_path / name / "notebooks").mkdir(parents=True)
        nbformat.write(nb, tmp_path / name / "notebooks" / "01-kern.ipynb")
    assert output_hashes(tmp_path / "spread") == output_hashes(tmp_path / "one")
    assert text_hashes(tmp_path / "spread") == text_hashes(tmp_path / "one")


def test_hashes_ignore_execution_metadata_times_and_counts(tmp_path):
    a = tmp_path / "a" / "notebooks"
    b = tmp_path / "b" / "notebooks"
    a.mkdir(parents=True)
    b.mkdir(parents=True)
    nbformat.write(_notebook(when="2020-05-01T10:00:00Z", count=1), a / "ch.ipynb")
    nbformat.write(_notebook(when="2021-11-30T23:59:59Z", count=7), b / "ch.ipynb")
    assert output_hashes(a.parent) == output_hashes(b.parent)
    assert text_hashes(a.parent) == text_hashes(b.parent)


def test_a_changed_table_changes_only_its_own_hash(tmp_path):
    a = output_hashes(_staging(tmp_path / "a"))
    b = output_hashes(_staging(tmp_path / "b", table=TABLE.replace("10,1%", "10,2%")))
    assert a["01-kern/output001"] != b["01-kern/output001"]
    assert a["01-kern/output002"] == b["01-kern/output002"]


def test_statline_sources_name_their_snapshot_by_pad():
    from analysis.inputs.editions import DataSource

    edition = load_edition(EDITION)
    ok = DataSource(naam="Jeugdhulp", soort="statline", versie="2021-03-26", pad="data/raw/statline/84134NED/2021-03-26")
    assert statline_snapshots(edition.model_copy(update={"sources": [*edition.sources, ok]})) == {"84134NED": "2021-03-26"}
    bad = DataSource(naam="Jeugdhulp", soort="statline", versie="maart 2021", pad="data/raw/84134NED.json")
    with pytest.raises(VoortgangError, match=r"params/editions/2020-H1\.yaml: source 'Jeugdhulp', key 'pad': a StatLine "
                                             r"source names its snapshot as data/raw/statline/<table>/<YYYY-MM-DD>"):
        statline_snapshots(edition.model_copy(update={"sources": [bad]}))


# ---------------------------------------------------------------- publish


def _dirs(tmp_path: Path) -> tuple[Path, Path, Path]:
    """releases/, reports/ and reports/<edition>/ of a throw-away project."""
    return tmp_path / "releases", tmp_path / "reports", tmp_path / "reports" / EDITION


def test_first_publish_makes_v1_latest_and_links_the_report(tmp_path):
    releases, _, report = _dirs(tmp_path)
    result = publish(_staging(releases), releases, EDITION, _manifest(), report_dir=report)
    edition_dir = releases / EDITION
    assert (result.version, result.created, result.path) == (1, True, edition_dir / "v1")
    assert os.readlink(edition_dir / LATEST) == "v1"
    assert read_manifest(edition_dir / "v1")["version"] == 1
    # the paths users and the README know (reports/<edition>/...) go through releases/<edition>/latest
    assert os.readlink(report / "index.html") == "../../releases/2020-H1/latest/index.html"
    assert (report / "index.html").read_text(encoding="utf-8") == f"<html>{TABLE}</html>"
    assert (report / "notebooks" / "01-kern.ipynb").is_file()
    assert sorted(p.name for p in edition_dir.iterdir()) == [".lock", "latest", "v1"]  # staging consumed


def test_same_content_again_makes_no_new_version(tmp_path):
    releases, _, report = _dirs(tmp_path)
    publish(_staging(releases), releases, EDITION, _manifest(), report_dir=report)
    # another build, hours later: other times in notebooks and manifest, same content
    staging = _staging(releases, when="2020-05-02T18:00:00Z")
    result = publish(staging, releases, EDITION, _manifest("2020-05-02T18:00:00+00:00"), report_dir=report)
    assert (result.version, result.created) == (1, False)
    assert "geen wijzigingen" in result.message
    assert versions.versions(releases / EDITION) == [1]
    assert not staging.exists()


def test_same_content_keeps_the_version_with_this_builds_render_key(tmp_path):
    """A build that rendered (its render key differed) but made the same content records its key in ``latest``:
    the next build with that key renders nothing (issue 15: "not refreshed when publishing finds no change")."""
    releases, _, report = _dirs(tmp_path)

    def rendered(key: str) -> Path:
        staging = _staging(releases)
        write_render_manifest(staging, key, {"html": staging / "index.html"})
        return staging

    publish(rendered("key-of-build-1"), releases, EDITION, _manifest(), report_dir=report)
    assert current_outputs(report, "key-of-build-2", ["html"]) is None
    result = publish(rendered("key-of-build-2"), releases, EDITION, _manifest(), report_dir=report)
    assert (result.version, result.created) == (1, False)
    assert current_outputs(report, "key-of-build-2", ["html"]) == {"html": report / "index.html"}
    assert read_render_manifest(releases / EDITION / "v1")["key"] == "key-of-build-2"
    assert sorted(p.name for p in (releases / EDITION).iterdir()) == [".lock", "latest", "v1"]


def test_changed_output_or_more_formats_make_the_next_version(tmp_path):
    releases, _, report = _dirs(tmp_path)
    publish(_staging(releases), releases, EDITION, _manifest(), report_dir=report)
    v1 = _tree(releases / EDITION / "v1")
    changed = publish(_staging(releases, table=TABLE.replace("10,1%", "10,3%")), releases, EDITION, _manifest(),
                      report_dir=report)
    assert (changed.version, changed.created) == (2, True)
    more = publish(_staging(releases, table=TABLE.replace("10,1%", "10,3%"), extra="rapport.pdf"), releases,
                   EDITION, _manifest(), report_dir=report)
    assert (more.version, more.created) == (3, True)
    assert os.readlink(releases / EDITION / LATEST) == "v3"
    assert (report / "rapport.pdf").read_text(encoding="utf-8") == "pdf"
    assert _tree(releases / EDITION / "v1") == v1  # earlier versions are never touched
    # a build without the pdf again: the link to it goes, v3 keeps its pdf
    publish(_staging(releases, table=TABLE.replace("10,1%", "10,3%")), releases, EDITION, _manifest(),
            report_dir=report)
    assert not os.path.lexists(report / "rapport.pdf")
    assert (releases / EDITION / "v3" / "rapport.pdf").is_file()


def test_cleaning_the_reports_keeps_every_release(tmp_path):
    """`make clean-reports` deletes reports/; releases/ stays, and the next build links it again."""
    releases, reports, report = _dirs(tmp_path)
    publish(_staging(releases), releases, EDITION, _manifest(), report_dir=report)
    publish(_staging(releases, table=TABLE.replace("10,1%", "10,3%")), releases, EDITION, _manifest(),
            report_dir=report)
    kept = _tree(releases)
    shutil.rmtree(reports)
    assert _tree(releases) == kept
    assert resolve("2020-H1", releases) == releases / EDITION / "v2"
    assert resolve("2020-H1/v1", releases) == releases / EDITION / "v1"
    again = publish(_staging(releases, table=TABLE.replace("10,1%", "10,3%")), releases, EDITION, _manifest(),
                    report_dir=report)
    assert (again.version, again.created) == (2, False)
    assert (report / "index.html").read_text(encoding="utf-8") == f"<html>{TABLE.replace('10,1%', '10,3%')}</html>"


def test_versions_of_the_old_layout_move_to_releases(tmp_path):
    """Versions an older build kept in reports/<edition>/vN are released, not lost."""
    releases, reports, report = _dirs(tmp_path)
    old = tmp_path / "old"
    publish(_staging(old), old, EDITION, _manifest())
    publish(_staging(old, table=TABLE.replace("10,1%", "10,2%")), old, EDITION, _manifest())
    report.parent.mkdir(parents=True)
    os.rename(old / EDITION, report)  # the old layout: reports/<edition>/{v1,v2,latest}, links through latest
    for name in ("index.html", "notebooks"):
        os.symlink(f"latest/{name}", report / name)
    v2 = _tree(report / "v2")
    result = publish(_staging(releases, table=TABLE.replace("10,1%", "10,2%")), releases, EDITION, _manifest(),
                     report_dir=report)
    assert (result.version, result.created) == (2, False)  # the same content as the adopted v2
    assert versions.versions(releases / EDITION) == [1, 2] and _tree(releases / EDITION / "v2") == v2
    assert sorted(p.name for p in report.iterdir()) == ["data", "index.html", "manifest.json", "notebooks"]
    assert os.readlink(report / "index.html") == "../../releases/2020-H1/latest/index.html"


def test_pre_versioning_report_directory_is_migrated(tmp_path):
    releases, _, old = _dirs(tmp_path)
    (old / "notebooks").mkdir(parents=True)
    (old / "index.html").write_text("oud", encoding="utf-8")
    (old / "notebooks" / "01-kern.ipynb").write_text("{}", encoding="utf-8")
    (old / "_book").mkdir()
    (old / "voortgangsrapportage-2020-H1.pdf").write_text("oud", encoding="utf-8")
    (old / "regio").mkdir()  # the regional reports live beside the links
    (old / "regio" / "index.html").write_text("regio's", encoding="utf-8")
    publish(_staging(releases), releases, EDITION, _manifest(), report_dir=old)
    assert os.readlink(old / "index.html") == "../../releases/2020-H1/latest/index.html"
    assert os.readlink(old / "notebooks") == "../../releases/2020-H1/latest/notebooks"
    assert not (old / "_book").exists() and not (old / "voortgangsrapportage-2020-H1.pdf").exists()
    assert (old / "regio" / "index.html").read_text(encoding="utf-8") == "regio's"
    assert (old / "index.html").read_text(encoding="utf-8") == f"<html>{TABLE}</html>"


@pytest.mark.parametrize("step", ["_move_version", "_point_latest"])
def test_failing_publish_leaves_previous_version_and_latest(tmp_path, monkeypatch, step):
    releases, _, report = _dirs(tmp_path)
    publish(_staging(releases), releases, EDITION, _manifest(), report_dir=report)
    before = _tree(releases / EDITION / "v1")

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(versions, step, disk_full)
    staging = _staging(releases, table=TABLE.replace("10,1%", "99%"))
    with pytest.raises(OSError, match="No space left"):
        publish(staging, releases, EDITION, _manifest(), report_dir=report)
    assert os.readlink(releases / EDITION / LATEST) == "v1"
    assert _tree(releases / EDITION / "v1") == before
    assert (report / "index.html").read_text(encoding="utf-8") == f"<html>{TABLE}</html>"
    assert versions.versions(releases / EDITION) == [1]  # a half-made v2 is removed
    assert not staging.exists()


_KILLED_PUBLISH = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from analysis.pipeline import publish as versions

    step, staging, releases, report = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
    real = getattr(versions, step)

    def stall(*args, **kwargs):
        print("READY", flush=True)
        time.sleep(120)
        real(*args, **kwargs)

    setattr(versions, step, stall)
    versions.publish(staging, releases, "2020-H1", {"renderer": {"name": "builtin"}}, report_dir=report)
    """
)


@pytest.mark.parametrize("step", ["_move_version", "_point_latest"])
def test_killed_publish_leaves_previous_version_and_latest(tmp_path, step):
    """SIGKILL before the rename, and between the rename and the switch of latest."""
    releases, _, report = _dirs(tmp_path)
    publish(_staging(releases), releases, EDITION, _manifest(), report_dir=report)
    before = _tree(releases / EDITION / "v1")
    staging = _staging(releases, table=TABLE.replace("10,1%", "99%"))
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_PUBLISH, step, str(staging), str(releases), str(report)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "READY", proc.stderr.read()
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
    assert os.readlink(releases / EDITION / LATEST) == "v1"
    assert _tree(releases / EDITION / "v1") == before
    assert (report / "index.html").read_text(encoding="utf-8") == f"<html>{TABLE}</html>"
    # the lock died with the process: the next build publishes normally
    result = publish(_staging(releases, table=TABLE.replace("10,1%", "10,5%")), releases, EDITION, _manifest(),
                     report_dir=report)
    assert result.created and os.readlink(releases / EDITION / LATEST) == f"v{result.version}"


# ---------------------------------------------------------------- manifest


def test_manifest_has_every_field_and_input_hashes_from_hashlib(tmp_path):
    fixture = tmp_path / "inputs" / "figures.csv"
    fixture.parent.mkdir()
    fixture.write_bytes(b"indicator_id,value\nverblijf,10.1\n")
    folder = tmp_path / "inputs" / "reference"
    folder.mkdir()
    (folder / "a.csv").write_bytes(b"a\n1\n")
    (folder / "b.csv").write_bytes(b"b\n2\n")
    staging = _staging(tmp_path / "reports")
    edition = load_edition(EDITION)
    from datetime import UTC, datetime

    started = datetime(2020, 5, 1, 10, 0, 0, tzinfo=UTC)
    manifest = build_manifest(edition, staging, inputs=[fixture, folder], renderer={"name": "builtin", "pandoc": "3.9"},
                              started=started, finished=datetime(2020, 5, 1, 10, 2, 30, tzinfo=UTC))
    for key in ("git", "parameters", "inputs", "python", "packages", "renderer", "started", "finished",
                "output_hashes", "text_hashes", "data_hashes"):
        assert key in manifest, key
    assert manifest["inputs"] == {
        fixture.as_posix(): hashlib.sha256(b"indicator_id,value\nverblijf,10.1\n").hexdigest(),
        (folder / "a.csv").as_posix(): hashlib.sha256(b"a\n1\n").hexdigest(),
        (folder / "b.csv").as_posix(): hashlib.sha256(b"b\n2\n").hexdigest(),
    }
    assert manifest["parameters"]["edition"] == EDITION and manifest["parameters"]["years"] == [2015, 2016, 2017, 2018, 2019]
    assert manifest["python"]["version"] == platform.python_version()
    assert manifest["packages"]["pandas"] == metadata.version("pandas")
    assert manifest["renderer"] == {"name": "builtin", "pandoc": "3.9"}
    assert (manifest["started"], manifest["finished"]) == ("2020-05-01T10:00:00+00:00", "2020-05-01T10:02:30+00:00")
    assert manifest["output_hashes"] == output_hashes(staging)
    assert manifest["data_hashes"] == {"data/figures.csv": hashlib.sha256(b"indicator_id,value\nx,10.1\n").hexdigest()}
    assert set(manifest["git"]) >= {"commit", "dirty"}
    json.dumps(manifest)  # JSON as it is


def test_git_state_of_a_repository_clean_and_dirty(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    (repo / "a.txt").write_text("a", encoding="utf-8")
    subprocess.run([*git, "add", "a.txt"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "a"], check=True)
    head = subprocess.run([*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()
    assert git_state(repo) == {"commit": head, "dirty": False}
    (repo / "b.txt").write_text("b", encoding="utf-8")
    assert git_state(repo) == {"commit": head, "dirty": True}


def test_git_state_without_repository_or_without_git(tmp_path, monkeypatch):
    outside = git_state(tmp_path)
    assert outside["commit"] is None and outside["dirty"] is None and outside["note"]
    monkeypatch.setenv("PATH", str(tmp_path))  # no git on PATH
    assert git_state(tmp_path) == {"commit": None, "dirty": None, "note": "git is not installed"}


# ---------------------------------------------------------------- the real edition, built twice


def _executed_copy(root: Path, dest: Path) -> Path:
    """Copy the executed notebooks of the edition into ``dest/notebooks`` (a report-like dir)."""
    shutil.copytree(root / "reports" / ".executed" / EDITION, dest / "notebooks")
    return dest


@pytest.mark.slow
def test_building_the_same_commit_twice_gives_identical_tables_figures_and_text(tmp_path):
    root = copy_project(tmp_path / "project")
    first = run_cli(root, "build", "--edition", EDITION, "--formats", "html", "--renderer", "builtin")
    assert first.returncode == 0, first.stderr
    a = _executed_copy(root, tmp_path / "a")
    second = run_cli(root, "build", "--edition", EDITION, "--formats", "html", "--renderer", "builtin", "--force")
    assert second.returncode == 0, second.stderr
    b = _executed_copy(root, tmp_path / "b")
    assert _tree(a) != _tree(b), "the second build must really execute again (times differ)"
    hashes = output_hashes(a)
    # every chapter has at least one table or figure, except "Wijzigingen": in the
    # first edition built with this system it is one sentence (its text is hashed below)
    chapters = {key.split("/")[0] for key in hashes}
    assert chapters == {p.stem for p in (a / "notebooks").glob("*.ipynb")} - {"95-wijzigingen"}
    assert hashes == output_hashes(b)
    assert text_hashes(a) == text_hashes(b)
