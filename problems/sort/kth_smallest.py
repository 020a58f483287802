"""The k-th smallest element of an unsorted vector (selection)."""
import numpy as np

SIGNATURE = "double kthSmallest(const std::vector<double> &x, size_t k)"
DESCRIPTION = """
Return the k-th smallest element of x, counting from k = 1 (k = 1 is the minimum, k = x.size() the
maximum): the value that would be at index k-1 if x were sorted in ascending order. Repeated values
count once per occurrence. x has at least one element, 1 <= k <= x.size(), the values are finite,
and x must not be modified (it is const).
Example: x = [7.0, 2.5, 9.0, 2.5, -1.0], k = 3 -> sorted [-1.0, 2.5, 2.5, 7.0, 9.0] -> return 2.5
"""
SIZES = (1, 2, 7, 1001, 4099, 100003)
# The answer is one of the input values, so it must match exactly.
TOLERANCE = {"rtol": 0.0, "atol": 0.0}
# Timing input: n = 2090000 values (16.7 MB in); our serial reference takes ~0.02 s of CPU on this machine:
# linear-time selection, so the 16 MiB input budget bounds it below 0.2 s.
TIMING_SIZE = 2_090_000


def inputs(rng, size):
    # Values drawn from a pool about a third the size of x: many repeats. Never exactly zero.
    pool = rng.uniform(0.5, 100.0, max(1, size // 3)) * rng.choice([-1.0, 1.0], max(1, size // 3))
    x = rng.choice(pool, size)
    k = int(rng.integers(1, size + 1))
    if size == 1001:
        k = size  # the maximum
    return {"x": x, "k": k}


def oracle(x, k):
    return {"return": float(np.partition(x, int(k) - 1)[int(k) - 1])}
