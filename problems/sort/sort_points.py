"""Sort 2-D points lexicographically: by x, then by y."""
import numpy as np

from pytest_pareval.suite.problems import POINT

SIGNATURE = "void sortPointsByXThenY(std::vector<Point> &points)"
DESCRIPTION = """
Sort points in place in ascending lexicographic order: a point p comes before a point q when p.x < q.x,
or when p.x == q.x and p.y < q.y. Points with equal x and equal y are identical and may appear in any
order among themselves. points may be empty; all coordinates are finite (no NaN).
Example: points = [(2.0, 1.0), (-1.0, 5.0), (2.0, -3.0), (0.5, 0.5), (-1.0, 4.0)]
      -> points = [(-1.0, 4.0), (-1.0, 5.0), (0.5, 0.5), (2.0, -3.0), (2.0, 1.0)]
"""
SIZES = (0, 1, 2, 7, 1001, 100003)
# Sorting only moves points, so the result must match bit for bit.
TOLERANCE = {"rtol": 0.0, "atol": 0.0}
# Timing input: n = 1045000 points (16.7 MB in); our serial reference takes 0.09 s of CPU on this machine:
# the 16 MiB input budget bounds it. An O(n^2) sort is ~10^12 steps: thousands of times the reference.
TIMING_SIZE = 1_045_000


def inputs(rng, size):
    # x on a coarse grid (many equal x), y finer; a tenth of the points repeat earlier points exactly.
    points = np.zeros(size, dtype=POINT)
    columns = max(1, size // 10)
    points["x"] = rng.integers(-columns, columns + 1, size) * 0.75 + 0.125
    points["y"] = np.round(rng.uniform(-50.0, 50.0, size), 2) + 0.001
    if size > 10:
        copies = rng.choice(size, size // 10)
        points[copies] = points[rng.choice(size, size // 10)]
    return {"points": points}


def oracle(points):
    return {"points": points[np.lexsort((points["y"], points["x"]))]}
