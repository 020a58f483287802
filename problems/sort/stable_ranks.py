"""Rank of every element in the stable ascending order (argsort inverse)."""
import numpy as np

SIGNATURE = "void computeRanks(const std::vector<double> &x, std::vector<size_t> &ranks)"
DESCRIPTION = """
For every index i of x, store in ranks[i] the position (0-based) that x[i] takes when x is sorted in
ascending order by a stable sort: ranks[i] is the number of indices j with x[j] < x[i], plus the
number of indices j < i with x[j] == x[i]. Equal values therefore keep their original relative order,
and ranks is a permutation of 0 .. n-1. ranks already has size n = x.size() (overwrite its contents);
x may be empty. The values are finite (no NaN) and often repeat.
Example: x = [0.5, -2.0, 0.5, 3.0, -2.0] -> ranks = [2, 0, 3, 4, 1]
(sorted stably: -2.0 from index 1, -2.0 from index 4, 0.5 from index 0, 0.5 from index 2, 3.0 from index 3)
"""
SIZES = (0, 1, 2, 7, 1001, 100003)
# ranks are integers: compared exactly.
TOLERANCE = {"rtol": 0.0, "atol": 0.0}
# Timing input: n = 1045000 values and the pre-sized ranks (16.7 MB in); our serial reference takes 0.12 s of CPU on this machine:
# the 16 MiB input budget bounds it. An O(n^2) sort is ~10^12 steps: thousands of times the reference.
TIMING_SIZE = 1_045_000


def inputs(rng, size):
    # Few distinct values (about n/4) so ties, and their tie-breaking, matter everywhere.
    x = rng.integers(-max(1, size // 8), max(1, size // 8) + 1, size) * 0.5 + 0.25
    return {"x": x, "ranks": np.zeros(size, dtype=np.uint64)}


def oracle(x, ranks):
    order = np.argsort(x, kind="stable")
    result = np.empty(x.size, dtype=np.uint64)
    result[order] = np.arange(x.size, dtype=np.uint64)
    return {"ranks": result}
