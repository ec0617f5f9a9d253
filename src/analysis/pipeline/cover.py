"""The cover of a report: its title, and the chapters it must name as synthetic.

The chapters with synthetic figures are those whose parameters name the
edition's synthetic data (:func:`analysis.inputs.editions.uses_synthetic`);
their titles are read from the executed notebooks. The words are
:func:`analysis.present.notices.cover`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from analysis.inputs.editions import ChapterRun, Edition, synthetic_paths, uses_synthetic
from analysis.inputs.notebooks import read_notebook
from analysis.pipeline.render.quarto_project import chapter_title
from analysis.present.notices import Cover, cover


def report_cover(edition: Edition, runs: Sequence[ChapterRun], executed: Path, *, title: str, subtitle: str,
                 reproductie: str | None) -> Cover:
    """The cover of a report whose executed chapters ``runs`` are in ``executed/<output_id>.ipynb``.

    Parameters
    ----------
    edition : Edition
        Names the synthetic data (sources and ``synthetic.pad``).
    runs : sequence of ChapterRun
        The report's chapters, in order.
    executed : Path
        Folder of the executed notebooks.
    title, subtitle : str
        The report's own title and subtitle.
    reproductie : str or None
        The published report this one reproduces (the edition's ``reproductie``), or None.
    """
    paths = synthetic_paths(edition)
    titles = [chapter_title(read_notebook(executed / f"{run.output_id}.ipynb"))
              for run in runs if paths and uses_synthetic(run.parameters, paths)]
    return cover(title, subtitle, reproductie, [t for t in titles if t])
