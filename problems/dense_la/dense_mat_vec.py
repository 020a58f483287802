"""Dense matrix-vector product y = A x with a row-major M x N matrix."""
import numpy as np

SIGNATURE = ("void denseMatVec(const std::vector<double> &A, const std::vector<double> &x, "
             "std::vector<double> &y, size_t M, size_t N)")
DESCRIPTION = """
A is a dense M x N matrix stored row-major in a vector of M*N doubles (element (i, j) is A[i*N + j]).
x has N elements. y is already sized to M (its initial contents are meaningless). Overwrite y with the
matrix-vector product: y[i] = sum over j of A[i*N + j] * x[j], for i = 0 .. M-1. M may be 0 (y is then
empty); N is at least 1.
Example: M = 2, N = 3, A = [1, 2, 3,
                            4, 5, 6], x = [1, 0, -1] -> y = [1 - 3, 4 - 6] = [-2, -2]
"""
SIZES = (0, 1, 2, 7, 251, 1001)
# Each y[i] is a dot product of up to ~1500 terms of magnitude <= 1; reordered sums differ by ~1e-13.
TOLERANCE = {"rtol": 1e-10, "atol": 1e-10}
# Timing input: M, N = 1180, 1771 (16.7 MB in); our serial reference takes ~1 ms of CPU on this machine:
# one pass over A, so the 16 MiB input budget bounds it far below 0.2 s.
TIMING_SIZE = 1180


def _shape(size):
    return size, (3 * size) // 2 + 1


def inputs(rng, size):
    m, n = _shape(size)
    return {
        "A": rng.uniform(-1.0, 1.0, m * n),
        "x": rng.uniform(-1.0, 1.0, n),
        "y": np.full(m, 3.0),
        "M": m,
        "N": n,
    }


def oracle(A, x, y, M, N):
    return {"y": A.reshape(int(M), int(N)) @ x}
