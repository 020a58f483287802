"""Leading decimal digits (Benford counts) of 64-bit integers, including values near powers of ten."""
import numpy as np

SIGNATURE = "void leadingDigitCounts(const std::vector<int64_t> &x, std::vector<size_t> &counts)"
DESCRIPTION = """
counts is already sized to 9 and filled with zeros. For every nonzero element of x, take the first
(most significant) decimal digit d of its absolute value and add one to counts[d - 1]; so counts[0]
counts the values whose leading digit is 1, ..., counts[8] those whose leading digit is 9. Zeros are
not counted. Every |x[i]| is below 10^18. x may be empty. The digit is that of the exact integer:
999999999999999999 has leading digit 9 (beware that it rounds to 1e18 as a double).
Example: x = [123, -45, 0, 9, 1000, 999999999999999999, -7]
-> leading digits 1, 4, 9, 1, 9, 7 (0 is skipped) -> counts = [2, 0, 0, 1, 0, 0, 1, 0, 2]
"""
SIZES = (0, 1, 7, 1001, 100003)
# Integer counts compare exactly.
TOLERANCE = {"rtol": 0.0, "atol": 0.0}
# Timing input: n = 2090000 values (16.7 MB in); our serial reference takes 0.03 s of CPU on this
# machine: one pass over memory, so the 16 MiB input budget bounds it far below 0.2 s.
TIMING_SIZE = 2_090_000


def inputs(rng, size):
    # Log-uniform magnitudes (Benford-distributed leading digits), random signs, some zeros.
    x = np.floor(10.0 ** rng.uniform(0.0, 18.0, size)).astype(np.int64)
    x = np.minimum(x, 10**18 - 1)
    x *= rng.choice(np.array([-1, 1], dtype=np.int64), size)
    x[rng.random(size) < 0.05] = 0
    # Integers just below and at powers of ten, which floating-point log10 gets wrong.
    tricky = np.array([10**k - 1 for k in range(1, 19)] + [10**k for k in range(0, 18)], dtype=np.int64)
    if size >= 100:
        where = rng.choice(size, size=tricky.size, replace=False)
        x[where] = tricky * rng.choice(np.array([-1, 1], dtype=np.int64), tricky.size)
    elif size == 1:
        x[:] = 999999999999999999
    return {"x": x, "counts": np.zeros(9, dtype=np.uint64)}


def oracle(x, counts):
    # Exact integer arithmetic: the largest power of ten not above |x| (found by binary search among all
    # 19 of them), then one integer division.
    magnitude = np.abs(x[x != 0])
    powers = 10 ** np.arange(19, dtype=np.int64)
    first = magnitude // powers[np.searchsorted(powers, magnitude, side="right") - 1]
    return {"counts": np.bincount(first, minlength=10)[1:].astype(np.uint64)}
