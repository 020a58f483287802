"""Triangle count of an undirected graph given as a dense adjacency matrix."""
import numpy as np

SIGNATURE = "int64_t countTriangles(const std::vector<int> &adjacency, size_t N)"
DESCRIPTION = """
`adjacency` is the N x N adjacency matrix of an undirected graph with N vertices, stored row-major:
adjacency[i*N + j] is 1 if vertices i and j are joined by an edge and 0 otherwise. The matrix is
symmetric and its diagonal is 0 (no self-loops). Return the number of triangles: unordered triples of
distinct vertices {i, j, k} that are pairwise joined. N may be 0 (the count is then 0).
Example: N = 4, adjacency = [0,1,1,1,
                             1,0,1,0,
                             1,1,0,1,
                             1,0,1,0] -> 2  (the triangles {0,1,2} and {0,2,3})
"""
SIZES = (0, 2, 3, 7, 61, 401)
TOLERANCE = {"rtol": 0.0, "atol": 0.0}  # integer output, compared exactly
# Timing input: N = 2000 vertices, density 0.15-0.6 (16.0 MB in); our serial reference (for every edge
# i < j, scan the k > j: O(N^3 density)) takes 0.29 s of CPU on this machine.
TIMING_SIZE = 2000


def inputs(rng, size):
    n = size
    density = rng.uniform(0.15, 0.6) if n > 3 else 1.0  # tiny graphs: complete, so 3 vertices make 1
    upper = np.triu(rng.uniform(0.0, 1.0, (n, n)) < density, k=1)
    adjacency = (upper | upper.T).astype(np.int32)
    return {"adjacency": adjacency.reshape(-1), "N": n}


def oracle(adjacency, N):
    n = int(N)
    a = adjacency.reshape(n, n).astype(np.float64)  # BLAS; every value below stays an exact integer (< 2^53)
    # Each triangle is a closed walk of length 3 counted from each of its 3 vertices in 2 directions:
    # trace(A^3) = sum of (A @ A) * A elementwise.
    return {"return": int(round(float(((a @ a) * a).sum()))) // 6 if n else 0}
