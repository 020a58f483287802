"""Sparse matrix-vector product y = A x with A in coordinate (COO) format."""
import numpy as np

from pytest_pareval.suite.problems import COO

SIGNATURE = ("void spmvCoo(const std::vector<COOElement> &A, const std::vector<double> &x, "
             "std::vector<double> &y, size_t M, size_t N)")
DESCRIPTION = """
Compute y = A * x, where A is a sparse M x N matrix given as a list of COOElement {row, column, value}
entries (0 <= row < M, 0 <= column < N) in no particular order, and x has N elements. The same
(row, column) pair may appear several times: duplicate entries are summed, i.e. A[i][j] is the sum of
the values of all entries with row i and column j; positions with no entry are zero. y already has size
M, but its initial contents are meaningless: overwrite every element (a row with no entries gives 0).
M may be 0 (then A and y are empty).
Example: M = 2, N = 3, A = [{1, 2, 4.0}, {0, 0, 1.0}, {1, 0, -1.0}, {0, 0, 2.0}], x = [1.0, 2.0, 0.5]
-> A = [[3, 0, 0], [-1, 0, 4]] -> y = [3.0, 1.0]
"""
SIZES = (0, 1, 3, 7, 1001, 30011)
# Row sums of a few O(1) terms added in a different order than the oracle: errors ~1e-15 absolute.
TOLERANCE = {"rtol": 1e-10, "atol": 1e-12}
# Timing input: M = 145000 rows, ~6.1e5 entries (16.6 MB in); our serial reference takes ~1.5 ms of CPU on this machine:
# one pass over memory, so the 16 MiB input budget bounds it far below 0.2 s.
TIMING_SIZE = 145_000


def inputs(rng, size):
    m, n = size, size + 3
    nnz = 4 * m + (m // 10)
    entries = np.zeros(nnz, dtype=COO)
    entries["row"] = rng.integers(0, max(m, 1), nnz)
    entries["column"] = rng.integers(0, n, nnz)
    entries["value"] = rng.uniform(-2.0, 2.0, nnz)
    if nnz > 10:  # explicit duplicates of existing positions
        dup = rng.choice(nnz, nnz // 10)
        entries["row"][: nnz // 10] = entries["row"][dup]
        entries["column"][: nnz // 10] = entries["column"][dup]
        rng.shuffle(entries)
    return {"A": entries, "x": rng.uniform(-1.0, 1.0, n), "y": rng.uniform(-9.0, 9.0, m), "M": m, "N": n}


def oracle(A, x, y, M, N):
    from scipy.sparse import coo_matrix

    matrix = coo_matrix((A["value"], (A["row"].astype(np.int64), A["column"].astype(np.int64))),
                        shape=(int(M), int(N)))
    return {"y": matrix.tocsr() @ x}
