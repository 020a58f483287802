"""Convert an unordered COO matrix with duplicates to canonical CSR (sorted columns, duplicates summed)."""
import numpy as np

from pytest_pareval.suite.problems import COO

SIGNATURE = ("void cooToCsr(const std::vector<COOElement> &A, size_t M, std::vector<size_t> &rowPtr, "
             "std::vector<size_t> &colIdx, std::vector<double> &values)")
DESCRIPTION = """
Convert a sparse matrix with M rows from coordinate (COO) format to canonical compressed sparse row
(CSR) format. A holds COOElement {row, column, value} entries in no particular order, with
0 <= row < M. The same (row, column) pair may appear several times: such duplicates are one matrix
element whose value is the sum of their values. Fill the three outputs, which are passed in EMPTY and
must be resized by the function:
- rowPtr: M+1 elements; rowPtr[0] = 0 and rowPtr[i+1] - rowPtr[i] is the number of distinct columns
  present in row i (so rowPtr[M] is the number of distinct (row, column) pairs in A);
- colIdx and values: rowPtr[M] elements each; positions rowPtr[i] .. rowPtr[i+1]-1 hold the distinct
  columns of row i in strictly increasing order, and the summed value of each (row i, column) pair.
A pair is stored whenever it occurs in A, even if its summed value is exactly zero (for example two
entries 1.5 and -1.5). Rows may be empty. M may be 0 (then rowPtr = [0]); A may be empty.
Example: M = 3, A = [{2, 1, 1.0}, {0, 4, 2.0}, {2, 0, -3.0}, {0, 1, 0.5}, {2, 1, 0.25}, {0, 4, -2.0}]
-> rowPtr = [0, 2, 2, 4], colIdx = [1, 4, 0, 1], values = [0.5, 0.0, -3.0, 1.25]
"""
SIZES = (0, 1, 3, 7, 1001, 30011)
# Structure (rowPtr, colIdx) compares exactly; values are sums of at most a few duplicates, whose
# order of addition may differ: errors of order 1e-16.
TOLERANCE = {"rtol": 1e-12, "atol": 1e-14}
# Timing input: M = 187000 rows, ~6.8e5 entries (16.4 MB in); our serial reference takes 0.05 s of CPU on this machine:
# the 16 MiB input budget bounds it.
TIMING_SIZE = 187_000


def inputs(rng, size):
    m, n = size, size + 4
    nnz = 3 * m
    rows = rng.integers(0, max(m, 1), nnz)
    cols = rng.integers(0, n, nnz)
    vals = rng.uniform(-2.0, 2.0, nnz)
    if nnz > 6:
        dup = rng.choice(nnz, nnz // 6)  # duplicates of existing positions with fresh values...
        cancel = rng.choice(nnz, nnz // 20)  # ...and some that cancel their original exactly
        rows = np.concatenate([rows, rows[dup], rows[cancel]])
        cols = np.concatenate([cols, cols[dup], cols[cancel]])
        vals = np.concatenate([vals, rng.uniform(-2.0, 2.0, dup.size), -vals[cancel]])
    entries = np.zeros(rows.size, dtype=COO)
    entries["row"], entries["column"], entries["value"] = rows, cols, vals
    rng.shuffle(entries)
    empty_u = np.zeros(0, dtype=np.uint64)
    return {"A": entries, "M": m, "rowPtr": empty_u, "colIdx": empty_u, "values": np.zeros(0)}


def oracle(A, M, rowPtr, colIdx, values):
    from scipy.sparse import coo_matrix

    columns = int(A["column"].max(initial=0)) + 1
    matrix = coo_matrix((A["value"], (A["row"].astype(np.int64), A["column"].astype(np.int64))),
                        shape=(int(M), columns)).tocsr()  # sums duplicates, keeps explicit zeros
    matrix.sum_duplicates()
    matrix.sort_indices()
    return {"rowPtr": matrix.indptr.astype(np.uint64), "colIdx": matrix.indices.astype(np.uint64),
            "values": matrix.data}
