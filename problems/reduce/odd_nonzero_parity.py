"""Logical XOR reduction: is the number of nonzero elements odd?"""
import numpy as np

SIGNATURE = "bool oddNonzeroParity(const std::vector<int> &x)"
DESCRIPTION = """
Return the logical XOR of the elements of x, each read as a truth value (nonzero means true): that is,
return true exactly when an odd number of elements of x are nonzero. x may be empty (the result is
then false). Negative values are nonzero.
Example: x = [0, 3, 0, -7, 1] -> three nonzero elements -> true;  x = [2, 0, 2] -> false
"""
SIZES = (0, 1, 7, 1001, 100003, 100004)
# The return value is a bool: compared exactly.
TOLERANCE = {"rtol": 0.0, "atol": 0.0}
# Timing input: n = 4190000 values (16.8 MB in); our serial reference takes ~1 ms of CPU on this machine:
# one pass over memory, so the 16 MiB input budget bounds it far below 0.2 s.
TIMING_SIZE = 4_190_000


def inputs(rng, size):
    x = np.where(rng.random(size) < 0.3, rng.integers(-5, 6, size), 0).astype(np.int32)
    if size == 1:
        x[:] = [-4]
    elif size == 7:
        x[:] = [0, 0, 0, 0, 0, 0, 9]          # the one nonzero element is the last one
    elif size >= 1000:
        # Fix the parity so that both answers occur: odd for odd sizes, even for even sizes.
        nonzero = int(np.count_nonzero(x))
        if nonzero % 2 != size % 2:
            x[-1] = 1 if x[-1] == 0 else 0
    return {"x": x}


def oracle(x):
    return {"return": bool(np.logical_xor.reduce(x != 0))}
