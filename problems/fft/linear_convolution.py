"""Full linear convolution of two real sequences (an FFT-sized job: direct O(n*m) is slow)."""
import numpy as np

SIGNATURE = ("void linearConvolution(const std::vector<double> &a, const std::vector<double> &b, "
             "std::vector<double> &c)")
DESCRIPTION = """
a (length n) and b (length m) are real sequences, both non-empty; either may be the longer one, and the
lengths are arbitrary (not powers of two): correctness is checked on lengths up to about 20,000, speed
on lengths around 800,000 and 100,000. c is already sized to n + m - 1 (its
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
# Timing input: n = 800000, m = 114286 (m = n // 7 + 1 for any size outside the table); our serial
# reference (zero-padded radix-2 FFTs of length 2^20) takes ~0.35 s of CPU on this machine. A direct
# O(n*m) sum is 9.1e10 multiply-adds, 20-40 s at 2.5-5e9 per second: 50-100x the reference. b is the
# shorter one so that an overlap-add split of a over 2 ranks needs FFTs of half the length (n/2 + m <
# 2^19). Input 14.6 MB (c comes pre-sized), output 7.3 MB.
TIMING_SIZE = 800_000


def inputs(rng, size):
    m = _OTHER.get(size, size // 7 + 1)
    return {"a": rng.uniform(-1.0, 1.0, size), "b": rng.uniform(-1.0, 1.0, m),
            "c": np.full(size + m - 1, 0.25)}


def oracle(a, b, c):
    if a.size * b.size <= 10**8:
        return {"c": np.convolve(a, b, mode="full")}  # direct: exact to rounding
    from scipy.fft import irfft, next_fast_len, rfft  # the timing input: a direct sum would take minutes

    length = next_fast_len(a.size + b.size - 1, real=True)
    return {"c": irfft(rfft(a, length) * rfft(b, length), length)[: a.size + b.size - 1]}
