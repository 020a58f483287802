"""stats.py against scipy.stats and hand-worked numbers, including 0%, 100% and tiny samples."""
from __future__ import annotations

import math
import statistics
from fractions import Fraction

import numpy as np
import pytest
from scipy import stats as sps

from pytest_pareval.report import stats


def outcomes(successes: int, total: int) -> np.ndarray:
    return np.r_[np.ones(successes), np.zeros(total - successes)]


def test_rate_is_none_without_items():
    assert stats.rate(0, 0) is None
    assert stats.rate(87, 120) == 87 / 120


@pytest.mark.parametrize(("valid", "total", "tier"), [
    (72, 120, 2),  # exactly 60% is Tier 2 (the seed's Gemini Flash)
    (73, 120, 1), (36, 120, 2),  # exactly 30% is Tier 2
    (35, 120, 3), (0, 120, 3), (120, 120, 1)])
def test_tier_boundaries(valid, total, tier):
    assert stats.tier(valid / total) == tier


def test_tier_of_missing_rate():
    assert stats.tier(None) is None


@pytest.mark.parametrize(("successes", "total"), [(87, 120), (3, 7), (1, 2), (8, 120), (59, 60)])
def test_t_interval_matches_scipy(successes, total):
    data = outcomes(successes, total)
    expected = sps.t.interval(0.95, total - 1, loc=data.mean(), scale=sps.sem(data))
    assert stats.t_interval(successes, total) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(("successes", "total"), [(0, 50), (50, 50)])
def test_t_interval_collapses_at_0_and_100_percent(successes, total):
    rate = successes / total
    assert stats.t_interval(successes, total) == (rate, rate)


def test_t_interval_needs_two_outcomes():
    assert stats.t_interval(1, 1) is None
    assert stats.t_interval(0, 0) is None


def test_t_interval_leaves_unit_range_where_wilson_does_not():
    low, _ = stats.t_interval(1, 10)
    assert low < 0
    assert 0 < stats.wilson_interval(1, 10)[0]


@pytest.mark.parametrize(("successes", "total"), [(0, 10), (10, 10), (1, 10), (87, 120), (7, 120), (1, 1)])
def test_wilson_matches_scipy(successes, total):
    expected = sps.binomtest(successes, total).proportion_ci(0.95, method="wilson")
    assert stats.wilson_interval(successes, total) == pytest.approx((expected.low, expected.high), abs=1e-12)


def test_wilson_by_hand_at_zero():
    z2 = 1.959963984540054**2
    low, high = stats.wilson_interval(0, 10)
    assert low == 0.0
    assert high == pytest.approx(z2 / (10 + z2), rel=1e-12)  # 0.27753...
    assert stats.wilson_interval(10, 10) == pytest.approx((10 / (10 + z2), 1.0), rel=1e-12)
    assert stats.wilson_interval(0, 0) is None


@pytest.mark.parametrize(("k1", "n1", "k2", "n2"), [(87, 120, 74, 120), (8, 120, 74, 120), (7, 10, 5, 25),
                                                    (0, 10, 3, 30), (40, 40, 20, 41)])
def test_cohens_d_matches_pooled_ddof1_sd(k1, n1, k2, n2):
    x, y = outcomes(k1, n1), outcomes(k2, n2)
    pooled = math.sqrt(((n1 - 1) * x.var(ddof=1) + (n2 - 1) * y.var(ddof=1)) / (n1 + n2 - 2))
    assert stats.cohens_d(k1, n1, k2, n2) == pytest.approx((x.mean() - y.mean()) / pooled, rel=1e-12)


def test_cohens_d_with_equal_sizes_is_the_seeds_average_of_variances():
    x, y = outcomes(87, 120), outcomes(74, 120)
    seed_d = (x.mean() - y.mean()) / math.sqrt((x.var(ddof=1) + y.var(ddof=1)) / 2)
    assert stats.cohens_d(87, 120, 74, 120) == pytest.approx(seed_d, rel=1e-12)
    assert round(seed_d, 3) == 0.231


def test_cohens_d_undefined_without_spread():
    assert stats.cohens_d(0, 10, 0, 20) is None
    assert stats.cohens_d(10, 10, 20, 20) is None
    assert stats.cohens_d(1, 1, 3, 5) is None


@pytest.mark.parametrize(("d", "label"), [(0.0, "Negligible"), (0.1999, "Negligible"), (0.2, "Small"),
                                          (-0.034, "Negligible"), (0.4999, "Small"), (0.5, "Medium"),
                                          (-0.514, "Medium"), (0.8, "Large"), (-1.457, "Large"), (None, None)])
def test_effect_labels(d, label):
    assert stats.effect_label(d) == label


def test_describe_matches_statistics_module():
    values = [9.5, 3.25, 7.0, 12.0, 1.5]
    assert stats.describe(values) == pytest.approx({
        "count": 5, "mean": statistics.mean(values), "median": statistics.median(values),
        "std": statistics.stdev(values)})


