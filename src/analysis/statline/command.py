"""``voortgang data fetch``: the typer command around :func:`analysis.statline.fetch`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from analysis.statline.snapshot import fetch


def fetch_command(
    table_ids: Annotated[list[str], typer.Argument(help="StatLine table id(s), e.g. 84799NED.", show_default=False)],
    out_dir: Annotated[
        Path | None, typer.Option("--out-dir", help="Snapshot root (default data/raw/statline).")
    ] = None,
    date: Annotated[str | None, typer.Option("--date", help="Snapshot date YYYY-MM-DD (default today).")] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds per request.")] = 60.0,
    retries: Annotated[int, typer.Option("--retries", help="Attempts per page.")] = 3,
) -> None:
    """Download StatLine tables (OData v3) into new dated snapshots under data/raw/statline/."""
    for path in fetch(table_ids, out_dir=out_dir, date=date, timeout=timeout, retries=retries):
        typer.echo(f"snapshot written: {path}")
