"""The reason of ending of synthetic jeugdhulp trajectories (``jeugdhulp.reden_einde``).

Per ended trajectory, by the calendar year of its end date ``y``:

- unknown (empty) with probability ``reden_einde.unknown`` (assumption);
- otherwise *volgens plan of samen* with probability ``expit(a_y + log OR)``,
  where ``OR`` is the product of the odds ratio of verblijf
  (``verblijf_odds_ratio``, assumption) and of the trajectory's region
  (``heterogeneity.volgens_plan_odds``, assumption), and the intercept ``a_y`` is
  solved per chunk so that the mean probability over the chunk's ended
  trajectories of year ``y`` equals the published share of that year
  (``reden_einde.volgens_plan``, VGR 4 l.1286; years outside the published ones
  take the nearest published year);
- otherwise *eenzijdig door de cliënt* with probability
  ``eenzijdig_client[y] / (1 - volgens_plan[y])`` (published l.1284, a part of
  "overig"), else *voortijdig, andere reden*.

Calibrating the intercept per chunk keeps the national share at the published
value whatever the mix of verblijf and regions, while the odds ratios still give
the pattern statistics a difference to find.
"""

from __future__ import annotations

import numpy as np

from analysis.inputs.microdata.schema import REDEN_EINDE, VORM
from analysis.inputs.synthetic.params import _NONE, SynthParams


def _nearest(values: dict[int, float], year: int) -> float:
    """The value of the published year nearest to ``year`` (the earlier one on a tie)."""
    return values[min(values, key=lambda y: (abs(y - year), y))]


def _intercept(target: float, log_or: np.ndarray) -> float:
    """The ``a`` with ``mean(expit(a + log_or)) == target`` (0 < target < 1)."""
    from scipy.optimize import brentq  # generating only: a build that finds its data imports no scipy
    from scipy.special import expit

    return brentq(lambda a: float(np.mean(expit(a + log_or))) - target, -30.0, 30.0)


def reasons(
    rng: np.random.Generator, end_day: np.ndarray, vorm: np.ndarray, region_odds: np.ndarray, params: SynthParams
) -> np.ndarray:
    """Code indices into :data:`REDEN_EINDE` per trajectory; ``-1`` = empty.

    Parameters
    ----------
    rng : numpy.random.Generator
        The chunk's random stream (drawn from last, so the other tables are unchanged).
    end_day : numpy.ndarray of int64
        End date as days since 1970-01-01; ``_NONE`` for a trajectory still running.
    vorm : numpy.ndarray of int
        Index into :data:`analysis.inputs.microdata.schema.VORM` (0 = zonder verblijf).
    region_odds : numpy.ndarray of float
        Odds ratio of ending volgens plan of the trajectory's region (1 = none).
    params : SynthParams
        ``reden_einde`` of ``params/synth.yaml``.

    Returns
    -------
    numpy.ndarray of int64
        ``-1`` while running or unknown, else the index of the reason.
    """
    from scipy.special import expit  # generating only, as in _intercept

    spec = params.reden_einde
    n = len(end_day)
    out = np.full(n, -1, dtype="int64")
    ended = end_day != _NONE
    if not ended.any():
        return out
    year = (np.where(ended, end_day, 0).astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970)
    verblijf = vorm != VORM.index("zonder_verblijf")
    log_or = np.log(region_odds) + np.where(verblijf, np.log(spec.verblijf_odds_ratio), 0.0)
    u_known, u_plan, u_client = rng.random(n), rng.random(n), rng.random(n)
    known = ended & (u_known >= spec.unknown)
    for y in np.unique(year[known]):
        sel = known & (year == y)
        p_plan = _nearest(spec.volgens_plan, int(y))
        a = _intercept(p_plan, log_or[sel])
        plan = u_plan[sel] < expit(a + log_or[sel])
        p_client = _nearest(spec.eenzijdig_client, int(y)) / (1 - p_plan)
        client = u_client[sel] < p_client
        out[sel] = np.where(
            plan,
            REDEN_EINDE.index("volgens_plan"),
            np.where(client, REDEN_EINDE.index("eenzijdig_client"), REDEN_EINDE.index("voortijdig_overig")),
        )
    return out
