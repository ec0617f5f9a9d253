"""The synthetic population: determinism, structure, arguments, atomic output, CLI."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

import analysis.inputs.synthetic.write as synth_write
from analysis.config import SEED_VGR4_FIGURES, SYNTH_PARAMS, SYNTHETIC_DIR
from analysis.errors import VoortgangError
from analysis.inputs.microdata.dates import age_at
from analysis.inputs.microdata.load import load_microdata
from analysis.inputs.microdata.schema import JEUGDREGIO, TABLES
from analysis.inputs.synthetic import generate, load_params, parse_years
from analysis.inputs.synthetic.params import SYNTHETIC_KEY
from analysis.pipeline.cli import app as voortgang_app


@pytest.fixture(scope="module")
def small_params():
    # three chunks for 2,500 persons, so chunking itself is exercised
    return load_params().model_copy(update={"chunk_size": 1000})


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_same_seed_gives_byte_identical_files(tmp_path, small_params):
    generate(2500, (2015, 2019), 11, tmp_path / "a", small_params)
    generate(2500, (2015, 2019), 11, tmp_path / "b", small_params)
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert sorted(a) == sorted([f"{t}.parquet" for t in TABLES] + ["synthetic.json"])
    assert a == b
    generate(2500, (2015, 2019), 12, tmp_path / "c", small_params)
    assert _files(tmp_path / "c")["jeugdhulp.parquet"] != a["jeugdhulp.parquet"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory, small_params):
    out = tmp_path_factory.mktemp("synth")
    manifest = generate(2500, (2015, 2019), 3, out, small_params)
    return out, manifest, load_microdata(out)


def test_output_loads_with_validation_and_is_marked_synthetic(generated):
    out, manifest, t = generated
    assert t.synthetic and t.coverage == (2015, 2019)
    assert manifest["notice"].startswith("synthetische data")
    for name in TABLES:
        assert manifest["files"][f"{name}.parquet"]["rows"] == len(getattr(t, name))
    import pyarrow.parquet as pq

    assert pq.read_schema(out / "persons.parquet").metadata[SYNTHETIC_KEY] == b"true"


def test_population_structure(generated):
    _, _, t = generated
    p = t.persons
    assert p["person_id"].tolist() == list(range(1, 2501))
    # everyone is 0-22 on 31 December of some observation year: born 1993-2019
    assert p["birth_month"].dt.year.between(2015 - 22, 2019).all()
    assert (p["birth_month"].dt.day == 1).all()
    assert set(t.residence["jeugdregio"].astype(str)) <= set(JEUGDREGIO)
    assert t.residence["gemeente"].isna().all()  # no gemeente: the mapping is not invented
    # one region per person for all years
    assert (t.residence.groupby("person_id")["jeugdregio"].nunique() == 1).all()
    # outcomes only for ages 18-19 on 31 December of their year
    o = t.outcomes.merge(p[["person_id", "birth_month"]], on="person_id")
    dec31 = pd.to_datetime(o["year"].astype(str) + "-12-31").to_numpy("datetime64[s]")
    assert set(np.unique(age_at(o["birth_month"], dec31))) <= {18, 19}
    # jeugdhulp starts before 18; later care is verlengde jeugdhulp only
    jh = t.jeugdhulp.merge(p[["person_id", "birth_month"]], on="person_id")
    assert (age_at(jh["birth_month"], jh["start_date"]) < 18).all()


def test_records_stop_at_death_or_emigration(generated):
    _, _, t = generated
    p = t.persons.set_index("person_id")
    exit_date = p["death_date"].fillna(p["emigration_date"])
    jh = t.jeugdhulp.join(exit_date.rename("exit"), on="person_id")
    gone = jh["exit"].notna()
    assert (jh.loc[gone, "start_date"] <= jh.loc[gone, "exit"]).all()
    assert (jh.loc[gone & jh["end_date"].notna(), "end_date"] <= jh.loc[gone & jh["end_date"].notna(), "exit"]).all()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda out: generate(0, (2015, 2019), 1, out), r"--persons 0: expected a positive whole number"),
        (lambda out: generate(10, (2015, 2019), -1, out), r"--seed -1: expected a whole number >= 0"),
        (lambda out: parse_years("2019-2015"), r"--years '2019-2015': expected first <= last"),
        (lambda out: parse_years("2015"), r"--years '2015': expected two years like 2015-2019"),
        (lambda out: parse_years("15-19"), r"--years '15-19': expected two years"),
    ],
)
def test_bad_arguments_name_the_argument(tmp_path, call, message):
    with pytest.raises(VoortgangError, match=message):
        call(tmp_path / "out")


def test_out_that_cannot_be_a_directory(tmp_path, small_params):
    afile = tmp_path / "afile"
    afile.write_text("x")
    with pytest.raises(VoortgangError, match=r"--out .*afile: exists and is not a directory"):
        generate(10, (2015, 2016), 1, afile, small_params)
    with pytest.raises(VoortgangError, match=r"--out .*afile/sub: cannot create the directory"):
        generate(10, (2015, 2016), 1, afile / "sub", small_params)


def test_failed_run_keeps_the_previous_output(tmp_path, small_params, monkeypatch):
    out = tmp_path / "out"
    generate(2500, (2015, 2016), 5, out, small_params)
    (out / "README.md").write_text("kept")
    before = _files(out)
    real = synth_write.generate_chunk
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(synth_write, "generate_chunk", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        generate(2500, (2015, 2016), 6, out, small_params)
    assert _files(out) == before
    assert [p.name for p in out.iterdir() if p.is_dir()] == []  # no temporary directory left


def test_cli_synth_and_its_errors(tmp_path):
    app = voortgang_app
    runner = CliRunner()
    # person-level data must stay inside data/ (issue 16): a throw-away folder there
    out = Path(tempfile.mkdtemp(prefix="test-synth-", dir=SYNTHETIC_DIR))
    try:
        result = runner.invoke(app, ["data", "synth", "--persons", "400", "--years", "2016-2017", "--seed", "2",
                                     "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert "synthetische data: 400 personen, 2016-2017, seed 2" in result.output
        assert json.loads((out / "synthetic.json").read_text())["persons"] == 400
        bad = runner.invoke(app, ["data", "synth", "--persons", "400", "--years", "2016/2017", "--out", str(out)])
        assert isinstance(bad.exception, VoortgangError) and "--years '2016/2017'" in str(bad.exception)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    outside = runner.invoke(app, ["data", "synth", "--persons", "400", "--out", str(tmp_path / "synthetic")])
    assert isinstance(outside.exception, VoortgangError) and "must stay inside data/" in str(outside.exception)
    assert not (tmp_path / "synthetic").exists()


def test_broken_parameter_file_names_the_key(tmp_path):
    raw = yaml.safe_load(SYNTH_PARAMS.read_text(encoding="utf-8"))
    del raw["population"]["region_weights"]["JZ13"]
    raw["jeugdhulp"]["age_profile"] = [1.0]
    path = tmp_path / "synth.yaml"
    path.write_text(yaml.safe_dump(raw))
    with pytest.raises(VoortgangError, match=r"synth.yaml: .*age_profile: needs 18 values"):
        load_params(path)
    raw["jeugdhulp"]["age_profile"] = [1.0] * 18
    path.write_text(yaml.safe_dump(raw))
    with pytest.raises(VoortgangError, match=r"synth.yaml: population: region_weights: needs a weight for each"):
        load_params(path)


def test_targets_are_the_published_figures():
    """Every target in params/synth.yaml equals a value of the extracted seed figures."""
    if not SEED_VGR4_FIGURES.is_file():
        pytest.skip(f"published figures not available at {SEED_VGR4_FIGURES}")
    figures = pd.read_csv(SEED_VGR4_FIGURES, dtype={"period": str, "line": "Int64"})
    targets = load_params().targets
    checked = 0
    for indicator, spec in targets.items():
        for breakdown, periods in spec.values.items():
            for period, value in periods.items():
                rows = figures[(figures["indicator_id"] == indicator) & (figures["breakdown"] == breakdown)
                               & (figures["period"] == str(period))]
                assert len(rows), (indicator, breakdown, period)
                assert (rows["value"].astype(float) == float(value)).any(), (indicator, breakdown, period, value)
                assert set(rows["line"].dropna().astype(int)) & set(spec.lines), (indicator, breakdown, period)
                checked += 1
    assert checked >= 60
