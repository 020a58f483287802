"""Sum of squares: the simplest reduction, one scalar out."""
import numpy as np

SIGNATURE = "double sumOfSquares(const std::vector<double> &x)"
DESCRIPTION = """
Return the sum of the squares of the elements of x. x may be empty (the sum is then 0).
Example: x = [1.5, -2.0, 0.5] -> 1.5*1.5 + 2.0*2.0 + 0.5*0.5 = 6.5
"""
SIZES = (0, 1, 7, 1000, 100003)
# Summation order differs between ranks and the oracle; relative error of a sum of n positive terms
# stays far below 1e-10 for these sizes.
TOLERANCE = {"rtol": 1e-10, "atol": 1e-12}
# Timing input: n = 2090000 values (16.7 MB in); our serial reference takes ~1 ms of CPU on this machine:
# one pass over memory, so the 16 MiB input budget bounds it far below 0.2 s.
TIMING_SIZE = 2_090_000


def inputs(rng, size):
    return {"x": rng.uniform(-10.0, 10.0, size)}


def oracle(x):
    return {"return": float(np.dot(x, x))}
