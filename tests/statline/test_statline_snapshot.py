"""Fetching snapshots (fake opener, no network) and reading them offline."""

from __future__ import annotations

import hashlib
import json
import urllib.error

import pandas as pd
import pytest

from analysis.errors import VoortgangError
from analysis.inputs.statline.snapshot import fetch, read_snapshot, snapshot_dates

FEED = "https://opendata.cbs.nl/ODataFeed/odata/"
PAGE2 = f"{FEED}99999NED/TypedDataSet?$format=json&$skip=7"


def _fetch(tmp_path, opener, waits=None, table="99999NED", date="2020-11-02", **kw):
    return fetch(table, out_dir=tmp_path, date=date, opener=opener,
                 sleep=(waits.append if waits is not None else lambda s: None), **kw)


def test_fetch_writes_every_endpoint_with_manifest(tmp_path, feed):
    opener = feed()
    [snap] = _fetch(tmp_path, opener)
    assert snap == tmp_path / "99999NED" / "2020-11-02"
    names = sorted(p.name for p in snap.iterdir())
    assert names == ["DataProperties.json", "Leeftijd.json", "Perioden.json", "RegioS.json",
                     "TableInfos.json", "TypedDataSet.json", "manifest.json"]
    manifest = json.loads((snap / "manifest.json").read_text())
    assert manifest["table_id"] == "99999NED"
    assert manifest["source"] == f"{FEED}99999NED/"
    assert manifest["cbs_modified"] == "2020-10-30T02:00:00"
    assert manifest["retrieved_at"].endswith("+00:00")
    data = manifest["files"]["TypedDataSet.json"]
    assert data["url"] == f"{FEED}99999NED/TypedDataSet?$format=json"
    assert (data["pages"], data["rows"]) == (2, 12)  # 7 rows on page 1, 5 on page 2
    for name, entry in manifest["files"].items():
        assert hashlib.sha256((snap / name).read_bytes()).hexdigest() == entry["sha256"]
    # both pages were requested, page 2 through odata.nextLink
    assert PAGE2 in opener.requests
    assert not [p for p in (tmp_path / "99999NED").iterdir() if p.name.startswith(".")]


def test_snapshot_files_are_read_only(tmp_path, feed):
    [snap] = _fetch(tmp_path, feed())
    assert all(not (p.stat().st_mode & 0o222) for p in snap.iterdir())


def test_read_snapshot_round_trip(tmp_path, feed, parsed_99999):
    _fetch(tmp_path, feed())
    table = read_snapshot("99999NED", root=tmp_path)
    assert table.snapshot == "2020-11-02"
    pd.testing.assert_frame_equal(table.data, parsed_99999.data)


def test_failure_on_page_2_leaves_no_snapshot(tmp_path, feed, http_error):
    opener = feed(failures={"$skip=7": [http_error(503)] * 3})
    waits: list[float] = []
    with pytest.raises(VoortgangError) as err:
        _fetch(tmp_path, opener, waits, retries=3, backoff_s=1.0)
    message = str(err.value)
    assert message.startswith("StatLine table 99999NED: ")
    assert PAGE2 in message
    assert "HTTP 503" in message and "after 3 attempt(s)" in message
    assert "no snapshot was written" in message
    assert waits == [1.0, 2.0]  # exponential backoff between the 3 attempts
    assert not (tmp_path / "99999NED").exists()


def test_failure_keeps_other_snapshots_of_the_table(tmp_path, feed, http_error):
    _fetch(tmp_path, feed(), date="2020-05-01")
    with pytest.raises(VoortgangError):
        _fetch(tmp_path, feed(failures={"$skip=7": [http_error(502)] * 3}), date="2020-11-02")
    assert snapshot_dates("99999NED", tmp_path) == ["2020-05-01"]
    assert sorted(p.name for p in (tmp_path / "99999NED").iterdir()) == ["2020-05-01"]


def test_transient_errors_are_retried(tmp_path, feed, http_error):
    opener = feed(failures={
        "$skip=7": [TimeoutError("timed out")],
        "DataProperties": [urllib.error.URLError("connection reset"), b'{"value": [ {"Key": "Perio'],
    })
    waits: list[float] = []
    [snap] = _fetch(tmp_path, opener, waits, retries=3, backoff_s=0.5)
    assert waits == [0.5, 1.0, 0.5]  # DataProperties (fetched first): two retries; page 2: one
    assert json.loads((snap / "manifest.json").read_text())["files"]["TypedDataSet.json"]["rows"] == 12


