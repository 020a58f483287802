"""Dot product of two sparse vectors stored as sorted (index, value) lists."""
import numpy as np

SIGNATURE = ("double sparseDot(const std::vector<size_t> &xIndices, const std::vector<double> &xValues, "
             "const std::vector<size_t> &yIndices, const std::vector<double> &yValues)")
DESCRIPTION = """
Return the dot product of two sparse vectors x and y. Vector x is stored as xIndices and xValues of equal
length: its element at position xIndices[k] is xValues[k], and every position not listed is zero; y
likewise with yIndices and yValues. Each index list is strictly increasing (sorted, no repeats). The two
vectors may have different numbers of stored elements, and either may be empty (the dot product of an
empty vector is 0). The result is the sum of xValues[a] * yValues[b] over all pairs with
xIndices[a] == yIndices[b].
Example: xIndices = [0, 3, 7, 9], xValues = [2.0, -1.0, 0.5, 4.0],
         yIndices = [3, 4, 9],    yValues = [5.0, 1.0, -0.25]
-> positions 3 and 9 are shared: (-1.0)(5.0) + (4.0)(-0.25) = -6.0
"""
SIZES = (0, 1, 3, 7, 1001, 100003)
# A sum of ~n/3 products of O(1) terms in a different order: relative error stays far below 1e-9
# unless the sum cancels, which atol covers.
TOLERANCE = {"rtol": 1e-9, "atol": 1e-9}
# Timing input: 415000 and 622501 stored elements (16.6 MB in); our serial reference takes ~3 ms of CPU on this machine:
# one pass over memory, so the 16 MiB input budget bounds it far below 0.2 s.
TIMING_SIZE = 415_000


def inputs(rng, size):
    dimension = 3 * size + 5
    nx, ny = size, (3 * size) // 2 + 1
    x_idx = np.sort(rng.choice(dimension, nx, replace=False))
    y_idx = np.sort(rng.choice(dimension, min(ny, dimension), replace=False))
    return {"xIndices": x_idx.astype(np.uint64), "xValues": rng.uniform(-1.0, 1.0, x_idx.size),
            "yIndices": y_idx.astype(np.uint64), "yValues": rng.uniform(-1.0, 1.0, y_idx.size)}


def oracle(xIndices, xValues, yIndices, yValues):
    from scipy.sparse import csr_matrix

    dimension = int(max(xIndices.max(initial=0), yIndices.max(initial=0))) + 1
    def row(indices, values):
        return csr_matrix((values, indices.astype(np.int64), [0, indices.size]), shape=(1, dimension))
    product = row(xIndices, xValues) @ row(yIndices, yValues).T
    return {"return": float(product.toarray()[0, 0])}
