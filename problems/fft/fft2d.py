"""In-place 2D forward DFT of a row-major complex matrix of arbitrary (moderate) dimensions."""
import numpy as np

SIGNATURE = "void fft2d(std::vector<std::complex<double>> &data, size_t rows, size_t cols)"
DESCRIPTION = """
data holds a rows x cols complex matrix stored row-major (element (r, c) is data[r*cols + c]); rows and
cols are at least 1 and are not necessarily powers of two (either may be prime, up to a few hundred).
Replace data, in place, with its two-dimensional forward discrete Fourier transform, without
normalisation, still row-major:
new data[u*cols + v] = sum over r, c of old data[r*cols + c] * exp(-2*pi*i * (u*r/rows + v*c/cols)).
This equals transforming every row with the 1D DFT and then every column of the result (or the other way
round), where the 1D DFT of z of length n is Z[k] = sum_j z[j] * exp(-2*pi*i * j*k / n).
Example: rows = 2, cols = 2, data = [1, 2,
                                     3, 4] -> data = [10, -2,
                                                      -4, 0]
"""
SIZES = (1, 2, 7, 64, 127, 256)
# Entries reach ~300 in magnitude; a direct DFT along a 255-long axis or any FFT keeps errors ~1e-11,
# while a wrong entry is off by O(1).
TOLERANCE = {"rtol": 1e-9, "atol": 1e-8}

# size -> (rows, cols)
_SHAPES = {1: (1, 1), 2: (2, 3), 7: (7, 5), 64: (64, 48), 127: (127, 64), 256: (256, 200)}
# Timing input: 500 x 376 (size = rows; cols = rows * 3 // 4 + 1, neither a power of two); our serial
# reference (a direct DFT along each axis that is not a power of two: 500 * 376 * (500 + 376) = 1.6e8
# complex multiply-adds) takes 0.29 s of CPU on this machine. 3.0 MB in and out.
TIMING_SIZE = 500


def inputs(rng, size):
    rows, cols = _SHAPES.get(size) or (size, size * 3 // 4 + 1)  # timing: neither a power of two
    n = rows * cols
    data = rng.uniform(-1.0, 1.0, n) + 1j * rng.uniform(-1.0, 1.0, n)
    return {"data": data, "rows": rows, "cols": cols}


def oracle(data, rows, cols):
    return {"data": np.fft.fft2(data.reshape(int(rows), int(cols))).reshape(-1)}
