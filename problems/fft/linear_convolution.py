"""Full linear convolution of two real sequences (an FFT-sized job: direct O(n*m) is slow)."""
import numpy as np

SIGNATURE = ("void linearConvolution(const std::vector<double> &a, const std::vector<double> &b, "
             "std::vector<double> &c)")
DESCRIPTION = """
a (length n) and b (length m) are real sequences, both non-empty; either may be the longer one, and the
lengths are arbitrary (not powers of two), up to tens of thousands. c is already sized to n + m - 1 (its
initial contents are meaningless). Overwrite c with the full linear (not circular) convolution of a and b:
c[k] = sum over all j with 0 <= j < n and 0 <= k - j < m of a[j] * b[k - j], for k = 0 .. n + m - 2.
For large inputs compute it with zero-padded FFTs (pad to a length of at least n + m - 1).
Example: a = [1, 2, 3], b = [0, 1, 0.5] -> c = [0, 1, 2.5, 4, 1.5]
"""
SIZES = (1, 2, 3, 7, 1001, 20011)
# Entries are sums of up to ~4000 products of magnitude <= 1 (|c| ~ 40); an FFT convolution of these
# lengths is accurate to ~1e-11 absolute, a direct sum to ~1e-13, and a wrong entry is off by >= 1.
TOLERANCE = {"rtol": 1e-9, "atol": 1e-8}

# length of a -> length of b
_OTHER = {1: 1, 2: 3, 3: 1, 7: 12, 1001: 200, 20011: 4003}


def inputs(rng, size):
    m = _OTHER[size]
    return {"a": rng.uniform(-1.0, 1.0, size), "b": rng.uniform(-1.0, 1.0, m),
            "c": np.full(size + m - 1, 0.25)}


def oracle(a, b, c):
    return {"c": np.convolve(a, b, mode="full")}
