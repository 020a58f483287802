"""Count values: how often each integer in [0, k) occurs; partial histograms are combined across ranks."""
import numpy as np

SIGNATURE = "void countValues(const std::vector<int> &x, int k, std::vector<size_t> &counts)"
DESCRIPTION = """
x holds integers, each in the range [0, k) (k >= 1). counts is already sized to k and filled with zeros.
Set counts[v] to the number of elements of x equal to v, for every v in [0, k). x may be empty (all
counts are then 0).
Example: x = [2, 0, 2, 3, 2, 0], k = 5 -> counts = [2, 0, 3, 1, 0]
"""
SIZES = (0, 1, 7, 1001, 100003)
# Integer counts compare exactly.
TOLERANCE = {"rtol": 0.0, "atol": 0.0}
# Timing input: n = 4190000 values, k = 64 (16.8 MB in); our serial reference takes ~1.5 ms of CPU on this
# machine: one pass over memory, so the 16 MiB input budget bounds it far below 0.2 s.
TIMING_SIZE = 4_190_000

_K = {0: 3, 1: 1, 7: 5, 1001: 17, 100003: 1000}


def inputs(rng, size):
    k = _K.get(size, 64)
    # Skewed so that the counts differ from bin to bin (a uniform histogram would hide permuted bins).
    x = np.minimum((rng.pareto(1.5, size) * k / 4).astype(np.int64), k - 1)
    return {"x": x.astype(np.int32), "k": k, "counts": np.zeros(k, dtype=np.uint64)}


def oracle(x, k, counts):
    return {"counts": np.bincount(x, minlength=int(k)).astype(np.uint64)}
