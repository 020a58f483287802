"""One Jacobi sweep for the 2D Poisson equation on a grid with fixed (Dirichlet) boundary values."""
import numpy as np

SIGNATURE = ("void jacobiPoissonStep(const std::vector<double> &u, const std::vector<double> &f, double h, "
             "std::vector<double> &next, size_t rows, size_t cols)")
DESCRIPTION = """
u and f are rows x cols grids stored row-major (cell (i, j) is at index i*cols + j); rows or cols may be 0.
u is the current approximation of the solution of -(d2u/dx2 + d2u/dy2) = f on a uniform grid of spacing h,
and f is the right-hand side. next is already sized to rows*cols on entry (its contents are unspecified).
Perform one Jacobi iteration into next:
- a boundary cell (first or last row, first or last column) keeps its value: next[i*cols+j] = u[i*cols+j];
- an interior cell gets next(i,j) = (u(i-1,j) + u(i+1,j) + u(i,j-1) + u(i,j+1) + h*h*f(i,j)) / 4.
Only values of u (never of next) are used on the right-hand side. u and f must not be modified.
Example: rows = 3, cols = 4, h = 0.5,
  u = [1, 2, 3, 4,       f = [0, 0, 0, 0,
       5, 0, 0, 8,            0, 8, 4, 0,
       9, 10, 11, 12]         0, 0, 0, 0]
  -> next = [1, 2, 3, 4,
             5, 4.75, 5.75, 8,
             9, 10, 11, 12]
(cell (1,1): (2 + 10 + 5 + 0 + 0.25*8) / 4 = 4.75; cell (1,2): (3 + 11 + 0 + 8 + 0.25*4) / 4 = 5.75.)
"""
SIZES = (0, 1, 2, 7, 61, 301)
# Five terms summed in any order on values of magnitude <= ~20: a few ulps.
TOLERANCE = {"rtol": 1e-12, "atol": 1e-12}
# Timing input: 830 x 834 (u, f and the pre-sized next) (16.6 MB in); our serial reference takes ~1 ms of CPU on this machine:
# one pass over memory, so the 16 MiB input budget bounds it far below 0.2 s.
TIMING_SIZE = 830


def _cols(size):
    return size + 4


def inputs(rng, size):
    rows, cols = size, _cols(size)
    return {"u": rng.uniform(-10.0, 10.0, rows * cols), "f": rng.uniform(-50.0, 50.0, rows * cols),
            "h": 1.0 / (size + 1), "next": np.full(rows * cols, np.nan), "rows": rows, "cols": cols}


def oracle(u, f, h, next, rows, cols):
    from scipy import ndimage

    rows, cols = int(rows), int(cols)
    if rows * cols == 0:
        return {"next": np.zeros(0)}
    grid = u.reshape(rows, cols)
    cross = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    out = (ndimage.correlate(grid, cross, mode="constant") + float(h) ** 2 * f.reshape(rows, cols)) / 4.0
    out[0, :], out[-1, :], out[:, 0], out[:, -1] = grid[0, :], grid[-1, :], grid[:, 0], grid[:, -1]
    return {"next": out.reshape(-1)}
