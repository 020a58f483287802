"""Count query points inside a simple (non-convex) polygon."""
import numpy as np

from pytest_pareval.suite.problems import POINT

SIGNATURE = "int countPointsInPolygon(const std::vector<Point> &polygon, const std::vector<Point> &points)"
DESCRIPTION = """
`polygon` holds the m >= 3 vertices of a simple polygon (its edges do not cross each other) in
boundary order, either clockwise or counter-clockwise; the last vertex is joined back to the first.
The polygon need not be convex. Return how many of the points in `points` lie inside the polygon.
No point lies exactly on the polygon's boundary and no point has exactly the y coordinate of a vertex,
so every point is strictly inside or strictly outside. `points` may be empty (the count is then 0).
Example: polygon = [(0,0), (4,0), (4,4), (2,1), (0,4)] (a square with a notch cut from the top),
points = [(1,2), (2,3), (3,0.5), (5,2)] -> 2  ((1,2) and (3,0.5) are inside; (2,3) is in the notch;
(5,2) is to the right of the polygon)
"""
SIZES = (0, 1, 3, 7, 1001, 40009)
TOLERANCE = {"rtol": 0.0, "atol": 0.0}  # integer output, compared exactly
# Timing input: n = 1048000 points and a 200-vertex polygon (16.8 MB in); our serial reference (ray casting,
# O(n m)) takes 0.23 s of CPU on this machine (the oracle ~1.6 s).
TIMING_SIZE = 1_048_000
TIMING_VERTICES = 200


def inputs(rng, size):
    # A star-shaped polygon around a random centre: strictly increasing angles (every gap below pi)
    # with random radii gives a simple, generally non-convex polygon.
    m = int(rng.integers(3, 64)) if size <= max(SIZES) else TIMING_VERTICES
    gaps = rng.uniform(1.0, 1.5, m)
    angles = rng.uniform(0.0, 2 * np.pi) + 2 * np.pi * np.cumsum(gaps) / gaps.sum()
    radii = rng.uniform(0.25, 1.0, m) * 10.0
    centre = rng.uniform(-5.0, 5.0, 2)
    polygon = np.zeros(m, dtype=POINT)
    polygon["x"] = centre[0] + radii * np.cos(angles)
    polygon["y"] = centre[1] + radii * np.sin(angles)
    if rng.integers(2):
        polygon = polygon[::-1]  # clockwise half of the time
    polygon = np.roll(polygon, int(rng.integers(m)))
    points = np.zeros(size, dtype=POINT)
    points["x"] = centre[0] + rng.uniform(-11.0, 11.0, size)
    points["y"] = centre[1] + rng.uniform(-11.0, 11.0, size)
    return {"polygon": polygon, "points": points}


def oracle(polygon, points):
    # Winding number by signed crossings (a different method from even-odd ray casting): an edge that
    # crosses the horizontal line through a point upwards with the point on its left counts +1, one that
    # crosses downwards with the point on its right counts -1; the point is inside when the sum is not 0.
    # One vectorised pass per edge keeps memory at O(points).
    px, py = points["x"], points["y"]
    winding = np.zeros(points.size, dtype=np.int64)
    for ax, ay, bx, by in zip(polygon["x"], polygon["y"], np.roll(polygon["x"], -1), np.roll(polygon["y"], -1)):
        side = (bx - ax) * (py - ay) - (px - ax) * (by - ay)
        winding += ((ay <= py) & (by > py) & (side > 0)).astype(np.int64)
        winding -= ((ay > py) & (by <= py) & (side < 0)).astype(np.int64)
    return {"return": int(np.count_nonzero(winding))}
