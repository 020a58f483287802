"""Dense matrix-matrix product C = A B with row-major rectangular matrices."""
import numpy as np

SIGNATURE = ("void denseMatMul(const std::vector<double> &A, const std::vector<double> &B, "
             "std::vector<double> &C, size_t M, size_t K, size_t N)")
DESCRIPTION = """
A is an M x K matrix and B a K x N matrix, both dense and stored row-major (element (i, k) of A is
A[i*K + k], element (k, j) of B is B[k*N + j]). C is already sized to M*N (its initial contents are
meaningless). Overwrite C with the product A B, row-major: C[i*N + j] = sum over k of A[i*K + k] * B[k*N + j].
M and N are at least 1 and K is at least 1.
Example: M = 2, K = 2, N = 3, A = [1, 2,
                                   3, 4], B = [1, 0, 2,
                                               0, 1, -1]
-> C = [1, 2, 0,
        3, 4, 2]
"""
SIZES = (1, 2, 3, 7, 64, 181)
# Each entry is a dot product of at most ~100 terms of magnitude <= 1: reordering changes it by ~1e-14.
TOLERANCE = {"rtol": 1e-10, "atol": 1e-10}
# Timing input: M, K, N = 1020, 511, 1022 (16.7 MB in with the pre-sized C, 8.3 MB out); our serial
# reference takes 0.15 s of CPU on this machine. The 16 MiB input budget bounds it.
TIMING_SIZE = 1020


def _shape(size):
    return size, size // 2 + 1, size + 2


def inputs(rng, size):
    m, k, n = _shape(size)
    return {
        "A": rng.uniform(-1.0, 1.0, m * k),
        "B": rng.uniform(-1.0, 1.0, k * n),
        "C": np.full(m * n, -5.0),
        "M": m,
        "K": k,
        "N": n,
    }


def oracle(A, B, C, M, K, N):
    return {"C": (A.reshape(int(M), int(K)) @ B.reshape(int(K), int(N))).reshape(-1)}
