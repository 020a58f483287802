"""Inclusive prefix sum of doubles: the basic scan."""
import numpy as np

SIGNATURE = "void prefixSum(const std::vector<double> &x, std::vector<double> &output)"
DESCRIPTION = """
Compute the inclusive prefix sum of x: output[i] = x[0] + x[1] + ... + x[i] for every i in [0, n),
where n = x.size(). output is already sized to n on entry; its initial contents are arbitrary and every
element must be overwritten. x may be empty (output is then empty too). Values may be negative.
Example: x = [2.0, -1.0, 0.5, 3.0] -> output = [2.0, 1.0, 1.5, 4.5]
"""
SIZES = (0, 1, 2, 7, 1001, 100003)
# The association order of the additions may differ (blocks + offsets); with |x| <= 10 and n ~ 1e5 the
# rounding differences stay around 1e-11 absolute, far below these bounds and far below a wrong element.
TOLERANCE = {"rtol": 1e-9, "atol": 1e-7}
# Timing input: n = 1045000 (x and the pre-sized output) (16.7 MB in); our serial reference takes <1 ms of CPU on this machine:
# one pass over memory, so the 16 MiB input budget bounds it far below 0.2 s.
TIMING_SIZE = 1_045_000


def inputs(rng, size):
    return {"x": rng.uniform(-10.0, 10.0, size), "output": rng.uniform(-1.0, 1.0, size)}


def oracle(x, output):
    return {"output": np.cumsum(x)}
