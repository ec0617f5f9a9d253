"""The calibrated synthetic population in the microdata schema (``voortgang data synth``).

- :mod:`analysis.inputs.synthetic.params`    ``params/synth.yaml``: targets and parameters, validated
- :mod:`analysis.inputs.synthetic.generate`  one chunk of persons and their records (vectorised numpy)
- :mod:`analysis.inputs.synthetic.write`     chunked, deterministic parquet output and its manifest
"""

from analysis.inputs.synthetic.params import load_params, parse_years
from analysis.inputs.synthetic.write import ensure_synthetic, generate

__all__ = ["ensure_synthetic", "generate", "load_params", "parse_years"]