def test_describe_of_one_and_of_none():
    assert stats.describe([4.0]) == {"count": 1, "mean": 4.0, "median": 4.0, "std": None}
    assert stats.describe([]) is None


def exact_pass_at_k(n: int, c: int, k: int) -> Fraction:
    return 1 - Fraction(math.comb(n - c, k), math.comb(n, k))


@pytest.mark.parametrize(("n", "c", "k"), [(20, 0, 1), (20, 20, 5), (20, 3, 1), (20, 3, 5), (20, 17, 5),
                                           (200, 7, 100), (5, 1, 5), (1, 1, 1), (1, 0, 1), (10, 5, 6)])
def test_pass_at_k_item_matches_exact_binomials(n, c, k):
    assert stats.pass_at_k_item(n, c, k) == pytest.approx(float(exact_pass_at_k(n, c, k)), abs=1e-12)


def test_pass_at_1_is_the_success_fraction():
    assert stats.pass_at_k_item(20, 7, 1) == pytest.approx(7 / 20)


def test_pass_at_k_by_row_averages_items_with_unequal_sample_counts():
    samples = np.array([[5, 5, 10, 10, 10], [3, 0, 3, 3, 3], [0, 0, 0, 0, 0]])
    successes = np.array([[0, 2, 2, 10, 2], [1, 0, 0, 3, 2], [0, 0, 0, 0, 0]])
    first, second, empty = stats.pass_at_k_by_row(samples, successes)
    assert list(first) == ["1", "2", "5"]  # the fewest samples of an item is 5
    for k in (1, 2, 5):
        expected = np.mean([float(exact_pass_at_k(n, c, k)) for n, c in zip(samples[0], successes[0])])
        assert first[str(k)] == pytest.approx(expected, abs=1e-12)
    assert second == pytest.approx({"1": (1 / 3 + 0 + 1 + 2 / 3) / 4, "2": (2 / 3 + 0 + 1 + 1) / 4})
    assert empty == {"1": None}


def test_pass_at_k_rejects_k_above_n():
    with pytest.raises(ValueError):
        stats.pass_at_k_item(3, 1, 4)


def test_k_values():
    assert stats.k_values(1) == [1]
    assert stats.k_values(20) == [1, 2, 5, 10, 20]


@pytest.mark.parametrize(("only_model", "only_baseline"), [(0, 1), (5, 0), (3, 9), (12, 12), (18, 5), (0, 24),
                                                          (25, 0), (36, 10), (20, 20), (4, 34), (140, 180)])
def test_mcnemar_is_the_exact_binomial_test_at_every_size(only_model, only_baseline):
    result = stats.mcnemar(only_model, only_baseline)
    assert result["method"] == "exact"
    expected = sps.binomtest(only_model, only_model + only_baseline, 0.5).pvalue
    assert result["p_value"] == pytest.approx(expected, rel=1e-12)


def test_mcnemar_has_no_jump_at_25_discordant_pairs():
    # 24 and 25 discordant pairs split as evenly as they can be: p stays near 1 on both sides of the old
    # switch to the continuity-corrected chi-square.
    assert stats.mcnemar(12, 12)["p_value"] == 1.0
    assert stats.mcnemar(12, 13)["p_value"] == 1.0
    assert stats.mcnemar(7, 18)["p_value"] == pytest.approx(2 * sum(math.comb(25, i) for i in range(8)) / 2**25)


def test_mcnemar_without_discordant_pairs():
    assert stats.mcnemar(0, 0)["p_value"] == 1.0


def test_paired_rates_test_counts_items_by_their_rates():
    # Three items with 4 samples each: the model's rates 1, .5, .25 against .5, .5, 0: one tie, two better.
    mine = np.array([[1, 1, 1], [1.0, 0.5, 0.25]])
    theirs = np.array([[1, 1, 1], [0.5, 0.5, 0.0]])
    result = stats.paired_rates_test(mine, theirs)
    assert result["pairs"] == 3
    assert (result["pass"]["only_model"], result["pass"]["only_baseline"]) == (2, 0)
    assert result["pass"]["p_value"] == 0.5  # 2 of 2 differing items: 2 * (1/2)^2
    assert result["build"]["p_value"] == 1.0


def test_paired_rates_test_skips_items_one_side_lacks():
    mine = np.array([[1, np.nan, 0], [1, np.nan, 0]])
    theirs = np.array([[0, 1, np.nan], [0, 1, np.nan]])
    assert stats.paired_rates_test(mine, theirs)["pairs"] == 1


@pytest.mark.parametrize(("successes", "total"), [(87, 120), (3, 7), (0, 50)])
def test_t_interval_of_values_on_0_1_outcomes_is_the_seeds(successes, total):
    assert stats.t_interval_values(outcomes(successes, total)) == pytest.approx(
        stats.t_interval(successes, total), abs=1e-12)


