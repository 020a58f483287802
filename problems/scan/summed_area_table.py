"""Summed-area table (2D inclusive prefix sum) of an integer matrix."""
import numpy as np

SIGNATURE = ("void summedAreaTable(const std::vector<int> &grid, size_t rows, size_t cols, "
             "std::vector<int64_t> &table)")
DESCRIPTION = """
grid is a rows x cols matrix of integers stored row-major (element (i, j) is grid[i*cols + j]). Compute its
summed-area table: table[i*cols + j] = the sum of grid[a*cols + b] over all 0 <= a <= i and 0 <= b <= j,
i.e. the sum of the top-left sub-matrix ending at (i, j), inclusive. table is already sized to rows*cols on
entry (same layout); its initial contents are arbitrary and every element must be overwritten. rows may be 0
(empty grid and table); values may be negative; no sum overflows int64_t.
Example: rows = 2, cols = 3, grid = [1, 2, 3,
                                     4, 5, 6] -> table = [1, 3,  6,
                                                          5, 12, 21]
"""
SIZES = (0, 1, 2, 7, 101, 403)
TOLERANCE = {"rtol": 0.0, "atol": 0.0}  # integer outputs: compared exactly anyway
# Timing input: 1660 x 833 (grid and the pre-sized table) (16.6 MB in); our serial reference takes <1 ms of CPU on this machine:
# one pass over memory, so the 16 MiB input budget bounds it far below 0.2 s.
TIMING_SIZE = 1_660


def inputs(rng, size):
    rows, cols = size, size // 2 + 3   # not square; 403 x 204 ~ 82k elements
    return {"grid": rng.integers(-50, 100, rows * cols, dtype=np.int32), "rows": rows, "cols": cols,
            "table": rng.integers(-5, 5, rows * cols, dtype=np.int64)}


def oracle(grid, rows, cols, table):
    matrix = grid.astype(np.int64).reshape(int(rows), int(cols))
    return {"table": matrix.cumsum(axis=0).cumsum(axis=1).reshape(-1)}
