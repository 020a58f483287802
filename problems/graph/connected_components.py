"""Number of connected components of an undirected graph (dense adjacency matrix)."""
import numpy as np

SIGNATURE = "int countConnectedComponents(const std::vector<int> &adjacency, size_t N)"
DESCRIPTION = """
`adjacency` is the N x N adjacency matrix of an undirected graph with N vertices, stored row-major:
adjacency[i*N + j] is 1 if vertices i and j are joined by an edge and 0 otherwise. The matrix is
symmetric and its diagonal is 0. Return the number of connected components (an isolated vertex is a
component by itself). N may be 0 (the answer is then 0).
Example: N = 6, edges {0-1, 1-2, 3-4} (so adjacency[0*6+1] = adjacency[1*6+0] = 1, and so on)
-> 3  (the components are {0,1,2}, {3,4} and {5})
"""
SIZES = (0, 1, 2, 7, 301, 1009)
TOLERANCE = {"rtol": 0.0, "atol": 0.0}  # integer output, compared exactly
# Timing input: N = 2040 vertices (16.6 MB in); our serial reference (O(N^2) scan of the matrix) takes
# 2 ms of CPU on this machine: a dense adjacency matrix, so the 16 MiB input budget bounds N and the time far below 0.2 s.
TIMING_SIZE = 2040


def inputs(rng, size):
    n = size
    # Around the percolation threshold (mean degree near 1): many components of very different sizes.
    mean_degree = rng.uniform(0.7, 1.4)
    p = min(1.0, mean_degree / max(n - 1, 1))
    upper = np.triu(rng.uniform(0.0, 1.0, (n, n)) < p, k=1)
    if n == 2:
        upper[0, 1] = True  # one edge, one component
    adjacency = (upper | upper.T).astype(np.int32)
    return {"adjacency": adjacency.reshape(-1), "N": n}


def oracle(adjacency, N):
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    n = int(N)
    if n == 0:
        return {"return": 0}
    count, _ = connected_components(csr_matrix(adjacency.reshape(n, n)), directed=False)
    return {"return": int(count)}
