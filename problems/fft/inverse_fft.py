"""In-place inverse FFT of one long power-of-two complex signal, normalised by 1/n."""
import numpy as np

SIGNATURE = "void inverseFft(std::vector<std::complex<double>> &x)"
DESCRIPTION = """
x holds the spectrum of a complex signal; its length n is a power of two (1, 2, 4, ...): correctness is
checked on n up to 2^16, speed on n = 2^20.
Replace x, in place, with its inverse discrete Fourier transform, normalised by 1/n:
new x[j] = (1/n) * sum over k = 0 .. n-1 of old x[k] * exp(+2*pi*i * j*k / n), for j = 0 .. n-1.
(This undoes the unnormalised forward transform with exp(-2*pi*i*j*k/n).) n is large, so use an
O(n log n) fast Fourier transform.
Example: x = [4, 1 - 1i, 0, 1 + 1i] -> x = [1.5, 1.5, 0.5, 0.5]
"""
SIZES = (1, 2, 4, 8, 1024, 65536)
# Outputs are O(0.01-1); a radix-2 FFT is accurate to ~1e-15 relative here, while a wrong entry is off
# by at least 1e-3 (a swapped sign or missing 1/n) or by 1 (the one-element mutant).
TOLERANCE = {"rtol": 1e-8, "atol": 1e-10}
# Timing input: n = 2^20 (16 MiB in and out); our serial radix-2 FFT takes 0.12 s of CPU on this machine
# (the byte budget, not the target time, bounds it). An O(n^2) DFT is 1.1e12 complex multiply-adds,
# ~10^3 s: thousands of times the reference.
TIMING_SIZE = 1 << 20


def inputs(rng, size):
    x = rng.uniform(-1.0, 1.0, size) + 1j * rng.uniform(-1.0, 1.0, size)
    return {"x": x}


def oracle(x):
    return {"x": np.fft.ifft(x)}
