"""Layer 4, the disclosure-control gate: every table from person-level data passes here.

The rules are in :mod:`~analysis.disclosure.suppression` (and ``docs/disclosure.md``),
the marks in :mod:`~analysis.disclosure.marking`, the operations that keep a
table protected in :mod:`~analysis.disclosure.tables`. The names a researcher's
own notebook needs are importable from this package directly."""

from analysis.disclosure.marking import (
    DisclosureError,
    ProtectedTable,
    assert_publishable,
    is_microdata,
    is_protected,
    mark_microdata,
)
from analysis.disclosure.suppression import PERCENTAGE, TOTAL_LABEL, protect_counts, protect_proportions

__all__ = [
    "PERCENTAGE",
    "TOTAL_LABEL",
    "DisclosureError",
    "ProtectedTable",
    "assert_publishable",
    "is_microdata",
    "is_protected",
    "mark_microdata",
    "protect_counts",
    "protect_proportions",
]
