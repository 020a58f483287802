"""2D histogram: count Points into the unit cells of an nx-by-ny grid, row-major output."""
import numpy as np

from pytest_pareval.suite.problems import POINT

SIGNATURE = "void pointGridCounts(const std::vector<Point> &points, size_t nx, size_t ny, std::vector<size_t> &grid)"
DESCRIPTION = """
Count 2D points into the unit cells of an nx-by-ny grid (nx, ny >= 1) covering [0, nx) x [0, ny).
Cell (i, j), for 0 <= i < nx and 0 <= j < ny, is the square i <= x < i + 1, j <= y < j + 1, and its count
goes to grid[j * nx + i] (row-major: row j runs along x). grid is already sized to nx * ny and filled with
zeros. Points outside [0, nx) x [0, ny) are not counted; note that x == nx or y == ny is outside, while
integer coordinates below those belong to the cell that starts there. points may be empty.
Example: nx = 3, ny = 2, points = [(0.5, 0.5), (2.0, 1.0), (2.9, 0.1), (3.0, 0.5), (-0.1, 1.5), (1.0, 1.99)]
-> cells (0,0), (2,1), (2,0), outside, outside, (1,1) -> grid = [1, 0, 1, 0, 1, 1]
"""
SIZES = (0, 1, 7, 1001, 100003)
# Integer counts compare exactly.
TOLERANCE = {"rtol": 0.0, "atol": 0.0}
# Timing input: n = 1040000 points on a 64 x 33 grid (16.7 MB in); our serial reference takes ~2 ms of
# CPU on this machine: one pass over memory, so the 16 MiB input budget bounds it far below 0.2 s.
TIMING_SIZE = 1_040_000

_GRID = {0: (2, 2), 1: (1, 1), 7: (3, 2), 1001: (5, 7)}


def inputs(rng, size):
    nx, ny = _GRID.get(size, (64, 33))
    points = np.zeros(size, dtype=POINT)
    # Two blobs (so that counts vary from cell to cell) spilling a little outside the grid.
    blob = rng.random(size) < 0.6
    points["x"] = np.where(blob, rng.normal(0.3 * nx, 0.2 * nx + 0.3, size), rng.uniform(-0.5, nx + 0.5, size))
    points["y"] = np.where(blob, rng.normal(0.7 * ny, 0.2 * ny + 0.3, size), rng.uniform(-0.5, ny + 0.5, size))
    # Some points with integer coordinates, including the excluded right/top borders x == nx, y == ny.
    on_grid = rng.random(size) < 0.1
    points["x"][on_grid] = rng.integers(0, nx + 1, int(on_grid.sum()))
    points["y"][on_grid] = rng.integers(0, ny + 1, int(on_grid.sum()))
    if size == 1:
        points[0] = (0.0, 0.0)
    return {"points": points, "nx": nx, "ny": ny, "grid": np.zeros(nx * ny, dtype=np.uint64)}


def oracle(points, nx, ny, grid):
    nx, ny = int(nx), int(ny)
    x, y = points["x"], points["y"]
    inside = (x >= 0) & (x < nx) & (y >= 0) & (y < ny)
    counts, _, _ = np.histogram2d(y[inside], x[inside], bins=[ny, nx], range=[[0, ny], [0, nx]])
    return {"grid": counts.reshape(-1).astype(np.uint64)}
