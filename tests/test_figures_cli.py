"""Bad published figures are refused before anything runs: one line naming file, row and field, exit 2.

The four cases of the Series issue: a period or status that does not parse, a unit
not in the list, a source without provenance, a figure mapped onto an unknown
indicator. Each is written into a copy of the project (``VOORTGANG_ROOT``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import files_under, run_cli

FIGURES = "data/published/vgr4_2020-05.csv"
SOURCES = "data/published/sources.yaml"


def _replace_first_row(root: Path, change) -> None:
    path = root / FIGURES
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[1] = change(lines[1])
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "fragments"),
    [
        # line 2 is jeugdzorg_gebruik_totaal,0-23,2019,,443000,count,1000,...
        (lambda row: row.replace(",2019,,", ",2019HJ3,,", 1),
         ["data/published/vgr4_2020-05.csv: column 'period'", "line 2 (jeugdzorg_gebruik_totaal / 0-23 / 2019HJ3)"]),
        # the first case in the fast subset, the others only in the whole suite (two CLI runs each, ~8 s)
        pytest.param(lambda row: row.replace(",2019,,", ",2019,voorlopig*,", 1),
                     ["column 'status': one of voorlopig, nader voorlopig, definitief or empty fails in 1 "
                      "row(s): line 2"],
                     marks=pytest.mark.slow),
        pytest.param(lambda row: row.replace(",count,", ",personen,", 1),
                     ["column 'unit': one of count, percent", "line 2 (jeugdzorg_gebruik_totaal / 0-23 / 2019)"],
                     marks=pytest.mark.slow),
        pytest.param(lambda row: row.replace(",vgr4-2020-05,", ",krantenbericht,", 1),
                     ["column 'source': no record in data/published/sources.yaml for krantenbericht", "line 2"],
                     marks=pytest.mark.slow),
        pytest.param(lambda row: row.replace("jeugdzorg_gebruik_totaal,", "jeugdzorg_totaal_onbekend,", 1),
                     ["column 'indicator_id': not in the indicator registry: jeugdzorg_totaal_onbekend", "line 2"],
                     marks=pytest.mark.slow),
    ],
)
def test_bad_figures_are_refused_before_anything_runs(project_copy, change, fragments):
    _replace_first_row(project_copy, change)
    for command in (("validate", "--edition", "2020-H1"), ("build", "--edition", "2020-H1")):
        proc = run_cli(project_copy, *command)
        assert proc.returncode == 2, proc.stderr
        message = proc.stderr.strip()
        assert len(message.splitlines()) == 1, message
        for fragment in fragments:
            assert fragment in message, message
    assert files_under(project_copy / "reports") == []
    assert files_under(project_copy / "releases") == []


def test_a_source_record_without_provenance_is_refused(project_copy):
    path = project_copy / SOURCES
    text = path.read_text(encoding="utf-8")
    path.write_text("\n".join(line for line in text.split("\n") if not line.lstrip().startswith("document:")),
                    encoding="utf-8")
    proc = run_cli(project_copy, "validate", "--edition", "2020-H1")
    assert proc.returncode == 2
    assert "data/published/sources.yaml: key 'sources.0'" in proc.stderr
    assert "needs a 'url' or a 'document'" in proc.stderr
