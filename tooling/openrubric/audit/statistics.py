"""The statistical tests the audit runs, all from scipy and statsmodels (the ``audit`` extra).

Nothing here knows what is compared; ``analyses`` decides that. Every test returns an effect, its 95%
interval and a two-sided p-value; ``adjusted`` controls the false discovery rate over all of one audit's
tests (Benjamini-Hochberg).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .cycle import AuditError

if TYPE_CHECKING:
    import numpy as np

CONFIDENCE = 0.95
FALSE_DISCOVERY_RATE = 0.05
INSTALL = "pip install 'openrubric[audit]'"


def libraries() -> tuple[Any, Any, Any]:
    """scipy.stats, statsmodels' proportion module and its multiple-testing module, imported on first use."""
    try:
        from scipy import stats
        from statsmodels.stats import multitest, proportion
    except ImportError as error:
        raise AuditError(f"`openrubric audit` needs scipy and statsmodels, which are not installed ({error.name} is missing): {INSTALL}") from None
    return stats, proportion, multitest


@dataclass(frozen=True)
class Estimate:
    effect: float  # the group's figure minus the rest's
    low: float
    high: float
    p: float


NO_DIFFERENCE = Estimate(0.0, 0.0, 0.0, 1.0)


def mean_differences(
    group_mean: np.ndarray, group_variance: np.ndarray, group_n: np.ndarray, rest_mean: np.ndarray, rest_variance: np.ndarray, rest_n: np.ndarray
) -> list[Estimate]:
    """Student's two-sample t-test with pooled variance, for many comparisons at once (sample variances,
    ddof 1). Pooled, because under the hypothesis of no difference a small group shares the variance of the
    rest: Welch's test would take a small group whose ratings happen to be equal as certain of its mean."""
    import numpy as np

    stats, _, _ = libraries()
    degrees = group_n + rest_n - 2
    pooled = ((group_n - 1) * np.nan_to_num(group_variance) + (rest_n - 1) * np.nan_to_num(rest_variance)) / np.maximum(degrees, 1)
    difference = group_mean - rest_mean
    result = stats.ttest_ind_from_stats(group_mean, np.sqrt(pooled), group_n, rest_mean, np.sqrt(pooled), rest_n, equal_var=True)
    margin = stats.t.ppf(0.5 + CONFIDENCE / 2, np.maximum(degrees, 1)) * np.sqrt(pooled * (1 / group_n + 1 / rest_n))
    estimates = []
    for effect, half, p, variance in zip(difference, margin, result.pvalue, pooled, strict=True):
        if variance <= 0 or not math.isfinite(p):
            estimates.append(NO_DIFFERENCE if abs(effect) < 1e-12 else Estimate(float(effect), float(effect), float(effect), math.nan))
        else:
            estimates.append(Estimate(float(effect), float(effect - half), float(effect + half), float(p)))
    return estimates


def proportion_difference(group_count: int, group_n: int, rest_count: int, rest_n: int) -> Estimate:
    """Difference of two rates: Fisher's exact test (rare events such as calibration moves, where a normal
    approximation would flag a group of five with one event), with Newcombe's hybrid score interval."""
    stats, proportion, _ = libraries()
    if group_count + rest_count == 0:
        return NO_DIFFERENCE
    p = stats.fisher_exact([[group_count, group_n - group_count], [rest_count, rest_n - rest_count]]).pvalue
    low, high = proportion.confint_proportions_2indep(group_count, group_n, rest_count, rest_n, method="newcomb", compare="diff", alpha=1 - CONFIDENCE)
    return Estimate(group_count / group_n - rest_count / rest_n, float(low), float(high), float(p))


def distribution_change(now: list[int], before: list[int]) -> float:
    """The p-value of Pearson's chi-square test that two cycles' counts per rating come from one
    distribution; ratings nobody received in either cycle are left out."""
    stats, _, _ = libraries()
    columns = [(a, b) for a, b in zip(now, before, strict=True) if a + b > 0]
    if len(columns) < 2:
        return 1.0
    return float(stats.chi2_contingency([[a for a, _ in columns], [b for _, b in columns]], correction=False).pvalue)


def adjusted(pvalues: list[float]) -> list[float]:
    """Benjamini-Hochberg adjusted p-values (q-values); a comparison is flagged when its q is at most
    FALSE_DISCOVERY_RATE. NaN (no test possible) stays NaN and takes no part."""
    _, _, multitest = libraries()
    known = [index for index, p in enumerate(pvalues) if math.isfinite(p)]
    result = [math.nan] * len(pvalues)
    if known:
        _, corrected, _, _ = multitest.multipletests([pvalues[index] for index in known], alpha=FALSE_DISCOVERY_RATE, method="fdr_bh")
        for index, q in zip(known, corrected, strict=True):
            result[index] = float(q)
    return result
