"""Forward discrete Fourier transform of a complex signal of any (small) length."""
import numpy as np

SIGNATURE = ("void dftForward(const std::vector<std::complex<double>> &x, "
             "std::vector<std::complex<double>> &spectrum)")
DESCRIPTION = """
x holds a complex signal of length n, where n is any length from 1 up (not necessarily a power of two;
it may be prime): correctness is checked on n up to about a thousand, speed on n around 12,000. spectrum is already sized to n (its initial contents are meaningless).
Overwrite spectrum with the forward discrete Fourier transform of x, without normalisation:
spectrum[k] = sum over j = 0 .. n-1 of x[j] * exp(-2*pi*i * j*k / n), for k = 0 .. n-1.
Example: x = [1, 2, 3] (imaginary parts 0)
-> spectrum = [6, -1.5 + 0.8660254i, -1.5 - 0.8660254i]   (0.8660254 = sqrt(3)/2)
"""
SIZES = (1, 2, 3, 7, 100, 1001)
# |spectrum[k]| ~ sqrt(n) <= ~25; a direct O(n^2) sum or any FFT is accurate to ~1e-12 here, while a
# wrong coefficient is off by O(1).
TOLERANCE = {"rtol": 1e-9, "atol": 1e-9}
# Timing input: n = 12007 (a prime); our serial reference (the direct O(n^2) sum with a twiddle table)
# takes 0.25 s of CPU on this machine. An FFT (Bluestein for a prime n) would beat it by far: allowed.
TIMING_SIZE = 12_007


def inputs(rng, size):
    x = rng.uniform(-1.0, 1.0, size) + 1j * rng.uniform(-1.0, 1.0, size)
    return {"x": x, "spectrum": np.full(size, 2.0 - 1.0j)}


def oracle(x, spectrum):
    return {"spectrum": np.fft.fft(x)}
