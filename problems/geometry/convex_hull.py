"""Convex hull of a point cloud: the hull's vertices in counter-clockwise order."""
import numpy as np

from pytest_pareval.suite.problems import POINT

SIGNATURE = "void convexHull(const std::vector<Point> &points, std::vector<Point> &hull)"
DESCRIPTION = """
Compute the convex hull of `points` and store its vertices in `hull`. `hull` is passed in empty;
resize it to the number of hull vertices. The vertices must be in counter-clockwise order, starting
with the vertex of smallest y (smallest x among equal y). All points are distinct and no three points
are collinear, so every hull vertex is one of the input points and no input point lies on a hull edge.
With fewer than 3 points, `hull` holds all the points in the same order rule: 2 points -> the one with
smaller y (smaller x among equal y) first, then the other; 1 point -> that point; 0 points -> empty.
Correctness is checked on up to about 10^5 points and speed on about 10^6: use an O(n log n) algorithm (e.g. Andrew's monotone chain).
Example: points = [(2,2), (0,0), (4,1), (1,3), (3,5), (2,1)]
-> hull = [(0,0), (4,1), (3,5), (1,3)]  ((2,2) and (2,1) are inside)
"""
SIZES = (0, 1, 2, 3, 7, 1001, 100003)
# Hull vertices are input points copied unchanged.
TOLERANCE = {"rtol": 0.0, "atol": 0.0}
# Timing input: n = 1048000 points (16.8 MB in, a hull of ~10^2 points out); our serial reference (Andrew's
# monotone chain) takes 0.12 s of CPU on this machine: the 16 MiB input budget bounds it. An O(n^2)
# method is ~10^12 orientation tests: thousands of times the reference. (Gift wrapping, O(n h) with
# h ~ 10^2 here, is not caught: it is about as fast.)
TIMING_SIZE = 1_048_000


def inputs(rng, size):
    # Uniform in a disc (so hulls grow like n^(1/3)), stretched and rotated at random.
    radius = np.sqrt(rng.uniform(0.0, 1.0, size))
    angle = rng.uniform(0.0, 2 * np.pi, size)
    u, v = radius * np.cos(angle) * 40.0, radius * np.sin(angle) * rng.uniform(5.0, 40.0)
    turn = rng.uniform(0.0, np.pi)
    points = np.zeros(size, dtype=POINT)
    points["x"] = 7.0 + u * np.cos(turn) - v * np.sin(turn)
    points["y"] = -3.0 + u * np.sin(turn) + v * np.cos(turn)
    return {"points": points, "hull": np.zeros(0, dtype=POINT)}


def oracle(points, hull):
    from scipy.spatial import ConvexHull

    if points.size < 3:
        return {"hull": points[np.lexsort((points["x"], points["y"]))]}
    vertices = ConvexHull(np.column_stack([points["x"], points["y"]])).vertices  # counter-clockwise in 2-D
    ring = points[vertices]
    first = np.lexsort((ring["x"], ring["y"]))[0]
    return {"hull": np.roll(ring, -first)}
