"""The cache key and the cached fast path of execute_runs."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from execution_helpers import make_notebook, read, run_of

import analysis.pipeline.execution.cache as cache
import analysis.pipeline.execution.pool as pool
from analysis.errors import VoortgangError
from analysis.pipeline.execution.cache import (
    InputHasher,
    cache_key,
    canonical_json,
    key_parts,
    stale_reason,
)
from analysis.pipeline.execution.runner import execute_runs

# --- the key (pure) -------------------------------------------------------------


def test_cache_key_is_sha256_of_sorted_compact_json():
    parts = {"b": 1, "a": [1, 2], "c": {"z": "é", "y": None}}
    by_hand = '{"a":[1,2],"b":1,"c":{"y":null,"z":"é"}}'
    assert canonical_json(parts) == by_hand
    assert cache_key(parts) == hashlib.sha256(by_hand.encode("utf-8")).hexdigest()
    assert cache_key({"c": {"y": None, "z": "é"}, "a": [1, 2], "b": 1}) == cache_key(parts)


def test_non_json_parameter_never_collides_with_its_text():
    assert canonical_json({"d": dt.date(2020, 1, 1)}) == '{"d":{"__repr__":"datetime.date(2020, 1, 1)"}}'
    assert cache_key({"d": dt.date(2020, 1, 1)}) != cache_key({"d": "2020-01-01"})


def test_key_parts_hold_notebook_parameters_inputs_code_and_versions(tmp_path):
    nb = tmp_path / "nb.ipynb"
    nb.write_bytes(b'{"cells": []}')
    parts = key_parts(nb, {"jaar": 2019}, {"data/x.csv": "abc"})
    assert parts["notebook"] == hashlib.sha256(b'{"cells": []}').hexdigest()
    assert parts["parameters"] == {"jaar": 2019}
    assert parts["inputs"] == {"data/x.csv": "abc"}
    assert parts["format"] == cache.KEY_FORMAT
    assert len(parts["code"]) == 64
    assert parts["python"].split()[-1].startswith("3.11")
    assert set(parts["libraries"]) == set(cache.KEY_LIBRARIES)


def test_input_hasher_hashes_files_and_directories_and_names_a_missing_input(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.csv").write_bytes(b"a\n1\n")
    (tmp_path / "b.csv").write_bytes(b"b\n")
    hashes = InputHasher().inputs([tmp_path / "d", tmp_path / "b.csv"], "run 'r1'")
    assert sorted(hashes.values()) == sorted(
        [hashlib.sha256(b"a\n1\n").hexdigest(), hashlib.sha256(b"b\n").hexdigest()]
    )
    with pytest.raises(VoortgangError, match=r"run 'r1': input file .*missing\.csv does not exist"):
        InputHasher().inputs([tmp_path / "missing.csv"], "run 'r1'")


def test_stale_reason_names_what_changed():
    old = cache.CacheEntry(
        key="k1", output="o", output_sha256="h", parts={"parameters": {"a": 1}, "inputs": {"x.csv": "1", "y.csv": "2"}}
    )
    new = {"parameters": {"a": 2}, "inputs": {"x.csv": "1", "y.csv": "3"}}
    assert stale_reason(old, new, "k2") == "veranderd: parameters, inputs (y.csv)"
    assert stale_reason(None, new, "k2") == "niet in de cache"
    assert stale_reason(old, new, "k1") == "uitvoer ontbreekt of is veranderd"


# --- bad input -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("runs", "jobs", "message"),
    [
        (lambda nb: [run_of("a", nb)], 0, r"argument 'jobs': must be at least 1, got 0"),
        (lambda nb: [run_of("a", nb), run_of("a", nb)], 1, r"run 'a': duplicate output id"),
        (lambda nb: [run_of("a/b", nb)], 1, r"run 'a/b': output id must be"),
        (lambda nb: [run_of("a", nb.with_name("weg.ipynb"))], 1, r"run 'a': notebook .*weg\.ipynb does not exist"),
    ],
)
def test_bad_arguments_raise_before_anything_is_written(tmp_path, runs, jobs, message):
    nb = make_notebook(tmp_path / "nb.ipynb", "x")
    with pytest.raises(VoortgangError, match=message):
        execute_runs(runs(nb), tmp_path / "out", jobs=jobs, cache_dir=tmp_path / "cache", progress=False)
    assert not (tmp_path / "out").exists() and not (tmp_path / "cache").exists()


def test_missing_input_names_the_run_and_file(tmp_path):
    nb = make_notebook(tmp_path / "nb.ipynb", "x")
    with pytest.raises(VoortgangError, match=r"run 'a': input file .*geen\.csv does not exist"):
        execute_runs(
            [run_of("a", nb)], tmp_path / "out", cache_dir=tmp_path / "cache",
            inputs=lambda run: [tmp_path / "geen.csv"], progress=False,
        )


# --- incremental execution ---------------------------------------------------------


@pytest.mark.slow
def test_only_what_changed_is_executed_again(tmp_path, pool2, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    (data / "noord.csv").write_text("aandeel\n0.25\n")
    (data / "zuid.csv").write_text("aandeel\n0.50\n")
    nb1 = make_notebook(tmp_path / "nb" / "regio.ipynb", "import pandas as pd\npd.read_csv(bron)", parameters="bron = ''")
    nb2 = make_notebook(tmp_path / "nb" / "regio2.ipynb", "import pandas as pd\npd.read_csv(bron)", parameters="bron = ''")
    runs = [
        run_of("noord", nb1, bron=str(data / "noord.csv")),
        run_of("zuid", nb2, bron=str(data / "zuid.csv")),
    ]
    inputs = {"noord": [data / "noord.csv"], "zuid": [data / "zuid.csv"]}
    out, cache_dir = tmp_path / "out", tmp_path / "cache"

    def build(runs=runs, **kw):
        return execute_runs(
            runs, out, cache_dir=cache_dir, inputs=lambda r: inputs[r.output_id], pool=pool2, progress=False, **kw
        )

    def statuses(summary):
        return {r.output_id: r.status for r in summary.results}

    first = build()
    assert statuses(first) == {"noord": "executed", "zuid": "executed"}
    assert {r.reason for r in first.results} == {"niet in de cache"}
    assert "0.25" in read(out / "noord.ipynb").cells[-1].outputs[0].data["text/plain"]
    entry = json.loads((cache_dir / "noord.json").read_text())
    assert entry["output_sha256"] == hashlib.sha256((out / "noord.ipynb").read_bytes()).hexdigest()
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    # Nothing changed: every run cached, and no kernel pool is even made.
    def no_pool(*args, **kwargs):
        raise AssertionError("a kernel pool was made although every run is cached")

    with monkeypatch.context() as m:
        m.setattr(pool, "KernelPool", no_pool)
        again = execute_runs(
            runs, out, cache_dir=cache_dir, inputs=lambda r: inputs[r.output_id], progress=False
        )
    assert statuses(again) == {"noord": "cached", "zuid": "cached"}
    assert again.kernels_started == 0 and again.ok
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before

    # One parameter, one input file, one notebook: only the run concerned.
    (data / "zuid2.csv").write_text("aandeel\n0.75\n")
    inputs["zuid"] = [data / "zuid2.csv"]
    changed = build([runs[0], run_of("zuid", nb2, bron=str(data / "zuid2.csv"))])
    assert statuses(changed) == {"noord": "cached", "zuid": "executed"}
    assert changed["zuid"].reason.startswith("veranderd: parameters, inputs (")
    assert "0.75" in read(out / "zuid.ipynb").cells[-1].outputs[0].data["text/plain"]
    inputs["zuid"] = [data / "zuid.csv"]

    (data / "noord.csv").write_text("aandeel\n0.30\n")
    assert statuses(build()) == {"noord": "executed", "zuid": "executed"}  # zuid: parameter back
    assert statuses(build()) == {"noord": "cached", "zuid": "cached"}

    make_notebook(nb2, "import pandas as pd\npd.read_csv(bron).round(1)", parameters="bron = ''")
    summary = build()
    assert statuses(summary) == {"noord": "cached", "zuid": "executed"}
    assert summary["zuid"].reason == "veranderd: notebook"

    # The code of the analysis package is part of the key.
    monkeypatch.setattr(cache, "code_hash", lambda: "0" * 64)
    summary = build()
    assert statuses(summary) == {"noord": "executed", "zuid": "executed"}
    assert summary["noord"].reason == "veranderd: code"

    # A deleted or edited output is executed again; force executes everything.
    (out / "noord.ipynb").unlink()
    (out / "zuid.ipynb").write_text((out / "zuid.ipynb").read_text().replace("0.5", "0.9"))
    assert statuses(build()) == {"noord": "executed", "zuid": "executed"}
    forced = build(force=True)
    assert statuses(forced) == {"noord": "executed", "zuid": "executed"}
    assert {r.reason for r in forced.results} == {"--force"}


def test_atomic_write_gives_a_readable_file(tmp_path):
    import stat

    from analysis.pipeline.execution.cache import atomic_write

    path = tmp_path / "x.ipynb"
    atomic_write(path, b"{}")
    assert path.read_bytes() == b"{}"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # shared reports, not private temp files
