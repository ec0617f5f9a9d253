"""Speed of the disclosure gate on table sizes the reports use.

Run: ``.venv/bin/python bench/bench_disclosure.py``. Prints, per case, the median
wall time of a few runs and the number of suppressed cells. Random counts are
log-normal (many small cells, a few large ones), fixed seed.
"""

from __future__ import annotations

import statistics
import time

import numpy as np
import pandas as pd

from analysis.disclosure.suppression import protect_counts, protect_proportions
from analysis.inputs.disclosure_settings import DisclosureSettings

SETTINGS = DisclosureSettings()
RNG = np.random.default_rng(20200501)


def counts(n_rows: int, n_cols: int, median: float) -> pd.DataFrame:
    values = np.floor(RNG.lognormal(np.log(median), 1.2, size=(n_rows, n_cols))).astype(np.int64)
    labels = {"index": [f"r{i}" for i in range(n_rows)], "columns": [f"c{j}" for j in range(n_cols)]}
    return pd.DataFrame(values, **labels)


def yes_no(n: int) -> pd.DataFrame:
    den = np.floor(RNG.lognormal(np.log(80), 1.0, size=n)).astype(np.int64)
    return pd.DataFrame({"numerator": RNG.binomial(den, 0.2), "denominator": den})


def categories(n_partitions: int, n_categories: int) -> pd.DataFrame:
    num = np.floor(RNG.lognormal(np.log(25), 1.2, size=(n_partitions, n_categories))).astype(np.int64)
    return pd.DataFrame(
        {
            "g": np.repeat(np.arange(n_partitions), n_categories),
            "numerator": num.ravel(),
            "denominator": np.repeat(num.sum(axis=1), n_categories),
        }
    )


def timed(label: str, run, repeat: int = 3) -> None:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    hidden = int(result.suppressed.to_numpy().sum())
    print(f"| {label} | {statistics.median(times) * 1000:,.0f} ms | {hidden} |")


def main() -> None:
    print("| case | median time | suppressed values |")
    print("|---|---:|---:|")
    regions = counts(42, 8, median=40)
    timed("protect_counts, 42 jeugdregio's x 8 categories", lambda: protect_counts(regions, SETTINGS))
    gemeenten = counts(342, 10, median=15)
    timed("protect_counts, 342 gemeenten x 10 categories", lambda: protect_counts(gemeenten, SETTINGS))
    rows = yes_no(10_000)
    timed("protect_proportions, 10,000 yes/no rows", lambda: protect_proportions(rows, settings=SETTINGS))
    parts = categories(2_000, 5)
    timed(
        "protect_proportions, 2,000 partitions x 5 categories",
        lambda: protect_proportions(parts, settings=SETTINGS, partition_by=["g"]),
    )


if __name__ == "__main__":
    main()
