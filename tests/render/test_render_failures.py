"""A failure keeps the previous good output and names the chapter or format."""

from __future__ import annotations

from pathlib import Path

import pytest

import analysis.pipeline.render.offline as offline
from analysis.errors import VoortgangError
from analysis.pipeline.render.offline import render_offline


def _snapshot(paths: dict[str, Path]) -> dict[str, bytes]:
    return {fmt: path.read_bytes() for fmt, path in paths.items()}


def _no_leftovers(project_dir: Path) -> None:
    assert [p.name for p in project_dir.iterdir() if p.name.startswith(".")] == []


def test_broken_chapter_names_the_chapter_and_keeps_every_output(project_dir: Path) -> None:
    first = render_offline(project_dir, ["html", "docx"])
    before = _snapshot(first)
    (project_dir / "notebooks" / "02-verblijf.ipynb").write_text("{ niet af", encoding="utf-8")
    with pytest.raises(VoortgangError, match=r"chapter notebooks/02-verblijf\.ipynb: cannot convert"):
        render_offline(project_dir, ["html", "docx"])
    assert _snapshot(first) == before
    _no_leftovers(project_dir)


def test_failing_format_keeps_its_previous_file_and_writes_the_others(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = render_offline(project_dir, ["html", "pdf"])
    old_pdf = first["pdf"].read_bytes()
    index = project_dir / "index.qmd"
    index.write_text(index.read_text(encoding="utf-8") + "\nNIEUWE_ZIN in de inleiding.\n", encoding="utf-8")

    def broken_pdf(*args, **kwargs):
        raise RuntimeError("typst: error: simulated failure")

    monkeypatch.setitem(offline.WRITERS, "pdf", broken_pdf)
    with pytest.raises(VoortgangError, match=r"format 'pdf' failed \(RuntimeError: typst: error: simulated failure\); the previous voortgangsrapportage-2020-H1\.pdf is kept"):
        render_offline(project_dir, ["html", "pdf"])
    assert first["pdf"].read_bytes() == old_pdf
    assert "NIEUWE_ZIN" in first["html"].read_text(encoding="utf-8")
    _no_leftovers(project_dir)


def test_a_failure_before_any_output_leaves_nothing(project_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_html(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setitem(offline.WRITERS, "html", broken_html)
    with pytest.raises(VoortgangError, match=r"format 'html' failed \(OSError: disk full\)"):
        render_offline(project_dir, ["html"])
    assert not (project_dir / "index.html").exists()
    _no_leftovers(project_dir)
