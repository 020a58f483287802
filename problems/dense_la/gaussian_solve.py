"""Solve a dense nonsingular linear system A x = b (Gaussian elimination with partial pivoting)."""
import numpy as np

SIGNATURE = ("void gaussianSolve(const std::vector<double> &A, const std::vector<double> &b, "
             "std::vector<double> &x, size_t N)")
DESCRIPTION = """
A is a dense, nonsingular N x N matrix stored row-major (element (i, j) is A[i*N + j]) and b has N
elements. x is already sized to N (its initial contents are meaningless). Overwrite x with the solution
of the linear system A x = b. N is at least 1. A is general (not symmetric, not diagonally dominant) and
some diagonal entries may be zero, so eliminating without row exchanges can fail: use partial pivoting
(at each step choose as pivot the remaining row with the largest absolute value in the current column).
The inputs A and b must not be modified (they are const).
Example: N = 2, A = [0, 2,
                     1, 1], b = [4, 3] -> x = [1, 2]   (0*1 + 2*2 = 4, 1*1 + 1*2 = 3)
"""
SIZES = (1, 2, 3, 7, 100, 201)
# Random matrices here have condition numbers around 1e2-1e4, so a backward-stable solve agrees with
# LAPACK to ~1e-12; 1e-7 leaves a wide margin while a wrong entry is off by O(1).
TOLERANCE = {"rtol": 1e-7, "atol": 1e-8}
# Timing input: N = 1200 (11.5 MB in); our serial reference (partial pivoting, 2/3 N^3 flops) takes
# 0.31 s of CPU on this machine.
TIMING_SIZE = 1200


def inputs(rng, size):
    a = rng.uniform(-1.0, 1.0, (size, size))
    if size >= 2:
        a[0, 0] = 0.0           # the first pivot must come from another row
        a[size - 1, size - 1] = 0.0
    else:
        a[0, 0] = rng.uniform(0.5, 2.0)
    x_true = rng.uniform(-1.0, 1.0, size)
    return {"A": a.reshape(-1), "b": a @ x_true, "x": np.full(size, 9.0), "N": size}


def oracle(A, b, x, N):
    return {"x": np.linalg.solve(A.reshape(int(N), int(N)), b)}
