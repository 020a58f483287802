"""Sort a vector of doubles in ascending order, in place."""
import numpy as np

SIGNATURE = "void sortAscending(std::vector<double> &x)"
DESCRIPTION = """
Sort the elements of x in ascending order, in place: on return x holds the same values (the same
multiset, duplicates included) arranged so that x[i] <= x[i+1] for every i. x may be empty or hold a
single element. The values are finite (no NaN or infinity) and may repeat.
Example: x = [3.5, -1.0, 2.0, -1.0, 0.25] -> x = [-1.0, -1.0, 0.25, 2.0, 3.5]
"""
SIZES = (0, 1, 2, 7, 1001, 100003)
# Sorting only moves values, so the result must match bit for bit.
TOLERANCE = {"rtol": 0.0, "atol": 0.0}
# Timing input: n = 2090000 values (16.7 MB in); our serial reference takes 0.15 s of CPU on this machine:
# the 16 MiB input budget bounds it. An O(n^2) sort is ~10^12 steps: thousands of times the reference.
TIMING_SIZE = 2_090_000


def inputs(rng, size):
    # Half fresh values, half repeats of earlier ones, so duplicates are common.
    x = rng.uniform(-1.0e3, 1.0e3, size)
    if size > 2:
        repeats = rng.random(size) < 0.5
        x[repeats] = rng.choice(x[~repeats], int(repeats.sum())) if (~repeats).any() else x[repeats]
    return {"x": x}


def oracle(x):
    return {"x": np.sort(x)}
