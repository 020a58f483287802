"""Index of the k-th element above a threshold: a search that needs the counts of every earlier block."""
import numpy as np

SIGNATURE = "int64_t kthGreaterThan(const std::vector<double> &x, double threshold, size_t k)"
DESCRIPTION = """
Scanning x from index 0 upwards, count the elements that are strictly greater than threshold (elements equal
to threshold do not count). Return the index of the k-th such element (k >= 1: k = 1 is the first one), or -1
if fewer than k elements of x are greater than threshold (in particular when x is empty).
Example: x = [0.5, 2.0, 1.0, 3.5, 1.0, 4.0], threshold = 1.0
-> the elements greater than 1.0 are at indices 1, 3, 5; k = 2 -> 3;  k = 3 -> 5;  k = 4 -> -1
"""
SIZES = (0, 1, 7, 1001, 4099, 100003)
TOLERANCE = {"rtol": 0.0, "atol": 0.0}  # integer output: compared exactly anyway
# Timing input: n = 2090000 values, the k-th hit 17 before the last (16.7 MB in); our serial reference takes ~9 ms of CPU on this machine:
# one pass over memory, so the 16 MiB input budget bounds it far below 0.2 s.
TIMING_SIZE = 2_090_000


def inputs(rng, size):
    # Quarter steps: many elements equal the threshold exactly, so > and >= give different answers.
    x = rng.integers(-40, 40, size) / 4.0
    threshold = float(rng.integers(-8, 8)) / 4.0
    above = int(np.count_nonzero(x > threshold))
    # k chosen per size: the first hit, exactly the last hit, one past the last (absent), and hits that
    # lie deep in a later rank's block.
    k = {0: 1, 1: 1, 7: max(1, above), 1001: above + 1, 4099: max(1, (above * 2) // 3), 100003: max(1, above - 17)}
    return {"x": x, "threshold": threshold, "k": k.get(size, max(1, above - 17))}


def oracle(x, threshold, k):
    hits = np.flatnonzero(x > threshold)
    k = int(k)
    return {"return": np.int64(hits[k - 1] if k <= hits.size else -1)}
