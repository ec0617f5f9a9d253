"""The ``voortgang data`` sub-commands (person-level data).

Registered by the main CLI (:mod:`analysis.cli`) in its ``data`` group; a
:class:`~analysis.errors.VoortgangError` raised here becomes one line on stderr
and exit code 2 there.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from analysis.config import SYNTHETIC_DIR

_out = Console()


def synth(
    persons: Annotated[int, typer.Option("--persons", help="Number of persons (aged 0-22 in some year).")],
    years: Annotated[str, typer.Option("--years", help="Observation years, e.g. 2015-2019.")] = "2015-2019",
    seed: Annotated[int, typer.Option("--seed", help="Random seed; the same seed gives identical files.")] = 0,
    out: Annotated[Path, typer.Option("--out", help="Output directory.")] = SYNTHETIC_DIR,
) -> None:
    """Write a calibrated synthetic population (synthetische data) as parquet files."""
    from analysis.microdata.synth import generate, parse_years

    span = parse_years(years)
    started = time.perf_counter()
    manifest = generate(persons, span, seed, out)
    seconds = time.perf_counter() - started
    rows = ", ".join(f"{name.removesuffix('.parquet')} {info['rows']:,}" for name, info in manifest["files"].items())
    _out.print(f"synthetische data: {persons:,} persons, {span[0]}-{span[1]}, seed {seed} -> {out} ({seconds:.1f} s)")
    _out.print(rows, highlight=False)
