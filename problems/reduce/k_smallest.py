"""The k smallest values in ascending order: partial selections must be gathered and merged."""
import numpy as np

SIGNATURE = "void kSmallest(const std::vector<double> &x, size_t k, std::vector<double> &smallest)"
DESCRIPTION = """
smallest is passed in empty. Resize it to min(k, x.size()) and fill it with the k smallest values of x in
ascending order, keeping repeated values as many times as they occur (it is the first min(k, n) elements
of x sorted ascending). k may be 0 or larger than x.size(); x may be empty. x contains no NaN.
Example: x = [5.0, 1.0, 4.0, 1.0, 3.0, 9.0], k = 3 -> smallest = [1.0, 1.0, 3.0]
         x = [2.0, 7.0], k = 5 -> smallest = [2.0, 7.0]
"""
SIZES = (0, 1, 3, 7, 1001, 100003)
# The values are copied, not computed: compared exactly.
TOLERANCE = {"rtol": 0.0, "atol": 0.0}
# Timing input: n = 2090000 values, k = 1000 (16.7 MB in); our serial reference takes ~1.5 ms of CPU on this machine:
# one pass over memory, so the 16 MiB input budget bounds it far below 0.2 s.
TIMING_SIZE = 2_090_000

_K = {0: 3, 1: 0, 3: 2, 7: 10, 1001: 60}   # k = 0, k < n on tiny inputs, k > n


def inputs(rng, size):
    k = _K.get(size, 1000)
    if size == 1001:
        x = rng.integers(0, 300, size) * 0.5        # many repeated values among the smallest
    else:
        x = rng.uniform(-1e3, 1e3, size)
    return {"x": x, "k": k, "smallest": np.zeros(0)}


def oracle(x, k, smallest):
    return {"smallest": np.sort(x)[: int(k)]}
