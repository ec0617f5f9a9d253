"""Person-level data (CBS microdata or synthetic): schema, loading, synthetic population.

- :mod:`analysis.microdata.schema`   tables, columns, codes and the data dictionary (one place)
- :mod:`analysis.microdata.mapping`  mapping of CBS Remote Access files/variables onto the schema
- :mod:`analysis.microdata.load`     :func:`load_microdata` with validation -> :class:`MicrodataTables`
- :mod:`analysis.microdata.synth`    the calibrated synthetic population (``voortgang data synth``)
- :mod:`analysis.microdata.margins`  national aggregates (jeugdhulp, verblijf by age) used for calibration
- :mod:`analysis.microdata.cli`      the ``data`` sub-commands

The cohort analyses on these tables are in :mod:`analysis.cohort`.
"""

from analysis.microdata.load import MicrodataTables, load_microdata

__all__ = ["MicrodataTables", "load_microdata"]
