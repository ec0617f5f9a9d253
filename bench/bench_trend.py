"""Benchmark: Mann-Kendall + Sen's slope on 20,000 series of 10 points.

50 indicators x 400 regions, yearly points, values rounded to one decimal (so
there are ties) and about 2 % missing. Times the vectorised
``mann_kendall_many`` (best of ``--repeat`` runs) and, for scale, the
per-series ``mann_kendall`` on a sample, extrapolated to all series.

Run: ``.venv/bin/python bench/bench_trend.py``. Aim: under 2 seconds.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from analysis.stats.trend import mann_kendall, mann_kendall_many


def synthetic_series(n_series: int, n_points: int, seed: int = 20211) -> np.ndarray:
    """Random-walk series with ties (one decimal) and ~2 % missing values."""
    rng = np.random.default_rng(seed)
    steps = rng.normal(0.1, 1.0, size=(n_series, n_points))
    data = np.round(50 + np.cumsum(steps, axis=1), 1)
    data[rng.random(data.shape) < 0.02] = np.nan
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=20_000)
    parser.add_argument("--points", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--loop-sample", type=int, default=500)
    args = parser.parse_args()

    data = synthetic_series(args.series, args.points)
    periods = np.arange(2012, 2012 + args.points)
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        mann_kendall_many(data, periods)
        times.append(time.perf_counter() - start)
    print(
        f"mann_kendall_many: {args.series} series x {args.points} points: "
        f"best {min(times):.3f} s of {args.repeat} runs"
    )

    sample = data[: args.loop_sample]
    start = time.perf_counter()
    for row in sample:
        mann_kendall(row, periods)
    per_series = (time.perf_counter() - start) / len(sample)
    print(
        f"mann_kendall loop: {per_series * 1e3:.2f} ms per series, "
        f"~{per_series * args.series:.1f} s for {args.series} series (extrapolated)"
    )


if __name__ == "__main__":
    main()
