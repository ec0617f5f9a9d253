"""CBS StatLine tables: dated raw snapshots, offline parsing, mapping onto indicators.

- :mod:`analysis.inputs.statline.snapshot`  ``voortgang data fetch``: OData v3 feed ->
  ``data/raw/statline/<table>/<date>/``
- :mod:`analysis.inputs.statline.parse`     a snapshot's JSON -> a tidy, validated :class:`StatlineTable`
- :mod:`analysis.inputs.statline.mapping`   ``params/statline.yaml``: topics onto registry indicators
"""

from analysis.inputs.statline.mapping import (
    PUBLISHED_COLUMNS,
    SUPPRESSED_NOTE,
    StatlineMapping,
    StatlineMappingFile,
    check_against_registry,
    load_statline_mapping,
    published_rows_for,
    snapshot_source,
    to_published_rows,
)
from analysis.inputs.statline.parse import (
    Period,
    StatlineTable,
    parse_period_key,
    parse_table,
)
from analysis.inputs.statline.snapshot import fetch, read_snapshot, snapshot_dates

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
    "snapshot_source",
    "to_published_rows",
]
