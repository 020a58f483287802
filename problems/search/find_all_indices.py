"""All indices where a value occurs, in increasing order: an output of unknown length."""
import numpy as np

SIGNATURE = "void findAllIndices(const std::vector<int> &x, int target, std::vector<size_t> &indices)"
DESCRIPTION = """
Store in indices every index i such that x[i] == target, in increasing order. indices is EMPTY on entry: resize
it (or append to it) so that on return it holds exactly the matching indices and nothing else (it stays empty
when target does not occur, in particular when x is empty).
Example: x = [5, 2, 5, 5, 0, 2], target = 5 -> indices = [0, 2, 3];  target = 7 -> indices = []
"""
SIZES = (0, 1, 7, 1001, 4099, 100003)
TOLERANCE = {"rtol": 0.0, "atol": 0.0}  # integer outputs: compared exactly anyway
# Timing input: n = 4190000 values, ~5% hits (16.8 MB in); our serial reference takes ~3 ms of CPU on this machine:
# one pass over memory, so the 16 MiB input budget bounds it far below 0.2 s.
TIMING_SIZE = 4_190_000

# How often target occurs, per size: everywhere (a 1-element array equal to target), roughly 1 in 20,
# never, and clustered in the last fifth of the array.
_RATE = {1: 1.0, 7: 0.4, 1001: 0.05, 4099: 0.0, 100003: 0.02}


def inputs(rng, size):
    target = int(rng.integers(-50, 50))
    x = rng.integers(-1000, 1000, size, dtype=np.int32)
    x[x == target] = target + 5000
    hits = rng.random(size) < _RATE.get(size, 0.05)
    if size == 100003:
        hits[: int(size * 0.8)] = False
    x[hits] = target
    return {"x": x, "target": target, "indices": np.zeros(0, dtype=np.uint64)}


def oracle(x, target, indices):
    return {"indices": np.flatnonzero(x == target).astype(np.uint64)}
