"""Several explicit time steps of the 1D heat equation, in place, with fixed end temperatures."""
import numpy as np

SIGNATURE = "void heatDiffusion1d(std::vector<double> &u, double alpha, size_t steps)"
DESCRIPTION = """
u holds the temperatures of N points of a rod (N may be 0). Advance them in place by `steps` explicit
time steps of the heat equation, with alpha in (0, 0.5]. In one step every interior point 0 < i < N-1 becomes
u_new[i] = u[i] + alpha * (u[i-1] - 2*u[i] + u[i+1]),
where all u on the right-hand side are the values from the END of the previous step (never values already
updated in the current step). The two end points u[0] and u[N-1] keep their temperature forever (when N <= 2
nothing changes). steps may be 0. On return u holds the temperatures after the last step.
Example: u = [0.0, 0.0, 8.0, 0.0, 4.0], alpha = 0.25, steps = 2
  after step 1: [0.0, 2.0, 4.0, 3.0, 4.0]
  after step 2: [0.0, 2.0, 3.25, 3.5, 4.0]   -> u = [0.0, 2.0, 3.25, 3.5, 4.0]
"""
SIZES = (0, 1, 2, 7, 1001, 100003)
# Up to 40 steps on values in [0, 100]; each step's three-term update may round differently from the
# oracle's matrix-vector product: a few ulps per step, far below 1e-10 absolute.
TOLERANCE = {"rtol": 1e-10, "atol": 1e-10}
# Timing input: N = 500000 points, 800 steps (4.0 MB in and out); our serial reference takes 0.2 s of CPU on
# this machine (the oracle, one sparse product per step, ~1.4 s, is what keeps it from more). Rounding
# grows by a few ulps per step: ~1e-12 absolute after 800 steps, inside the tolerance.
TIMING_SIZE = 500_000
TIMING_STEPS = 800


def inputs(rng, size):
    return {"u": rng.uniform(0.0, 100.0, size), "alpha": rng.uniform(0.1, 0.5),
            "steps": int(rng.integers(5, 41)) if size <= max(SIZES) else TIMING_STEPS}


def oracle(u, alpha, steps):
    from scipy import sparse

    n = u.size
    alpha = float(alpha)
    if n <= 2:  # only end points: nothing moves
        return {"u": u.copy()}
    main = np.full(n, 1.0 - 2.0 * alpha)
    lower = np.full(max(n - 1, 0), alpha)   # coefficient of u[i-1] in row i
    upper = np.full(max(n - 1, 0), alpha)   # coefficient of u[i+1] in row i
    main[0] = main[-1] = 1.0  # the end points are fixed: identity rows
    upper[0] = lower[-1] = 0.0
    step = sparse.diags([lower, main, upper], [-1, 0, 1], shape=(n, n), format="csr")
    out = u.copy()
    for _ in range(int(steps)):
        out = step @ out
    return {"u": out}
