"""Index of the minimum (argmin) with ties broken towards the smallest index."""
import numpy as np

SIGNATURE = "size_t indexOfMinimum(const std::vector<double> &x)"
DESCRIPTION = """
Return the index of the smallest element of x. When the smallest value occurs several times, return the
smallest index among its occurrences. x has at least one element and contains no NaN.
Example: x = [4.0, -1.5, 3.0, -1.5, 8.0] -> 1   (-1.5 is the minimum; it occurs at indices 1 and 3)
"""
SIZES = (1, 2, 7, 1001, 100003)
# The return value is an index: compared exactly.
TOLERANCE = {"rtol": 0.0, "atol": 0.0}
# Timing input: n = 2090000 values (16.7 MB in); our serial reference takes ~1 ms of CPU on this machine:
# one pass over memory, so the 16 MiB input budget bounds it far below 0.2 s.
TIMING_SIZE = 2_090_000


def inputs(rng, size):
    if size >= 10000:
        # Few distinct values: the minimum occurs many times, in every block of any split.
        x = rng.integers(-500, 500, size).astype(np.float64) * 0.25
    else:
        x = rng.uniform(-100.0, 100.0, size)
        if size >= 100:
            # A tie for the minimum near the end only.
            low = x.min() - 1.0
            x[size - size // 10] = low
            x[size - 3] = low
        elif size >= 3:
            # The minimum is the very last element.
            x[-1] = x.min() - 0.5
        elif size == 2:
            x[:] = [3.0, 3.0]
    return {"x": x}


def oracle(x):
    return {"return": np.uint64(np.argmin(x))}     # numpy returns the first occurrence
