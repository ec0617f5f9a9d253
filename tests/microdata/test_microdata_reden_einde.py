"""The reason of ending of a jeugdhulp trajectory (``jeugdhulp.reden_einde``): schema, mapping, reading."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.config import MICRODATA_MAPPING
from analysis.errors import VoortgangError
from analysis.inputs.microdata.load import load_microdata
from analysis.inputs.microdata.mapping import load_mapping
from analysis.inputs.regions import load_gemeente_mapping

FIXTURES = Path(__file__).parents[1] / "fixtures" / "microdata"
CBS = FIXTURES / "cbs"


def _load_cbs(folder: Path):
    return load_microdata(
        folder, fmt="csv", mapping=folder / "mapping.yaml", gemeente_mapping=load_gemeente_mapping(CBS / "gebieden.csv")
    )


def test_default_mapping_marks_the_variable_name_as_inferred():
    col = load_mapping(MICRODATA_MAPPING).tables["jeugdhulp"].sources[0].columns["reden_einde"]
    assert col.source == "JGDHREDENBEEINDIGING"
    assert col.inferred and col.optional and "inferred" in col.note


def test_cbs_codes_are_mapped_and_running_trajectories_stay_empty():
    jh = _load_cbs(CBS).jeugdhulp.sort_values(["person_id", "start_date"])
    # fixture rows: 101 2016 code 1 (ended) -> volgens_plan; 101 2017 still running -> empty;
    # 102 2016 code 3 -> eenzijdig_client (mapping.yaml of the fixture)
    assert jh["reden_einde"].astype("string").fillna("").tolist() == ["volgens_plan", "", "eenzijdig_client"]


def test_a_file_without_the_column_loads_with_it_empty(tmp_path):
    folder = tmp_path / "cbs"
    shutil.copytree(CBS, folder)
    for path in folder.glob("JGDHULP*.csv"):
        lines = path.read_text().splitlines()
        path.write_text("\n".join(line.rsplit(",", 1)[0] for line in lines) + "\n")
    jh = _load_cbs(folder).jeugdhulp
    assert len(jh) == 3 and jh["reden_einde"].isna().all()


def test_a_reason_for_a_running_trajectory_is_refused(tmp_path):
    folder = tmp_path / "pop"
    shutil.copytree(FIXTURES / "cohort", folder)
    path = folder / "jeugdhulp.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    running = df.index[df["end_date"] == ""][0]
    df["reden_einde"] = ""
    df.loc[running, "reden_einde"] = "volgens_plan"
    df.to_csv(path, index=False)
    with pytest.raises(VoortgangError, match=rf"jeugdhulp.csv: column 'reden_einde': 1 rows \(data rows {running + 1}\) "
                                             r"set while 'end_date' is empty"):
        load_microdata(folder, fmt="csv")
