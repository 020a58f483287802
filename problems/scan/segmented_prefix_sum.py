"""Segmented inclusive prefix sum: the running sum restarts wherever a flag marks a new segment."""
import numpy as np

SIGNATURE = ("void segmentedPrefixSum(const std::vector<int> &x, const std::vector<int> &segmentStart, "
             "std::vector<int64_t> &output)")
DESCRIPTION = """
x and segmentStart have the same length n. segmentStart[i] != 0 means that a new segment begins at index i;
index 0 always begins a segment, whatever segmentStart[0] holds. Each segment runs up to (not including) the
next index where a segment begins, or to the end of x. Compute the inclusive prefix sum within each segment:
output[i] = x[s] + x[s+1] + ... + x[i], where s is the start of the segment containing i (the largest
s <= i with s == 0 or segmentStart[s] != 0). output is already sized to n on entry; its initial contents are
arbitrary and every element must be overwritten. n may be 0. Segments can be very long (a single segment may
cover the whole array) or have length 1.
Example: x = [1, 2, 3, 4, 5, 6], segmentStart = [0, 0, 1, 0, 1, 1] -> segments [1, 2] [3, 4] [5] [6]
-> output = [1, 3, 3, 7, 5, 6]
"""
SIZES = (0, 1, 7, 1001, 4099, 100003)
TOLERANCE = {"rtol": 0.0, "atol": 0.0}  # integer outputs: compared exactly anyway
# Timing input: n = 1045000 (x, segmentStart and the pre-sized output) (16.7 MB in); our serial reference takes <1 ms of CPU on this machine:
# one pass over memory, so the 16 MiB input budget bounds it far below 0.2 s.
TIMING_SIZE = 1_045_000

# Probability that an index starts a segment, per size: dense, sparse, none at all (one segment spanning
# every rank's block), and long segments crossing block boundaries.
_DENSITY = {1: 0.5, 7: 0.3, 1001: 0.02, 4099: 0.0, 100003: 2e-4}


def inputs(rng, size):
    flags = (rng.random(size) < _DENSITY.get(size, 0.01)).astype(np.int32)
    flags[flags != 0] = rng.integers(1, 5, int(flags.sum()))  # any non-zero value marks a start
    return {"x": rng.integers(-100, 1000, size, dtype=np.int32), "segmentStart": flags,
            "output": rng.integers(-5, 5, size, dtype=np.int64)}


def oracle(x, segmentStart, output):
    n = x.size
    if n == 0:
        return {"output": np.zeros(0, np.int64)}
    starts = segmentStart != 0
    starts[0] = True
    total = np.cumsum(x, dtype=np.int64)
    start_index = np.flatnonzero(starts)
    segment = np.cumsum(starts) - 1                  # segment id of each index
    before = total[start_index] - x[start_index]     # running total just before each segment
    return {"output": total - before[segment]}
