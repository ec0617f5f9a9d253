"""voortgang: analyses and reports of the Dutch youth-care reform progress reports.

The package is one axis of layers; a module imports from its own layer and the
layers below it, never from a layer above (``make lint`` and
``tests/test_architecture.py`` check it with import-linter). From the bottom up:

1. :mod:`analysis.inputs`      reading and validating every file (params, published figures,
                               StatLine, regions, person-level data, releases)
2. :mod:`analysis.stats`       pure statistics (trend tests, comparisons, strata, funnels)
3. :mod:`analysis.measures`    indicators, cohorts, prevalence, patterns, regional figures:
                               frames in, frames out
4. :mod:`analysis.disclosure`  the gate every table from person-level data passes
5. :mod:`analysis.present`     Dutch wording and numbers, findings, charts, tables, display
6. :mod:`analysis.chapters`    one ``build()`` per notebook
7. :mod:`analysis.pipeline`    build steps, execution, render, publish, diff, the CLI

Beneath them all: :mod:`analysis.config` (paths and project-wide facts) and
:mod:`analysis.errors` (the error a user can fix: exit code 2). The map of every
module and the path of one build are in ``docs/architecture.md``.
"""

__version__ = "0.1.0"
