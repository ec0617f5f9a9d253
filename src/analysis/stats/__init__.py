"""Statistics core: trend tests, group comparisons and stratified tests.

Pure functions on numpy / pandas, no I/O. Every function returns a small frozen
dataclass with the estimate, interval, p-value, statistic, n, a ``method``
string naming the exact convention and, for degenerate but valid input, a
``reason`` (the statistic is then None). Bad input raises
:class:`~analysis.errors.VoortgangError` (a ``ValueError``) naming the argument
and the element.

- :mod:`analysis.stats.trend`             Mann-Kendall + Sen, the trend words and conventions
- :mod:`analysis.stats.cochran_armitage`  trend in proportions
- :mod:`analysis.stats.count_trend`       trend in counts and rates (Poisson, negative binomial)
- :mod:`analysis.stats.compare`           relative change, percentage points, proportion
  differences (Newcombe), Wilson intervals, risk ratios
- :mod:`analysis.stats.strata`            chi-square with adjusted residuals, CMH with Breslow-Day
- :mod:`analysis.stats.funnel`            funnel-plot limits and outliers
"""

from analysis.stats.cochran_armitage import CochranArmitageResult, cochran_armitage
from analysis.stats.compare import (
    ProportionDifference,
    ProportionEstimate,
    RiskRatio,
    pp_difference,
    proportion_difference,
    relative_change,
    risk_ratio,
    wilson_interval,
)
from analysis.stats.count_trend import (
    CountModelFit,
    CountTrendResult,
    count_trend,
    fit_count_glm,
)
from analysis.stats.funnel import (
    BINNEN,
    BOVEN,
    ONDER,
    FunnelFlags,
    FunnelLimits,
    flag_funnel_outliers,
    funnel_limits,
)
from analysis.stats.strata import (
    ChiSquareResult,
    CMHResult,
    chi2_independence,
    cochran_mantel_haenszel,
)
from analysis.stats.trend import (
    DALEND,
    GEEN_TREND,
    STIJGEND,
    TE_WEINIG_MEETPUNTEN,
    TREND_WORDS,
    MannKendallBatch,
    MannKendallResult,
    mann_kendall,
    mann_kendall_many,
    trend_word,
)

__all__ = [
    "BINNEN", "BOVEN", "DALEND", "GEEN_TREND", "ONDER", "STIJGEND",
    "TE_WEINIG_MEETPUNTEN", "TREND_WORDS",
    "ChiSquareResult", "CMHResult", "CochranArmitageResult", "CountModelFit",
    "CountTrendResult", "FunnelFlags", "FunnelLimits", "MannKendallBatch",
    "MannKendallResult", "ProportionDifference", "ProportionEstimate", "RiskRatio",
    "chi2_independence", "cochran_armitage", "cochran_mantel_haenszel", "count_trend",
    "fit_count_glm", "flag_funnel_outliers", "funnel_limits", "mann_kendall",
    "mann_kendall_many", "pp_difference", "proportion_difference", "relative_change",
    "risk_ratio", "trend_word", "wilson_interval",
]
