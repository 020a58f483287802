"""Closest pair of points: the smallest distance between two points of a cloud."""
import numpy as np

from pytest_pareval.suite.problems import POINT

SIGNATURE = "double closestPairDistance(const std::vector<Point> &points)"
DESCRIPTION = """
Return the smallest Euclidean distance sqrt((a.x-b.x)^2 + (a.y-b.y)^2) between two points a and b of
`points` with different indices. If `points` has fewer than 2 elements, return 0.
Correctness is checked on up to about 10^5 points and speed on about 10^6, so an O(n^2) scan over all
pairs is far too slow; an O(n log n) method (e.g. sorting by x and only comparing points whose x distance is
below the best distance found so far) is expected.
Example: points = [(0,0), (5,1), (3,4), (4,1.5)] -> 1.118033988749895 (between (5,1) and (4,1.5))
"""
SIZES = (0, 1, 2, 7, 1001, 100003)
# The answer is one sqrt of a sum of two squares; only rounding of that one evaluation can differ.
TOLERANCE = {"rtol": 1e-12, "atol": 0.0}
# Timing input: n = 1048000 points (16.8 MB in); our serial reference (sort by x, then a sweep) takes
# 0.09 s of CPU on this machine: the 16 MiB input budget bounds it. An O(n^2) scan is 5.5e11 pair
# distances, ~10^3 s: about 10^4 times the reference.
TIMING_SIZE = 1_048_000


def inputs(rng, size):
    # Gaussian blobs of very different spreads, so close pairs are not spread evenly over the plane.
    blobs = max(1, size // 200)
    centres = rng.uniform(-1000.0, 1000.0, (blobs, 2))
    spreads = 10.0 ** rng.uniform(0.0, 2.5, blobs)
    which = rng.integers(0, blobs, size)
    points = np.zeros(size, dtype=POINT)
    points["x"] = centres[which, 0] + spreads[which] * rng.standard_normal(size)
    points["y"] = centres[which, 1] + spreads[which] * rng.standard_normal(size)
    return {"points": points}


def oracle(points):
    from scipy.spatial import cKDTree

    if points.size < 2:
        return {"return": 0.0}
    xy = np.column_stack([points["x"], points["y"]])
    xy = xy[np.argsort(xy[:, 0], kind="stable")]  # sorted by x: a cache-friendly tree, 2.5x faster at 10^6
    distances, _ = cKDTree(xy, balanced_tree=False, compact_nodes=False).query(xy, k=2)
    return {"return": float(distances[:, 1].min())}
