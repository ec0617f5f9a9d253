"""Person-level data (CBS microdata or the synthetic stand-in): schema, mapping, loading.

- :mod:`analysis.inputs.microdata.schema`   tables, columns, codes and the data dictionary (one place)
- :mod:`analysis.inputs.microdata.mapping`  CBS Remote Access files/variables onto the schema
- :mod:`analysis.inputs.microdata.load`     :func:`load_microdata` with validation -> :class:`MicrodataTables`
- :mod:`analysis.inputs.microdata.dates`    birthdays and ages on dates (the date conventions of the schema)

The synthetic population is made by :mod:`analysis.inputs.synthetic`; the cohort
and prevalence analyses on these tables are in :mod:`analysis.measures`.
"""

from analysis.inputs.microdata.load import MicrodataTables, load_microdata

__all__ = ["MicrodataTables", "load_microdata"]
