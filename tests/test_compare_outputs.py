"""scripts/compare_outputs.py: the same report across manifest formats, and every difference named."""

from __future__ import annotations

import importlib.util

from analysis.config import PROJECT_ROOT

_spec = importlib.util.spec_from_file_location("compare_outputs", PROJECT_ROOT / "scripts" / "compare_outputs.py")
compare = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compare)


def _manifest(outputs: dict[str, str], text: str = "t") -> dict:
    return {"output_hashes": outputs, "text_hashes": {"01/text": text}, "data_hashes": {"data/figures.csv": "d"}}


def test_cell_keys_and_output_keys_of_the_same_report_compare_equal():
    old = _manifest({"01/cell2/output1": "a", "01/cell10/output1": "c", "01/cell3/output2": "b"})
    new = _manifest({"01/output001": "a", "01/output002": "b", "01/output003": "c"})
    assert compare.differences(old, new) == []


def test_a_changed_figure_order_or_text_is_named():
    old = _manifest({"01/output001": "a", "01/output002": "b"})
    swapped = _manifest({"01/output001": "b", "01/output002": "a"}, text="u")
    assert compare.differences(old, swapped) == [
        "tables/figures of 01: 2 -> 2, not the same",
        "text_hashes: 01/text differs",
    ]