def test_t_interval_of_per_item_rates_by_hand():
    rates = np.array([0.0, 0.5, 1.0, 0.5])  # mean .5, sd sqrt(1/6)
    half = sps.t.ppf(0.975, 3) * math.sqrt(1 / 6) / 2
    assert stats.t_interval_values(rates) == pytest.approx((0.5 - half, 0.5 + half))
    assert stats.t_interval_values(np.array([0.3])) is None


def test_cohens_d_of_values_matches_the_count_form_on_0_1_outcomes():
    assert stats.cohens_d_values(outcomes(87, 120), outcomes(74, 120)) == pytest.approx(
        stats.cohens_d(87, 120, 74, 120), rel=1e-12)
    assert stats.cohens_d_values(np.ones(5), np.ones(4)) is None


def test_cluster_bootstrap_is_deterministic_and_brackets_the_estimate():
    rng = np.random.default_rng(1)
    counts = np.full((2, 40), 2.0)
    sums = rng.integers(0, 3, size=(2, 40)).astype(float)
    first, second = stats.cluster_bootstrap(sums, counts), stats.cluster_bootstrap(sums, counts)
    assert first == second
    for row in range(2):
        estimate = sums[row].sum() / counts[row].sum()
        low, high = first[row]
        assert low < estimate < high and high - low < 0.4


def test_cluster_bootstrap_is_wider_when_items_of_a_problem_agree():
    # 40 problems of 3 items each. Same overall rate (half), but in one row a problem's items all agree
    # (clustered), in the other each problem has a mix: resampling problems sees the clustering.
    agree = np.repeat([3.0, 0.0], 20)
    mixed = np.tile([2.0, 1.0], 20)
    (low_a, high_a), (low_m, high_m) = stats.cluster_bootstrap(np.stack([agree, mixed]), np.full((2, 40), 3.0))
    assert high_a - low_a > 2 * (high_m - low_m)


def test_cluster_bootstrap_without_items():
    assert stats.cluster_bootstrap(np.zeros((1, 3)), np.zeros((1, 3))) == [None]


def test_cluster_bootstrap_of_one_problem_is_no_interval():
    # Every resample of a single problem is that problem: a zero-width "interval" would claim certainty.
    # Row 0 has items of one problem (4 items, 3 passed); row 1 of two problems.
    sums, counts = np.array([[3.0, 0.0], [3.0, 1.0]]), np.array([[4.0, 0.0], [4.0, 4.0]])
    one, two = stats.cluster_bootstrap(sums, counts)
    assert one is None
    low, high = two
    assert low == pytest.approx(1 / 4) and high == pytest.approx(3 / 4)  # draws of {p1,p1}, {p2,p2}


@pytest.mark.parametrize(("values", "k"), [([0.0, 2.0, 3.0, 5.0], 1), ([0.0, 2.0, 3.0, 5.0], 2),
                                           ([0.0, 2.0, 3.0, 5.0], 4), ([1.0, 1.0, 0.0], 2)])
def test_expected_max_weights_give_the_mean_best_of_k_subsets(values, k):
    from itertools import combinations
    ordered = np.sort(values)
    weights = stats.expected_max_weights(np.arange(1, len(values) + 1), np.full(len(values), len(values)), k)
    brute = np.mean([max(subset) for subset in combinations(ordered, k)])
    assert float((weights * ordered).sum()) == pytest.approx(brute)


def test_speedup_by_hand():
    summary = stats.speedup_summary(np.array([1.0, 4.0, 0.5]), np.array([2.0, 2.0, 2.0]), np.array([2, 2, 4]))
    # speedups 2, 0.5, 4 -> geometric mean 4^(1/3); efficiencies 1, 0.25, 1 -> 0.25^(1/3)
    assert summary == pytest.approx({"count": 3, "speedup": 4 ** (1 / 3), "efficiency": 0.25 ** (1 / 3)})


def test_speedup_by_group():
    summaries = stats.speedup_by_group(np.array([1, 1, 0]), 3, np.array([1.0, 4.0, 2.0]),
                                       np.array([2.0, 2.0, 2.0]), np.array([1, 1, 2]))
    assert summaries[0] == pytest.approx({"count": 1, "speedup": 1.0, "efficiency": 0.5})
    assert summaries[1] == pytest.approx({"count": 2, "speedup": 1.0, "efficiency": 1.0})
    assert summaries[2] is None


def test_speedup_skips_unusable_runtimes():
    assert stats.speedup_summary(np.array([0.0, np.nan]), np.array([1.0, 1.0]), np.array([1, 1])) is None


def test_factorize_keeps_first_appearance_order():
    codes, values = stats.factorize(["b", "a", "b", "c", "a"])
    assert values == ["b", "a", "c"]
    assert codes.tolist() == [0, 1, 0, 2, 1]


def test_split_by_group_leaves_empty_groups():
    parts = stats.split_by_group(np.array([2, 0, 2]), np.array([1.0, 2.0, 3.0]), 4)
    assert [p.tolist() for p in parts] == [[2.0], [], [1.0, 3.0], []]
