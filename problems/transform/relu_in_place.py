"""Elementwise ReLU in place: the simplest map."""
import numpy as np

SIGNATURE = "void reluInPlace(std::vector<double> &x)"
DESCRIPTION = """
Replace every element of x by max(x[i], 0.0), in place: negative values become 0.0, the others are kept
unchanged. x may be empty.
Example: x = [-1.5, 0.0, 2.25, -0.5, 3.0] -> x = [0.0, 0.0, 2.25, 0.0, 3.0]
"""
SIZES = (0, 1, 2, 7, 1001, 100003)
# max(v, 0) is exact: no rounding anywhere.
TOLERANCE = {"rtol": 0.0, "atol": 0.0}
# Timing input: n = 2090000 values (16.7 MB in); our serial reference takes ~8 ms of CPU on this machine:
# one pass over memory, so the 16 MiB input budget bounds it far below 0.2 s.
TIMING_SIZE = 2_090_000


def inputs(rng, size):
    return {"x": rng.uniform(-10.0, 10.0, size)}


def oracle(x):
    return {"x": np.maximum(x, 0.0)}
