"""The typer command behind `voortgang data fetch` (registered by the CLI module)."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

import analysis.inputs.statline.snapshot as snapshot
from analysis.errors import VoortgangError


def _app() -> typer.Typer:
    from analysis.pipeline.cli import app

    return app


def test_fetch_command_writes_snapshots(tmp_path, feed, monkeypatch):
    monkeypatch.setattr(snapshot, "_urlopen", feed())
    result = CliRunner().invoke(
        _app(), ["data", "fetch", "99999NED", "84799NED", "--out-dir", str(tmp_path), "--date", "2021-03-26"]
    )
    assert result.exit_code == 0, result.output
    assert f"snapshot written: {tmp_path / '99999NED' / '2021-03-26'}" in result.output
    assert (tmp_path / "84799NED" / "2021-03-26" / "manifest.json").is_file()


def test_fetch_command_failure_is_a_user_error(tmp_path, feed, http_error, monkeypatch):
    monkeypatch.setattr(snapshot, "_urlopen", feed(failures={"$skip=7": [http_error(500)] * 2}))
    monkeypatch.setattr(snapshot.time, "sleep", lambda s: None)
    result = CliRunner().invoke(
        _app(), ["data", "fetch", "99999NED", "--out-dir", str(tmp_path), "--retries", "2"]
    )
    # analysis.pipeline.cli.main turns this VoortgangError into one line on stderr and exit code 2
    assert isinstance(result.exception, VoortgangError)
    assert "StatLine table 99999NED" in str(result.exception)
    assert not (tmp_path / "99999NED").exists()
