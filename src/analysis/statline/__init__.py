"""CBS StatLine open data: dated snapshots, offline reading, mapping to indicators.

- :mod:`analysis.statline.snapshot`  :func:`fetch` (the only network access) and
  :func:`read_snapshot` (offline, checksums verified)
- :mod:`analysis.statline.parse`     OData v3 JSON -> :class:`StatlineTable` (tidy long frame)
- :mod:`analysis.statline.mapping`   ``params/statline.yaml`` -> published-format rows
- :mod:`analysis.statline.command`   the typer command of ``voortgang data fetch``
"""

from analysis.statline.mapping import (
    PUBLISHED_COLUMNS,
    SUPPRESSED_NOTE,
    check_against_registry,
    StatlineMapping,
    StatlineMappingFile,
    load_statline_mapping,
    published_rows_for,
    to_published_rows,
)
from analysis.statline.parse import Period, StatlineTable, parse_period_key, parse_table
from analysis.statline.snapshot import fetch, read_snapshot, snapshot_dates

__all__ = [
    "PUBLISHED_COLUMNS",
    "SUPPRESSED_NOTE",
    "Period",
    "StatlineMapping",
    "StatlineMappingFile",
    "StatlineTable",
    "check_against_registry",
    "fetch",
    "load_statline_mapping",
    "parse_period_key",
    "parse_table",
    "published_rows_for",
    "read_snapshot",
    "snapshot_dates",
    "to_published_rows",
]
