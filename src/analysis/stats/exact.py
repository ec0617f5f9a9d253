"""Monte Carlo p-values for tables with small expected counts and several labels per unit.

:func:`label_table_test`: is the mix of labels (problem types, several per
question) independent of the group (landsdeel)? The statistic is Pearson's X²
of the group x label table of mentions; its p-value comes from permuting the
group labels over the units (:func:`scipy.stats.permutation_test`), which keeps
every unit's set of labels together. So the test stays valid when expected
counts are small and when one unit has several labels (the asymptotic
chi-square would count a unit's labels as independent observations). For one
label per unit it is the test conditional on the margins, as R's
``chisq.test(simulate.p.value = TRUE)``. The adjusted (Haberman) residuals of
the cells are those of :func:`analysis.stats.strata.chi2_independence`,
descriptive.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import stats

from analysis.errors import VoortgangError
from analysis.stats.strata import ChiSquareResult, chi2_independence


def _statistic(table: np.ndarray) -> float:
    rows, cols = table.sum(axis=1), table.sum(axis=0)
    keep_r, keep_c = rows > 0, cols > 0
    t = table[np.ix_(keep_r, keep_c)]
    expected = np.outer(t.sum(axis=1), t.sum(axis=0)) / t.sum()
    return float(((t - expected) ** 2 / expected).sum())


@dataclass(frozen=True)
class LabelTableTest:
    """Group x label table, X², Monte Carlo p-value and cell residuals.

    Attributes
    ----------
    table : DataFrame
        Mentions: groups as rows, labels as columns.
    chi2 : ChiSquareResult
        Of the mention table (statistic, degrees of freedom, adjusted residuals);
        its asymptotic p-value is not used.
    p : float
        Monte Carlo p-value (permutations of the groups over the units).
    resamples : int
    min_expected : float
        Smallest expected count of the table.
    """

    table: pd.DataFrame
    chi2: ChiSquareResult
    p: float
    resamples: int
    min_expected: float


def label_table_test(groups: ArrayLike, labels: pd.DataFrame, *, resamples: int, seed: int) -> LabelTableTest:
    """Test whether the labels of the units are independent of their group.

    Parameters
    ----------
    groups : array-like of str
        The group of each unit (e.g. the landsdeel of each question).
    labels : DataFrame of bool
        One row per unit (aligned with ``groups``), one column per label:
        whether the unit has it.
    resamples, seed : int
        Permutations and their seed (``monte_carlo_resamples``, ``monte_carlo_seed``).

    Returns
    -------
    LabelTableTest
        p = (1 + #{X²_perm >= X²_obs}) / (1 + resamples).

    Raises
    ------
    VoortgangError
        Fewer than 2 groups or labels with mentions, or misaligned inputs.
    """
    g = pd.Categorical(np.asarray(groups, dtype=object))
    m = np.asarray(labels, dtype=float)
    if m.ndim != 2 or len(g) != m.shape[0]:
        raise VoortgangError("groups and labels: one group per unit (row of labels) is needed")
    onehot = np.eye(len(g.categories))[g.codes]
    table = onehot.T @ m
    if (table.sum(axis=1) > 0).sum() < 2 or (table.sum(axis=0) > 0).sum() < 2:
        raise VoortgangError("table: needs at least 2 groups and 2 labels with mentions")
    frame = pd.DataFrame(table, index=list(g.categories), columns=list(labels.columns))
    frame = frame.loc[frame.sum(axis=1) > 0, frame.sum(axis=0) > 0]

    def statistic(codes: np.ndarray) -> float:
        return _statistic(np.eye(len(g.categories))[codes].T @ m)

    res = stats.permutation_test((g.codes,), statistic, permutation_type="pairings", n_resamples=int(resamples),
                                 alternative="greater", random_state=np.random.default_rng(seed), vectorized=False)
    expected = np.outer(frame.sum(axis=1), frame.sum(axis=0)) / frame.to_numpy().sum()
    return LabelTableTest(table=frame.astype("int64"), chi2=chi2_independence(frame), p=float(res.pvalue),
                          resamples=int(resamples), min_expected=float(expected.min()))
