"""Axis-aligned bounding box of a point cloud: two minima and two maxima."""
import numpy as np

from pytest_pareval.suite.problems import POINT

SIGNATURE = "void boundingBox(const std::vector<Point> &points, std::vector<double> &box)"
DESCRIPTION = """
Compute the smallest axis-aligned rectangle that contains every point of `points` (each Point has
double fields x and y). `box` already has exactly 4 elements; overwrite them with
[min x, min y, max x, max y] over all points. If `points` is empty, set box to [0, 0, 0, 0].
Example: points = [(1.0, 2.0), (-3.0, 0.5), (2.5, -1.0)] -> box = [-3.0, -1.0, 2.5, 2.0]
"""
SIZES = (0, 1, 2, 7, 1001, 100003)
# Minima and maxima are exact (no arithmetic is involved), so only representation noise is allowed.
TOLERANCE = {"rtol": 1e-12, "atol": 0.0}
# Timing input: n = 1048000 points (16.8 MB in); our serial reference takes ~1 ms of CPU on this machine:
# one pass over memory, so the 16 MiB input budget bounds it far below 0.2 s.
TIMING_SIZE = 1_048_000


def inputs(rng, size):
    points = np.zeros(size, dtype=POINT)
    # Off-centre clouds so that no coordinate of the box is zero or shared between cases.
    points["x"] = rng.normal(3.0, 20.0, size)
    points["y"] = rng.uniform(-50.0, 10.0, size)
    box = rng.uniform(-1.0, 1.0, 4)  # garbage: every element must be overwritten
    return {"points": points, "box": box}


def oracle(points, box):
    if points.size == 0:
        return {"box": np.zeros(4)}
    xy = np.column_stack([points["x"], points["y"]])
    return {"box": np.concatenate([xy.min(axis=0), xy.max(axis=0)])}
