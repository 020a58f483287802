"""A fixed number of Jacobi sweeps for A x = b with a sparse diagonally dominant A in COO format."""
import numpy as np

from pytest_pareval.suite.problems import COO

SIGNATURE = ("void jacobiIterations(const std::vector<COOElement> &A, const std::vector<double> &b, "
             "std::vector<double> &x, size_t N, int iterations)")
DESCRIPTION = """
Perform exactly `iterations` Jacobi sweeps for the linear system A x = b, updating x in place.
A is a sparse N x N matrix given as COOElement {row, column, value} entries in no particular order;
the same (row, column) pair may appear several times and duplicate entries are summed (A[i][j] is the
sum of all entries at (i, j), missing positions are zero). Every diagonal element A[i][i] is non-zero
and A is strictly diagonally dominant. b has N elements; on entry x (N elements) holds the initial
guess, on return it must hold the result of the last sweep. One sweep computes, for every i,
    x_new[i] = (b[i] - sum over j != i of A[i][j] * x_old[j]) / A[i][i]
using only values of the previous sweep (x_old) on the right-hand side, then sets x = x_new.
iterations >= 0 (0 leaves x unchanged); N may be 0.
Example: N = 2, A = [{0, 0, 4.0}, {1, 1, 3.0}, {0, 1, 1.0}, {1, 0, 2.0}, {1, 1, 2.0}] (so A = [[4, 1], [2, 5]]),
b = [6.0, 12.0], x = [0.0, 0.0], iterations = 2
-> sweep 1: x = [6/4, 12/5] = [1.5, 2.4]; sweep 2: x = [(6 - 2.4)/4, (12 - 2*1.5)/5] = [0.9, 1.8]
"""
SIZES = (0, 1, 2, 7, 1001, 20011)
# Each sweep is a contraction (diagonal dominance), so rounding differences from a different
# summation order stay near machine epsilon instead of growing with the number of sweeps.
TOLERANCE = {"rtol": 1e-9, "atol": 1e-11}
# Timing input: N = 60000, ~3.8e5 entries, 1000 sweeps (10.1 MB in); our serial reference (CSR built once,
# then row-ordered sweeps) takes 0.22 s of CPU on this machine.
TIMING_SIZE = 60_000
TIMING_ITERATIONS = 1000


def inputs(rng, size):
    n = size
    per_row = 5 if n > 1 else 0
    rows = np.repeat(np.arange(n), per_row)
    cols = (rows + 1 + rng.integers(0, max(n - 1, 1), rows.size)) % max(n, 1)  # never on the diagonal
    vals = rng.uniform(-1.0, 1.0, rows.size)
    dominance = np.bincount(rows, weights=np.abs(vals), minlength=n)
    diag = (dominance + rng.uniform(0.5, 2.0, n)) * rng.choice([-1.0, 1.0], n)
    # Split each diagonal value into two entries for about a third of the rows (duplicates to sum).
    split = rng.random(n) < 0.35
    part = diag[split] * rng.uniform(0.2, 0.8, int(split.sum()))
    first = diag.copy()
    first[split] -= part
    diag_rows = np.concatenate([np.arange(n), np.flatnonzero(split)])
    diag_vals = np.concatenate([first, part])
    entries = np.zeros(rows.size + diag_rows.size, dtype=COO)
    entries["row"] = np.concatenate([rows, diag_rows])
    entries["column"] = np.concatenate([cols, diag_rows])
    entries["value"] = np.concatenate([vals, diag_vals])
    rng.shuffle(entries)
    iterations = 0 if size == 2 else int(rng.integers(5, 25))
    if size > max(SIZES):
        iterations = TIMING_ITERATIONS  # the timing input: enough sweeps to weigh more than building A
    return {"A": entries, "b": rng.uniform(-5.0, 5.0, n), "x": rng.uniform(-1.0, 1.0, n), "N": n,
            "iterations": iterations}


def oracle(A, b, x, N, iterations):
    from scipy.sparse import coo_matrix, diags

    n = int(N)
    matrix = coo_matrix((A["value"], (A["row"].astype(np.int64), A["column"].astype(np.int64))),
                        shape=(n, n)).tocsr()
    d = matrix.diagonal()
    rest = (matrix - diags(d)).tocsr()
    for _ in range(int(iterations)):
        x = (b - rest @ x) / d
    return {"x": x}
