"""Helpers of the execution-engine tests: tiny notebooks and comparisons."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from analysis.config import KERNEL_DISPLAY_NAME
from analysis.inputs.editions import ChapterRun


def make_notebook(path: Path, *cells: str, parameters: str = "x = 0") -> Path:
    """Write a notebook: a markdown title, a ``parameters`` cell, then ``cells``."""
    nb = new_notebook(
        metadata={
            "kernelspec": {"name": "voortgang", "language": "python", "display_name": KERNEL_DISPLAY_NAME},
            "language_info": {"name": "python"},
        }
    )
    nb.cells.append(new_markdown_cell(f"# {path.stem}"))
    nb.cells.append(new_code_cell(parameters, metadata={"tags": ["parameters"]}))
    nb.cells.extend(new_code_cell(source) for source in cells)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def run_of(output_id: str, notebook: Path, **parameters: Any) -> ChapterRun:
    return ChapterRun(output_id=output_id, notebook=notebook, parameters=parameters)


#: papermill metadata that differs between any two executions (times, where written).
VOLATILE_PAPERMILL = ("start_time", "end_time", "duration", "output_path")
#: Per-cell metadata written by papermill/nbclient with timings.
VOLATILE_CELL = ("papermill", "execution")


#: A warning raised in a cell names the cell's file ``/tmp/ipykernel_<pid>/<hash>.py``.
KERNEL_PID = re.compile(r"ipykernel_\d+")


def comparable(nb: Any) -> dict[str, Any]:
    """An executed notebook without its volatile parts: timings, paths, cell ids, kernel pid.

    Cell ids are dropped because papermill gives its injected-parameters cell a
    random id in every execution; the kernel's process id shows in the file name
    of a warning raised in a cell.
    """
    nb = copy.deepcopy(nb)
    meta = dict(nb.metadata)
    meta["papermill"] = {k: v for k, v in meta.get("papermill", {}).items() if k not in VOLATILE_PAPERMILL}
    cells = []
    for cell in nb.cells:
        cell = dict(cell)
        cell.pop("id", None)
        cell["metadata"] = {k: v for k, v in cell["metadata"].items() if k not in VOLATILE_CELL}
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                out["text"] = KERNEL_PID.sub("ipykernel_PID", out["text"])
        cells.append(cell)
    return {"metadata": meta, "cells": cells}


def read(path: Path) -> Any:
    return nbformat.read(path, as_version=4)


def outputs_text(nb: Any) -> list[str]:
    """The text of every stream and text/plain output, in order."""
    texts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                texts.append(out.text)
            elif "data" in out and "text/plain" in out.data:
                texts.append(out.data["text/plain"])
    return texts
