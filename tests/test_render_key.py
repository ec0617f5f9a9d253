"""The render key (issue 15): from the executed notebooks' content, never papermill's times, counts, ids or paths."""

from __future__ import annotations

import nbformat
import pytest

from analysis.pipeline.render_cache import notebook_content, render_key

TABLE = '<table class="voortgang-tabel"><caption>Kern</caption><tbody><tr><td>10,1%</td></tr></tbody></table>'


def _executed(path, *, when="2020-05-01T10:00:00Z", count=1, cell_id="aaaa1111", root="/home/a/voortgang",
              alt="Lijndiagram", table=TABLE, tags=("injected-parameters",)):
    """An executed chapter as papermill writes it, with the parts that change between two runs as arguments."""
    run_meta = {"start_time": when, "end_time": when, "duration": count * 0.5, "status": "completed"}
    nb = nbformat.v4.new_notebook(metadata={
        "kernelspec": {"name": "voortgang", "display_name": "Python (voortgang)", "language": "python"},
        "papermill": {"start_time": when, "end_time": when, "duration": count * 1.5,
                      "input_path": f"{root}/notebooks/01-kern.ipynb",
                      "output_path": f"{root}/reports/.executed/2020-H1/01-kern.ipynb",
                      "parameters": {"edition": "2020-H1"}},
    })
    injected = nbformat.v4.new_code_cell('edition = "2020-H1"', execution_count=count)
    injected.id = cell_id
    injected.metadata = {"tags": list(tags), "papermill": run_meta, "execution": {"iopub.status.busy": when}}
    shown = nbformat.v4.new_code_cell("kern.build(edition)", execution_count=count + 1, outputs=[
        nbformat.v4.new_output("display_data", data={"text/html": table}, metadata={"voortgang": {"protected": False}}),
        nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="},
                               metadata={"image/png": {"alt": alt}}),
        nbformat.v4.new_output("execute_result", data={"text/plain": "1"}, execution_count=count + 1),
    ])
    shown.id = "bbbb2222"
    shown.metadata = {"papermill": run_meta, "execution": {"iopub.status.busy": when}}
    nb.cells = [injected, shown]
    nbformat.write(nb, path)
    return path


def test_times_counts_ids_and_paths_of_a_run_do_not_change_the_content(tmp_path):
    first = _executed(tmp_path / "a.ipynb")
    again = _executed(tmp_path / "b.ipynb", when="2021-11-30T23:59:59Z", count=7, cell_id="cccc3333",
                      root="/srv/moved/voortgang")
    assert first.read_bytes() != again.read_bytes()
    assert notebook_content(first) == notebook_content(again)
    assert render_key([first], {}, "", ["html"], "builtin") == render_key([again], {}, "", ["html"], "builtin")


@pytest.mark.parametrize("change", [
    {"alt": "Staafdiagram"},  # an alt text is output metadata a reader meets
    {"table": TABLE.replace("10,1%", "10,2%")},
    {"tags": ("injected-parameters", "show-code")},  # a tag decides what the renderer shows
])
def test_a_change_a_reader_can_see_changes_the_content_and_the_key(tmp_path, change):
    base = _executed(tmp_path / "a.ipynb")
    changed = _executed(tmp_path / "b.ipynb", **change)
    assert notebook_content(base) != notebook_content(changed)
    assert render_key([base], {}, "", ["html"], "builtin") != render_key([changed], {}, "", ["html"], "builtin")
