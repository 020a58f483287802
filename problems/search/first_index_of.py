"""First index of a value, -1 when absent: a search with an early exit that ranks must combine."""
import numpy as np

SIGNATURE = "int64_t firstIndexOf(const std::vector<int> &x, int target)"
DESCRIPTION = """
Return the smallest index i such that x[i] == target, or -1 if target does not occur in x (in particular
when x is empty). target may occur many times; only the first occurrence counts.
Example: x = [4, 7, 1, 7, 9], target = 7 -> 1;  x = [4, 7, 1, 7, 9], target = 5 -> -1
"""
SIZES = (0, 1, 7, 1001, 4099, 100003)
TOLERANCE = {"rtol": 0.0, "atol": 0.0}  # integer output: compared exactly anyway
# Timing input: n = 4190000 values, the first hit at 90% (16.8 MB in); our serial reference takes ~1 ms of CPU on this machine:
# one pass over memory, so the 16 MiB input budget bounds it far below 0.2 s.
TIMING_SIZE = 4_190_000

# Where the first occurrence is placed, as a fraction of the size (None: target absent). Late first
# occurrences lie in the last rank's block; duplicates always follow the first one.
_FIRST = {1: 0.0, 7: None, 1001: 0.3, 4099: 0.999, 100003: 0.93}


def inputs(rng, size):
    x = rng.integers(0, 1000, size, dtype=np.int32)
    target = int(rng.integers(0, 1000))
    x[x == target] = target + 1000          # clear every accidental occurrence
    where = _FIRST.get(size, 0.9)
    if where is not None and size:
        first = min(int(where * size), size - 1)
        x[first] = target
        later = np.arange(first + 1, size)
        if later.size:
            x[rng.choice(later, min(3, later.size), replace=False)] = target
    return {"x": x, "target": target}


def oracle(x, target):
    hits = np.flatnonzero(x == target)
    return {"return": np.int64(hits[0] if hits.size else -1)}
