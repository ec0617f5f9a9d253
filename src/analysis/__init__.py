"""voortgang: analyses and reports of the Dutch youth-care reform progress reports.

The package is split by concern:

- :mod:`analysis.config`      paths and project-wide constants (one place for each fact)
- :mod:`analysis.errors`      the one error type users see (exit code 2 on the CLI)
- :mod:`analysis.inputs.registry`    the indicator registry ``params/indicators.yaml``
- :mod:`analysis.inputs.editions`    edition parameters ``params/editions/<edition>.yaml``
- :mod:`analysis.inputs.published`   published figures ``data/published/`` with their schema
- :mod:`analysis.present.kernindicatoren`  indicator tables computed from published figures
- :mod:`analysis.present.numbers`       Dutch number formatting and generated sentences
- :mod:`analysis.inputs.notebooks`   reading and validating notebook ``parameters`` cells
- :mod:`analysis.pipeline.kernel`      the project's Jupyter kernelspec
- :mod:`analysis.pipeline.build`       executing an edition's notebooks and rendering the report
- :mod:`analysis.pipeline.render`      renderers (built-in HTML, Quarto project)
- :mod:`analysis.pipeline.cli`         the ``voortgang`` console script
"""

__version__ = "0.1.0"
