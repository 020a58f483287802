"""Stream compaction: keep the elements that fall in a closed range, in their original order."""
import numpy as np

SIGNATURE = "void filterInRange(const std::vector<double> &x, double lo, double hi, std::vector<double> &kept)"
DESCRIPTION = """
x holds N values (N may be 0) and lo <= hi. kept is EMPTY on entry. Fill kept with every element x[i] such
that lo <= x[i] <= hi (both bounds included), in the order in which they appear in x, and nothing else, so
that kept.size() is the number of such elements (possibly 0). x must not be modified.
Example: x = [4.0, -1.0, 2.5, 7.0, 1.0, 3.0], lo = 1.0, hi = 4.0 -> kept = [4.0, 2.5, 1.0, 3.0]
"""
SIZES = (0, 1, 2, 7, 1001, 100003)
# Kept values are copies of inputs: compared exactly.
TOLERANCE = {"rtol": 0.0, "atol": 0.0}
# Timing input: n = 2090000 values (16.7 MB in); our serial reference takes ~0.01 s of CPU on this machine:
# one pass over memory, so the 16 MiB input budget bounds it far below 0.2 s.
TIMING_SIZE = 2_090_000


def inputs(rng, size):
    x = rng.uniform(-100.0, 100.0, size)
    lo = rng.uniform(-80.0, 20.0)
    hi = lo + rng.uniform(10.0, 80.0)
    if size >= 7:  # values exactly on both bounds must be kept
        picks = rng.choice(size, 2, replace=False)
        x[picks[0]], x[picks[1]] = lo, hi
    return {"x": x, "lo": lo, "hi": hi, "kept": np.zeros(0)}


def oracle(x, lo, hi, kept):
    return {"kept": x[(x >= lo) & (x <= hi)]}
