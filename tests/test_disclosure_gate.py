"""The disclosure gate at display time and at render time (issue 4, section 4)."""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest

from analysis.disclosure.marking import DisclosureError, mark_microdata
from analysis.disclosure.suppression import protect_proportions
from analysis.errors import BuildError
from analysis.inputs.disclosure_settings import load_disclosure_settings
from analysis.inputs.editions import ChapterRun
from analysis.pipeline.gate import check_disclosure
from analysis.present.display import MARKER, show_figure, show_table


def _person_level_counts() -> pd.DataFrame:
    return mark_microdata(pd.DataFrame({"groep": ["a", "b"], "numerator": [30, 4], "denominator": [100, 50]}))


def test_show_table_refuses_unprotected_microdata():
    derived = _person_level_counts().groupby("groep").sum()  # still person-level after a groupby
    with pytest.raises(DisclosureError, match="Tabel X"):
        show_table(derived, caption="Tabel X")


def test_show_table_accepts_the_protected_table(monkeypatch):
    import analysis.present.display

    shown = []
    monkeypatch.setattr(analysis.present.display, "display", lambda obj, metadata=None: shown.append((obj, metadata)))
    protected = protect_proportions(_person_level_counts(), settings=load_disclosure_settings())
    show_table(protected, caption="Tabel Y", index="groep")
    table, meta = shown[0]
    assert meta == {MARKER: {"protected": True}}
    # b: 4 of 50 is below the threshold of 10 -> "."; a: 30/100 = 30,0
    assert "<caption>Tabel Y</caption>" in table.data
    assert "<td>30,0</td>" in table.data and "<td>.</td>" in table.data
    footnotes = shown[1][0].data
    assert "geheim" in footnotes


def test_show_figure_needs_a_protected_table_as_data():
    import matplotlib.pyplot as plt

    fig, _ = plt.subplots()
    with pytest.raises(TypeError, match="argument 'data'"):
        show_figure(fig, alt="x", data=_person_level_counts())
    plt.close(fig)


def _executed(tmp_path, protected: bool | None):
    nb = nbformat.v4.new_notebook()
    meta = {} if protected is None else {MARKER: {"protected": protected}}
    out = nbformat.v4.new_output("display_data", data={"text/html": "<table></table>"}, metadata=meta)
    cell = nbformat.v4.new_code_cell("show_table(...)")
    cell.outputs = [out]
    nb.cells = [nbformat.v4.new_markdown_cell("# x"), cell]
    path = tmp_path / "chapter.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize("protected", [False, None])
def test_render_refuses_unprotected_table_in_microdata_chapter(tmp_path, protected):
    run = ChapterRun("cohort-18plus", tmp_path / "nb.ipynb", {"microdata": "data/synthetic"})
    with pytest.raises(BuildError, match=r"chapter 'cohort-18plus' reads person-level data, but cell 2"):
        check_disclosure(_executed(tmp_path, protected), run)


def test_render_accepts_protected_outputs_and_other_chapters(tmp_path):
    check_disclosure(_executed(tmp_path, True), ChapterRun("c", tmp_path / "nb.ipynb", {"microdata": "x"}))
    # a chapter without person-level data is not checked
    check_disclosure(_executed(tmp_path, None), ChapterRun("k", tmp_path / "nb.ipynb", {"years": [2019]}))
