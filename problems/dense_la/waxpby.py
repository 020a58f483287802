"""waxpby: w = alpha*x + beta*y, the simplest dense vector update, one vector out."""
import numpy as np

SIGNATURE = ("void waxpby(double alpha, const std::vector<double> &x, double beta, "
             "const std::vector<double> &y, std::vector<double> &w)")
DESCRIPTION = """
x and y are vectors of the same length n (n may be 0). w is already sized to n (its initial contents are
meaningless). Overwrite every element of w with w[i] = alpha * x[i] + beta * y[i].
Example: alpha = 2.0, x = [1.0, -1.0, 0.5], beta = -1.0, y = [4.0, 3.0, 1.0]
-> w = [2.0*1.0 - 4.0, 2.0*(-1.0) - 3.0, 2.0*0.5 - 1.0] = [-2.0, -5.0, 0.0]
"""
SIZES = (0, 1, 2, 7, 1001, 100003)
# Two products and one sum per element: the result is exact to within a few ulps whatever the order.
TOLERANCE = {"rtol": 1e-12, "atol": 1e-12}
# Timing input: n = 690000 (x, y and the pre-sized w: 16.6 MB in, 5.5 MB out); our serial reference takes
# ~0.5 ms of CPU on this machine: one pass over memory, so the 16 MiB input budget bounds it.
TIMING_SIZE = 690_000


def inputs(rng, size):
    return {
        "alpha": float(rng.uniform(-3.0, 3.0)),
        "x": rng.uniform(-10.0, 10.0, size),
        "beta": float(rng.uniform(0.5, 2.0)),
        "y": rng.uniform(-10.0, 10.0, size),
        "w": np.full(size, 7.0),
    }


def oracle(alpha, x, beta, y, w):
    return {"w": alpha * x + beta * y}
