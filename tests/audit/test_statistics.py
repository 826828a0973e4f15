"""The tests agree with scipy's and statsmodels' own results on raw data."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from openrubric.audit import statistics
from openrubric.audit.analyses import _mean_tests, centred


def test_mean_differences_from_sums_match_scipy_on_the_raw_values():
    rng = np.random.default_rng(3)
    values = rng.choice([1.0, 2.0, 3.0, 4.0], size=200, p=[0.05, 0.2, 0.55, 0.2])
    mask = np.zeros(200, dtype=bool)
    mask[rng.choice(200, size=12, replace=False)] = True
    found = _mean_tests(values, [mask])[0]
    expected = stats.ttest_ind(values[mask], values[~mask], equal_var=True)
    interval = expected.confidence_interval(0.95)
    assert found.p == pytest.approx(expected.pvalue)
    assert (found.low, found.high) == (pytest.approx(interval.low), pytest.approx(interval.high))
    assert found.effect == pytest.approx(values[mask].mean() - values[~mask].mean())


@pytest.mark.filterwarnings("ignore:Precision loss:RuntimeWarning")  # Welch on identical ratings, shown for contrast
def test_a_small_group_with_equal_ratings_is_not_taken_as_certain():
    """Welch's test would give this group of five identical ratings a tiny p-value; the pooled test does not."""
    values = np.array([3.0] * 5 + [1.0, 2.0, 3.0, 3.0, 3.0, 4.0] * 50)
    mask = np.arange(len(values)) < 5
    assert stats.ttest_ind(values[mask], values[~mask], equal_var=False).pvalue < 0.001
    assert _mean_tests(values, [mask])[0].p > 0.3


def test_no_variation_at_all_is_no_difference():
    values = np.full(30, 3.0)
    assert _mean_tests(values, [np.arange(30) < 10])[0] == statistics.NO_DIFFERENCE


def test_rates_use_fisher_exact_and_newcombe():
    found = statistics.proportion_difference(6, 20, 10, 180)
    assert found.p == pytest.approx(stats.fisher_exact([[6, 14], [10, 170]]).pvalue)
    assert found.effect == pytest.approx(6 / 20 - 10 / 180)
    assert found.low < found.effect < found.high
    assert statistics.proportion_difference(0, 20, 0, 180) == statistics.NO_DIFFERENCE


def test_benjamini_hochberg_leaves_untested_comparisons_out():
    pvalues = [0.001, math.nan, 0.02, 0.04, 0.5]
    adjusted = statistics.adjusted(pvalues)
    expected = multipletests([0.001, 0.02, 0.04, 0.5], method="fdr_bh")[1]
    assert math.isnan(adjusted[1])
    assert [adjusted[index] for index in (0, 2, 3, 4)] == pytest.approx(list(expected))


def test_distribution_change_leaves_out_ratings_nobody_received():
    assert statistics.distribution_change([0, 10, 50, 20], [0, 30, 40, 10]) == pytest.approx(
        stats.chi2_contingency([[10, 50, 20], [30, 40, 10]], correction=False).pvalue
    )
    assert statistics.distribution_change([0, 0, 5, 0], [0, 0, 9, 0]) == 1.0


def test_ratings_are_compared_within_their_level_and_category():
    values = np.array([2.0, 3.0, 4.0, 1.0, 2.0, 3.0])
    levels = np.array([0, 0, 0, 1, 1, 1])
    assert centred(values, levels).tolist() == [-1.0, 0.0, 1.0, -1.0, 0.0, 1.0]
