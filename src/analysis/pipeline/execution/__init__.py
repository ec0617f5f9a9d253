"""Fast, parallel, cached execution of many notebooks (the engine of ``voortgang build``).

- :func:`execute_runs` executes :class:`~analysis.inputs.editions.ChapterRun` s into
  ``<out_dir>/<output_id>.ipynb`` and returns an :class:`ExecutionSummary`;
- :mod:`~analysis.pipeline.execution.cache`: the cache key and its entries;
- :mod:`~analysis.pipeline.execution.pool`: warm kernels that execute with papermill;
- :mod:`~analysis.pipeline.execution.kernel_state`: the reset between two notebooks,
  run inside the kernel.
"""

from analysis.pipeline.execution.runner import (
    ExecutionSummary,
    RunResult,
    execute_runs,
    print_summary,
)

__all__ = ["ExecutionSummary", "RunResult", "execute_runs", "print_summary"]
