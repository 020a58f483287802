"""Index of the element closest to a target, ties broken by the smallest index."""
import numpy as np

SIGNATURE = "size_t indexOfClosest(const std::vector<double> &x, double target)"
DESCRIPTION = """
x is non-empty. Return the index i that minimises the distance |x[i] - target|. When several elements are
at the same smallest distance (equal values, or values on both sides of target such as target - d and
target + d), return the smallest of their indices.
Example: x = [9.0, 2.0, 6.0, 4.0, 6.0], target = 5.0 -> distances [4, 3, 1, 1, 1] -> 2
"""
SIZES = (1, 2, 7, 1001, 4099, 100003)
TOLERANCE = {"rtol": 0.0, "atol": 0.0}  # integer output: compared exactly anyway
# Timing input: n = 2090000 values (16.7 MB in); our serial reference takes ~1.5 ms of CPU on this machine:
# one pass over memory, so the 16 MiB input budget bounds it far below 0.2 s.
TIMING_SIZE = 2_090_000


def inputs(rng, size):
    # Integer-valued doubles: distances are exact, so ties are real ties.
    x = rng.integers(-10000, 10000, size).astype(np.float64)
    target = float(rng.integers(-5000, 5000))
    gap = 7.0
    near = np.abs(x - target) <= gap
    x[near] = target + np.where(x[near] < target, -gap - 3.0, gap + 3.0)   # nothing closer than gap...
    if size >= 2:
        # ...except a few elements exactly at distance gap, on both sides, placed so that the winner
        # (the smallest such index) moves around: early, in a middle block, or in the last block.
        lo = {2: 0, 7: 3, 1001: size // 2 + 1, 4099: size - 5, 100003: int(size * 0.7)}.get(size, 0)
        places = rng.choice(np.arange(lo, size), min(4, size - lo), replace=False)
        x[places] = target + rng.choice([-gap, gap], places.size)
    return {"x": x, "target": target}


def oracle(x, target):
    return {"return": np.uint64(np.argmin(np.abs(x - target)))}  # argmin returns the first minimum
