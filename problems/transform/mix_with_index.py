"""Map that depends on each element's position: x[i] = x[i] * (i mod 5) + i, on 64-bit integers."""
import numpy as np

SIGNATURE = "void mixWithIndex(std::vector<int64_t> &x)"
DESCRIPTION = """
x holds N 64-bit integers (N may be 0). Replace each element, in place, by a value that depends on the element
and on its index i (counted from 0 at the start of x):
x[i] = x[i] * (i mod 5) + i.
Example: x = [3, -2, 7, 1, 4, 10] -> x = [0, -1, 16, 6, 20, 5]
(i = 2: 7 * 2 + 2 = 16; i = 5: 10 * 0 + 5 = 5.)
"""
SIZES = (0, 1, 2, 7, 1001, 100003)
# Integer output: compared exactly.
TOLERANCE = {"rtol": 0.0, "atol": 0.0}
# Timing input: n = 2090000 values (16.7 MB in); our serial reference takes ~1.5 ms of CPU on this machine:
# one pass over memory, so the 16 MiB input budget bounds it far below 0.2 s.
TIMING_SIZE = 2_090_000


def inputs(rng, size):
    return {"x": rng.integers(-1_000_000, 1_000_001, size, dtype=np.int64)}


def oracle(x):
    index = np.arange(x.size, dtype=np.int64)
    return {"x": x * np.mod(index, 5) + index}
