"""papermill runs notebooks with the project's own interpreter (foundation issue, point 3).

The classic failure: a user-level ``python3`` kernelspec that points at another
environment. We simulate a user's Jupyter data directory with JUPYTER_DATA_DIR.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import nbformat
import pytest

from analysis.config import KERNEL_NAME
from analysis.errors import VoortgangError
from analysis.inputs.editions import ChapterRun
from analysis.pipeline.execute import execute_plain
from analysis.pipeline.kernel import check_kernelspec


def _user_kernelspec(data_dir: Path, name: str, python: str) -> Path:
    spec_dir = data_dir / "kernels" / name
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(
        json.dumps({"argv": [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                    "display_name": f"elsewhere {name}", "language": "python"})
    )
    return spec_dir


def test_foreign_python3_kernelspec_does_not_hijack_execution(tmp_path, monkeypatch):
    data_dir = tmp_path / "user-jupyter"
    _user_kernelspec(data_dir, "python3", "/nonexistent/other-env/bin/python")
    # Worst case: the user's directory is searched before the venv's.
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(data_dir))
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "0")

    assert check_kernelspec() == KERNEL_NAME
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell("marker = 'x'", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import sys\nprint(sys.executable)"),
    ]
    src = tmp_path / "which.ipynb"
    nbformat.write(nb, src)
    out = tmp_path / "out" / "which.ipynb"
    execute_plain(ChapterRun("which", src, {"marker": "y"}), out, check_kernelspec())

    executed = nbformat.read(out, as_version=4)
    printed = executed.cells[-1].outputs[0]["text"].strip()
    assert os.path.samefile(printed, sys.executable)


@pytest.mark.parametrize("how", ["JUPYTER_PATH", "JUPYTER_DATA_DIR"])
def test_shadowing_spec_with_our_name_is_refused(tmp_path, monkeypatch, how):
    data_dir = tmp_path / "user-jupyter"
    spec_dir = _user_kernelspec(data_dir, KERNEL_NAME, "/nonexistent/other-env/bin/python")
    monkeypatch.setenv(how, str(data_dir))
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "0")
    with pytest.raises(VoortgangError) as info:
        check_kernelspec()
    message = str(info.value)
    assert str(spec_dir) in message and "/nonexistent/other-env/bin/python" in message and sys.executable in message
