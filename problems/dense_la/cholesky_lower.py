"""Cholesky factor L (lower triangular, A = L L^T) of a dense symmetric positive-definite matrix."""
import numpy as np

SIGNATURE = "void choleskyLower(const std::vector<double> &A, std::vector<double> &L, size_t N)"
DESCRIPTION = """
A is a dense symmetric positive-definite N x N matrix stored row-major (element (i, j) is A[i*N + j]).
L is already sized to N*N (its initial contents are meaningless). Overwrite L with the Cholesky factor of
A, row-major: the unique lower-triangular matrix with positive diagonal such that A = L L^T. Every entry
above the diagonal of L (j > i) must be set to 0. N may be 0 (L is then empty).
Recall: L[j][j] = sqrt(A[j][j] - sum_{k<j} L[j][k]^2) and, for i > j,
L[i][j] = (A[i][j] - sum_{k<j} L[i][k] L[j][k]) / L[j][j].
Example: N = 2, A = [4, 2,
                     2, 5] -> L = [2, 0,
                                   1, 2]   (2*2 = 4, 1*2 = 2, 1*1 + 2*2 = 5)
"""
SIZES = (0, 1, 2, 7, 100, 201)
# A = B B^T / N + I is well conditioned (cond < ~10), so any backward-stable Cholesky matches LAPACK to
# ~1e-14; 1e-9 is a wide margin while a wrong entry is off by O(0.1) or more.
TOLERANCE = {"rtol": 1e-9, "atol": 1e-10}
# Timing input: N = 1020 (A and the pre-sized L: 16.6 MB in, 8.3 MB out); our serial reference takes
# 0.09 s of CPU on this machine. The 16 MiB input budget bounds it (N^3/3 flops on 2 N^2 doubles).
TIMING_SIZE = 1020


def inputs(rng, size):
    b = rng.uniform(-1.0, 1.0, (size, size))
    a = b @ b.T / max(size, 1) + np.eye(size)
    a = (a + a.T) / 2.0   # exactly symmetric
    return {"A": a.reshape(-1), "L": np.full(size * size, 4.0), "N": size}


def oracle(A, L, N):
    n = int(N)
    if n == 0:
        return {"L": np.zeros(0)}
    return {"L": np.linalg.cholesky(A.reshape(n, n)).reshape(-1)}
