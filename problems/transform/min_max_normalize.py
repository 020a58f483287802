"""Min-max normalisation in place: global reductions (minimum and maximum) followed by a map."""
import numpy as np

SIGNATURE = "void minMaxNormalize(std::vector<double> &x)"
DESCRIPTION = """
Rescale x in place so that its values span [0, 1]: with lo = the minimum and hi = the maximum of all
elements of x, replace every element by (x[i] - lo) / (hi - lo). If all elements are equal (hi == lo), every
element becomes 0.0 instead. x may be empty (then nothing happens).
Example: x = [2.0, -1.0, 5.0, 0.5] -> lo = -1, hi = 5 -> x = [0.5, 0.0, 1.0, 0.25]
"""
SIZES = (0, 1, 2, 7, 1001, 100003)
# One subtraction and one division (or a multiplication by 1/(hi-lo)) per element on results in [0, 1]:
# a couple of ulps.
TOLERANCE = {"rtol": 1e-12, "atol": 1e-12}
# Timing input: n = 2090000 values (16.7 MB in); our serial reference takes ~7 ms of CPU on this machine:
# one pass over memory, so the 16 MiB input budget bounds it far below 0.2 s.
TIMING_SIZE = 2_090_000


def inputs(rng, size):
    # Offset and spread vary per case so that the extremes are not always near the same values.
    centre, spread = rng.uniform(-1000.0, 1000.0), rng.uniform(1.0, 500.0)
    return {"x": rng.normal(centre, spread, size)}


def oracle(x):
    if x.size == 0:
        return {"x": x.copy()}
    lo, hi = np.min(x), np.max(x)
    if hi == lo:
        return {"x": np.zeros_like(x)}
    return {"x": (x - lo) / (hi - lo)}