@pytest.mark.parametrize(
    ("failure", "reason"),
    [
        (TimeoutError("timed out"), "TimeoutError"),
        (b"<html>Service Unavailable</html>", "broken page"),
        (b'{"odata.metadata": "x"}', "no 'value' list"),
    ],
)
def test_persistent_failures_give_a_clear_message(tmp_path, feed, failure, reason):
    opener = feed(failures={"Perioden": [failure] * 2})
    with pytest.raises(VoortgangError, match=r"StatLine table 99999NED: .*Perioden\?\$format=json failed after 2") as err:
        _fetch(tmp_path, opener, retries=2)
    assert reason in str(err.value)
    assert not (tmp_path / "99999NED").exists()


def test_client_errors_are_not_retried(tmp_path, feed, http_error):
    opener = feed(failures={"TableInfos": [http_error(404)]})
    with pytest.raises(VoortgangError, match=r"StatLine table 99999NED: HTTP 404 for .*99999NED/TableInfos"):
        _fetch(tmp_path, opener, retries=3)
    assert len(opener.requests) == 1


def test_existing_snapshot_is_never_overwritten(tmp_path, feed):
    [snap] = _fetch(tmp_path, feed())
    before = {p.name: p.read_bytes() for p in snap.iterdir()}
    opener = feed()
    with pytest.raises(VoortgangError, match=r"99999NED/2020-11-02 already exists; snapshots are never changed"):
        _fetch(tmp_path, opener)
    assert opener.requests == []  # checked before any download
    assert {p.name: p.read_bytes() for p in snap.iterdir()} == before


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"table_ids": "jeugd"}, "argument table_ids: 'jeugd' is not a StatLine table id"),
        ({"table_ids": []}, "argument table_ids: give at least one"),
        ({"table_ids": "99999NED", "date": "2-11-2020"}, "argument date: '2-11-2020' is not of the form YYYY-MM-DD"),
        ({"table_ids": "99999NED", "retries": 0}, "argument retries: 0 must be at least 1"),
    ],
)
def test_bad_arguments(tmp_path, feed, kwargs, message):
    with pytest.raises(VoortgangError, match=message):
        fetch(out_dir=tmp_path, opener=feed(), **kwargs)


def test_several_tables(tmp_path, feed):
    snaps = fetch(["99999NED", "84799NED"], out_dir=tmp_path, date="2021-03-26", opener=feed())
    assert [s.parent.name for s in snaps] == ["99999NED", "84799NED"]
    kwb = read_snapshot("84799NED", "2021-03-26", root=tmp_path)
    assert "GM0363" in set(kwb.data["WijkenEnBuurten_code"])


def test_newest_snapshot_by_default(tmp_path, feed):
    _fetch(tmp_path, feed(), date="2020-05-01")
    _fetch(tmp_path, feed(), date="2020-11-02")
    assert read_snapshot("99999NED", root=tmp_path).snapshot == "2020-11-02"
    assert read_snapshot("99999NED", "2020-05-01", root=tmp_path).snapshot == "2020-05-01"
    with pytest.raises(VoortgangError, match=r"no snapshot dated '2019-01-01'; available: 2020-05-01, 2020-11-02"):
        read_snapshot("99999NED", "2019-01-01", root=tmp_path)


def test_no_snapshot_at_all(tmp_path):
    with pytest.raises(VoortgangError, match=r"no snapshot of StatLine table 84134NED .*voortgang data fetch 84134NED"):
        read_snapshot("84134NED", root=tmp_path)


def test_edited_snapshot_is_refused(tmp_path, feed):
    [snap] = _fetch(tmp_path, feed())
    target = snap / "TypedDataSet.json"
    target.chmod(0o644)
    target.write_text(target.read_text().replace("42770", "42771"))
    with pytest.raises(VoortgangError, match=r"TypedDataSet.json: sha256 differs from manifest.json"):
        read_snapshot("99999NED", root=tmp_path)


def test_missing_file_is_refused(tmp_path, feed):
    [snap] = _fetch(tmp_path, feed())
    (snap / "RegioS.json").unlink()
    with pytest.raises(VoortgangError, match=r"RegioS.json: listed in manifest.json but missing"):
        read_snapshot("99999NED", root=tmp_path)


def test_broken_manifest_is_refused(tmp_path, feed):
    [snap] = _fetch(tmp_path, feed())
    manifest = snap / "manifest.json"
    manifest.chmod(0o644)
    manifest.write_text("{")
    with pytest.raises(VoortgangError, match=r"manifest.json: not a snapshot manifest"):
        read_snapshot("99999NED", root=tmp_path)
