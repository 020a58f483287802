"""Pure statistics behind the report: rates, intervals, effect sizes, pass@k, paired tests, speedups.

Every function takes plain counts or arrays and returns plain numbers (``None`` where a quantity is
undefined, e.g. a rate over zero items), so the report can print N/A instead of a misleading 0.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from statistics import NormalDist
from typing import Any

import numpy as np
from scipy.special import comb, stdtrit  # scipy.special loads in a third of the time of scipy.stats

def rate(successes: int, total: int) -> float | None:
    """successes/total, or None when there is nothing to divide by."""
    return successes / total if total else None


def tier(overall_rate: float | None) -> int | None:
    """Performance tier of an overall success rate: 1 above 60%, 2 from 30% to 60%, 3 below 30%."""
    if overall_rate is None:
        return None
    if overall_rate > 0.6:
        return 1
    return 2 if overall_rate >= 0.3 else 3


def bernoulli_sd(successes: int, total: int) -> float | None:
    """Sample standard deviation (ddof=1) of ``total`` 0/1 outcomes, without building the vector."""
    if total < 2:
        return None
    mean = successes / total
    return math.sqrt(mean * (1.0 - mean) * total / (total - 1))


def t_interval(successes: int, total: int, confidence: float = 0.95) -> tuple[float, float] | None:
    """Student-t interval of the mean of 0/1 outcomes (the seed's method; it can leave [0, 1])."""
    sd = bernoulli_sd(successes, total)
    if sd is None:
        return None
    mean = successes / total
    half = float(stdtrit(total - 1, 0.5 + confidence / 2)) * sd / math.sqrt(total)
    return (mean - half, mean + half)


def wilson_interval(successes: int, total: int, confidence: float = 0.95) -> tuple[float, float] | None:
    """Wilson score interval: stays inside [0, 1] and keeps its coverage near 0% and 100%."""
    if total == 0:
        return None
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = successes / total
    denominator = 1.0 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z / denominator * math.sqrt(p * (1.0 - p) / total + z * z / (4 * total * total))
    # At 0% and 100% the bound is exactly 0 or 1; rounding would leave it a hair off.
    return (0.0 if successes == 0 else centre - half, 1.0 if successes == total else centre + half)


def cohens_d(successes: int, total: int, base_successes: int, base_total: int) -> float | None:
    """Cohen's d of two sets of 0/1 outcomes: difference of means over the pooled ddof=1 sd.

    With equal sizes the pooled variance is (s1² + s2²)/2, which reproduces the seed; with unequal
    sizes each variance is weighted by its degrees of freedom. None when the pooled sd is 0.
    """
    sd, base_sd = bernoulli_sd(successes, total), bernoulli_sd(base_successes, base_total)
    if sd is None or base_sd is None:
        return None
    pooled = math.sqrt(((total - 1) * sd**2 + (base_total - 1) * base_sd**2) / (total + base_total - 2))
    if pooled == 0.0:
        return None
    return (successes / total - base_successes / base_total) / pooled


def effect_label(d: float | None) -> str | None:
    """Cohen's conventional label of |d|: Negligible < 0.2 ≤ Small < 0.5 ≤ Medium < 0.8 ≤ Large."""
    if d is None:
        return None
    size = abs(d)
    if size < 0.2:
        return "Negligible"
    if size < 0.5:
        return "Small"
    return "Medium" if size < 0.8 else "Large"


def describe(values: Sequence[float] | np.ndarray) -> dict[str, float | int | None] | None:
    """count/mean/median/std (ddof=1; None for a single value) of a sample, None when it is empty."""
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        return None
    return {"count": int(data.size), "mean": float(data.mean()), "median": float(np.median(data)),
            "std": float(data.std(ddof=1)) if data.size > 1 else None}


@lru_cache(maxsize=4096)
def pass_at_k_item(n: int, c: int, k: int) -> float:
    """Unbiased pass@k of one item with n samples of which c pass: 1 - C(n-c, k)/C(n, k).

    Computed as the product form of Chen et al. (2021), which never forms the huge binomials.
    """
    if not 0 <= c <= n or not 1 <= k <= n:
        raise ValueError(f"pass@k needs 0 <= c <= n and 1 <= k <= n (n={n}, c={c}, k={k})")
    if n - c < k:
        return 1.0
    return 1.0 - float(np.prod(1.0 - k / np.arange(n - c + 1, n + 1)))


def pass_at_k_by_row(samples: np.ndarray, successes: np.ndarray) -> list[dict[str, float | None]]:
    """Mean unbiased pass@k per row of (rows, items) matrices of sample and success counts.

    Each row gets every k of k_values(its fewest samples per item), keyed str(k); items without
    samples are left out and a row without any gets {"1": None}. Items share few distinct (n, c)
    pairs, so each pair is evaluated once: fast for 10^5 items.
    """
    samples, successes = np.asarray(samples, dtype=np.int64), np.asarray(successes, dtype=np.int64)
    present = samples > 0
    rows, items_per_row = np.nonzero(present)[0], present.sum(axis=1)
    fewest = np.where(present, samples, np.iinfo(np.int64).max).min(axis=1, initial=np.iinfo(np.int64).max)
    width = int(successes.max(initial=0)) + 1
    pairs, inverse = np.unique(samples[present] * width + successes[present], return_inverse=True)
    result: list[dict[str, float | None]] = [{} for _ in range(samples.shape[0])]
    for k in k_values(int(fewest[items_per_row > 0].max(initial=0))):
        values = np.array([pass_at_k_item(int(key // width), int(key % width), k) if key // width >= k
                           else np.nan for key in pairs])
        sums = np.bincount(rows, weights=values[inverse.ravel()], minlength=samples.shape[0])
        for row in np.flatnonzero((items_per_row > 0) & (fewest >= k)):
            result[row][str(k)] = float(sums[row] / items_per_row[row])
    return [entry or {"1": None} for entry in result]


def k_values(min_samples: int) -> list[int]:
    """The k of pass@k worth reporting when every item has at least ``min_samples`` samples."""
    return [k for k in (1, 2, 5, 10, 20, 50, 100) if k <= min_samples]


@lru_cache(maxsize=65536)
def _binomial_tail(n: int, k: int) -> float:
    """P(X <= k) for X ~ Binomial(n, 1/2), exactly (integer binomials, one rounding at the end)."""
    return sum(math.comb(n, i) for i in range(k + 1)) / 2**n


def sign_test(better: int, worse: int) -> dict[str, float | int | str]:
    """Exact two-sided sign test: of the items whose two sides differ, how many favour each side.

    With one sample per item the items that differ are McNemar's discordant pairs and this is McNemar's
    exact test; it is exact at every size (no chi-square approximation, no jump at a threshold). No
    differing item gives p = 1. Keys "only_model"/"only_baseline" hold the two counts.
    """
    differing = better + worse
    p_value = 1.0 if differing == 0 else min(1.0, 2 * _binomial_tail(differing, min(better, worse)))
    return {"only_model": better, "only_baseline": worse, "method": "exact", "p_value": p_value}


def mcnemar(only_model: int, only_baseline: int) -> dict[str, float | int | str]:
    """McNemar's exact test from the discordant counts (items only one side got right): the sign test."""
    return sign_test(only_model, only_baseline)


def paired_rates_test(mine: np.ndarray, theirs: np.ndarray) -> dict[str, Any]:
    """Exact sign tests of build and of pass over the items both sides have, on per-item rates.

    ``mine`` and ``theirs`` have shape (2, items): rows the built and passed share of each item's samples,
    NaN where that side has no such item; "model" in the result is ``mine``, "baseline" is ``theirs``.
    Samples of an item are not paired across sides (they are independent draws), so each item counts once,
    by its rate; with one sample per item this is McNemar's exact test.
    """
    both = ~np.isnan(mine[0]) & ~np.isnan(theirs[0])
    result: dict[str, Any] = {"pairs": int(both.sum())}
    for row, label in enumerate(("build", "pass")):
        ours, other = mine[row][both], theirs[row][both]
        result[label] = sign_test(int((ours > other).sum()), int((ours < other).sum()))
    return result


def paired_mcnemar(mine: np.ndarray, theirs: np.ndarray) -> dict[str, Any]:
    """paired_rates_test of 1/0 outcomes given with -1 where a side has no such item."""
    mine, theirs = (np.where(np.asarray(a) < 0, np.nan, np.asarray(a, dtype=float)) for a in (mine, theirs))
    return paired_rates_test(mine, theirs)


def t_interval_values(values: np.ndarray, confidence: float = 0.95) -> tuple[float, float] | None:
    """Student-t interval of the mean of ``values`` (per-item rates; 0/1 outcomes give t_interval)."""
    data = np.asarray(values, dtype=float)
    if data.size < 2:
        return None
    mean, sd = float(data.mean()), float(data.std(ddof=1))
    half = float(stdtrit(data.size - 1, 0.5 + confidence / 2)) * sd / math.sqrt(data.size)
    return (mean - half, mean + half)


def cohens_d_values(values: np.ndarray, base_values: np.ndarray) -> float | None:
    """Cohen's d of two samples (per-item rates): difference of means over the pooled ddof=1 sd.

    On 0/1 outcomes this equals cohens_d of their counts. None when either has under 2 values or the
    pooled sd is 0.
    """
    x, y = np.asarray(values, dtype=float), np.asarray(base_values, dtype=float)
    if x.size < 2 or y.size < 2:
        return None
    pooled = math.sqrt(((x.size - 1) * x.var(ddof=1) + (y.size - 1) * y.var(ddof=1)) / (x.size + y.size - 2))
    if pooled < 1e-12:
        return None
    return float((x.mean() - y.mean()) / pooled)


#: Resamples and seed of the cluster bootstrap: fixed, so a report is reproducible to the last digit.
BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 20251130


def cluster_bootstrap(sums: np.ndarray, counts: np.ndarray, confidence: float = 0.95,
                      resamples: int = BOOTSTRAP_RESAMPLES,
                      seed: int = BOOTSTRAP_SEED) -> list[tuple[float, float] | None]:
    """Percentile bootstrap intervals of ratio means, resampling whole clusters (problems).

    ``sums`` and ``counts`` have shape (rows, clusters): per row (model) and cluster (problem), the sum
    of its items' rates and its number of items; a row's figure is sum/count over the clusters drawn.
    Items of one problem (serial/MPI, rank counts, samples) are correlated, so problems are resampled,
    not items. Every row sees the same draws (seeded): deterministic, and rows stay comparable. A row
    with items of fewer than two problems gets None: resampling one cluster says nothing of its spread.
    """
    sums, counts = np.asarray(sums, dtype=float), np.asarray(counts, dtype=float)
    clusters = sums.shape[1]
    if clusters == 0:
        return [None] * sums.shape[0]
    draws = np.random.default_rng(seed).multinomial(clusters, np.full(clusters, 1 / clusters), size=resamples)
    with np.errstate(invalid="ignore", divide="ignore"):
        figures = (draws @ sums.T) / (draws @ counts.T)  # (resamples, rows)
    tail = (1 - confidence) / 2 * 100
    result: list[tuple[float, float] | None] = []
    for row in range(sums.shape[0]):
        values = figures[:, row][~np.isnan(figures[:, row])]
        if np.count_nonzero(counts[row]) < 2 or values.size == 0:
            result.append(None)  # one problem: every resample is the same, which is no interval at all
        else:
            low, high = np.percentile(values, [tail, 100 - tail])
            result.append((float(low), float(high)))
    return result


def expected_max_weights(rank: np.ndarray, samples: np.ndarray, k: int) -> np.ndarray:
    """Weight of the value ranked ``rank`` (1 = smallest) of ``samples`` values in E[max of k drawn].

    A random k-subset of N values has the j-th smallest as its maximum with probability
    C(j-1, k-1) / C(N, k); summing weight x value over an item's values gives the expected best of k
    (ParEval's speedup_n@k per item). Items with fewer than k values get NaN weights.
    """
    rank, samples = np.asarray(rank, dtype=float), np.asarray(samples, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        weights = comb(rank - 1, k - 1) / comb(samples, k)
    return np.where(samples >= k, weights, np.nan)


def speedup_by_group(codes: np.ndarray, groups: int, runtime_s: np.ndarray, baseline_runtime_s: np.ndarray,
                     ranks: np.ndarray) -> list[dict[str, float | int] | None]:
    """speedup_summary of each group (codes 0..groups-1) of runs."""
    parts = (split_by_group(codes, np.asarray(values, dtype=float), groups)
             for values in (runtime_s, baseline_runtime_s, ranks))
    return [speedup_summary(*group) for group in zip(*parts)]


def speedup_summary(runtime_s: np.ndarray, baseline_runtime_s: np.ndarray,
                    ranks: np.ndarray) -> dict[str, float | int] | None:
    """Geometric-mean speedup over the serial reference, and parallel efficiency (speedup/ranks).

    The geometric mean suits ratios: a 2x speedup and a 2x slowdown average to 1x.
    """
    runtime, baseline = np.asarray(runtime_s, dtype=float), np.asarray(baseline_runtime_s, dtype=float)
    usable = (runtime > 0) & (baseline > 0)
    if not usable.any():
        return None
    log_speedup = np.log(baseline[usable] / runtime[usable])
    log_efficiency = log_speedup - np.log(np.maximum(np.asarray(ranks, dtype=float)[usable], 1.0))
    return {"count": int(usable.sum()), "speedup": float(np.exp(log_speedup.mean())),
            "efficiency": float(np.exp(log_efficiency.mean()))}


def factorize(values: Sequence) -> tuple[np.ndarray, list]:
    """Integer codes of values in order of first appearance, and the distinct values in that order."""
    index = {value: code for code, value in enumerate(dict.fromkeys(values))}
    return np.fromiter(map(index.__getitem__, values), np.int64, len(values)), list(index)


def split_by_group(codes: np.ndarray, values: np.ndarray, groups: int) -> list[np.ndarray]:
    """values split by their group code (0..groups-1): one array per group, empty where none."""
    sorter = np.argsort(codes, kind="stable")
    bounds = np.cumsum(np.bincount(codes, minlength=groups))[:-1]
    return np.split(values[sorter], bounds)
