"""Batched binary search: the lower bound of many queries in one sorted array."""
import numpy as np

SIGNATURE = ("void lowerBounds(const std::vector<double> &sorted, const std::vector<double> &queries, "
             "std::vector<size_t> &positions)")
DESCRIPTION = """
sorted holds n values in non-decreasing order (values may repeat; n may be 0). For every query q =
queries[k], store in positions[k] the lower bound of q in sorted: the smallest index i such that
sorted[i] >= q, or n if every element is smaller than q (equivalently, the number of elements < q).
positions is already sized to queries.size() on entry; its initial contents are arbitrary and every element
must be overwritten. Queries are in no particular order and may equal values of sorted, lie below its first
element or above its last.
Example: sorted = [1.0, 3.0, 3.0, 3.0, 8.0], queries = [3.0, 0.5, 9.0, 4.0, 1.0]
-> positions = [1, 0, 5, 4, 0]
"""
SIZES = (0, 1, 2, 7, 1001, 100003)
TOLERANCE = {"rtol": 0.0, "atol": 0.0}  # integer outputs: compared exactly anyway
# Timing input: n = 1045000 sorted values, 522505 queries (16.7 MB in, 4.2 MB out); our serial reference
# (one binary search per query) takes 0.1 s of CPU on this machine: the 16 MiB input budget bounds it.
# A linear scan per query is ~5e11 comparisons: thousands of times the reference.
TIMING_SIZE = 1_045_000


def inputs(rng, size):
    # Half-integers from a narrow range: long runs of equal values, so lower vs upper bound matters.
    sorted_ = np.sort(rng.integers(0, max(2, size // 4), size) / 2.0)
    count = size // 2 + 5
    top = sorted_[-1] if size else 1.0
    queries = rng.uniform(-1.0, top + 1.0, count)
    exact = rng.random(count) < 0.5                    # half of the queries hit existing values
    if size:
        queries[exact] = sorted_[rng.integers(0, size, int(exact.sum()))]
    return {"sorted": sorted_, "queries": queries,
            "positions": rng.integers(0, 1 << 40, count, dtype=np.uint64)}


def oracle(sorted, queries, positions):
    return {"positions": np.searchsorted(sorted, queries, side="left").astype(np.uint64)}
