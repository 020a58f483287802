"""Sparse matrix-vector product y = A x with A in compressed sparse row (CSR) format."""
import numpy as np

SIGNATURE = ("void spmvCsr(const std::vector<size_t> &rowPtr, const std::vector<size_t> &colIdx, "
             "const std::vector<double> &values, const std::vector<double> &x, std::vector<double> &y, "
             "size_t M, size_t N)")
DESCRIPTION = """
Compute y = A * x for a sparse M x N matrix A in compressed sparse row (CSR) format: rowPtr has M+1
elements with rowPtr[0] = 0 and rowPtr[M] = nnz (the number of stored entries); the entries of row i
are at positions k = rowPtr[i] .. rowPtr[i+1]-1 of colIdx and values, meaning A[i][colIdx[k]] = values[k].
Within a row the column indices are strictly increasing (no duplicates), every column index is < N, and
rows may be empty. x has N elements. y already has size M, but its initial contents are meaningless:
overwrite every element (an empty row gives 0). Row lengths vary a lot (a few rows are much longer than
the rest). M may be 0 (then rowPtr = [0] and y is empty).
Example: M = 3, N = 4, rowPtr = [0, 2, 2, 5], colIdx = [0, 3, 1, 2, 3], values = [1.0, 2.0, -1.0, 3.0, 0.5],
x = [4.0, 1.0, 2.0, -2.0]
-> A = [[1, 0, 0, 2], [0, 0, 0, 0], [0, -1, 3, 0.5]] -> y = [0.0, 0.0, 4.0]
(row 0: 1*4 + 2*(-2) = 0; row 1 is empty; row 2: -1*1 + 3*2 + 0.5*(-2) = 4)
"""
SIZES = (0, 1, 3, 7, 1001, 30011)
# Row sums (up to a few hundred O(1) terms) in a different order than the oracle: tiny absolute error.
TOLERANCE = {"rtol": 1e-10, "atol": 1e-11}
# Timing input: M = 128000 rows, ~6.5e5 entries (16.3 MB in); our serial reference takes ~1.5 ms of CPU on this machine:
# one pass over memory, so the 16 MiB input budget bounds it far below 0.2 s.
TIMING_SIZE = 128_000


def inputs(rng, size):
    m, n = size, size + 2
    nnz = 3 * m
    rows = rng.integers(0, max(m, 1), nnz)
    cols = rng.integers(0, n, nnz)
    if m > 20:  # a few heavy rows
        heavy = rng.choice(m, max(1, m // 50), replace=False)
        extra = rng.integers(50, 300, heavy.size)
        rows = np.concatenate([rows, np.repeat(heavy, extra)])
        cols = np.concatenate([cols, rng.integers(0, n, int(extra.sum()))])
    keys = np.sort(rows.astype(np.int64) * n + cols) if m else np.zeros(0, dtype=np.int64)
    keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if keys.size else keys  # np.unique: slower
    rows, cols = keys // n, keys % n
    row_ptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=m))]).astype(np.uint64)
    return {"rowPtr": row_ptr, "colIdx": cols.astype(np.uint64), "values": rng.uniform(-2.0, 2.0, keys.size),
            "x": rng.uniform(-1.0, 1.0, n), "y": rng.uniform(-9.0, 9.0, m), "M": m, "N": n}


def oracle(rowPtr, colIdx, values, x, y, M, N):
    from scipy.sparse import csr_matrix

    matrix = csr_matrix((values, colIdx.astype(np.int64), rowPtr.astype(np.int64)), shape=(int(M), int(N)))
    return {"y": matrix @ x}
