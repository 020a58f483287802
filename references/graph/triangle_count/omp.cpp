// Triangles are counted from their smallest vertex i. Rows near the top have more work, so the values of
// i are dealt out in turn in small chunks; the per-thread counts are summed by a reduction (exact).
int64_t countTriangles(const std::vector<int> &adjacency, size_t N) {
    int64_t count = 0;
#pragma omp parallel for schedule(static, 4) reduction(+ : count)
    for (size_t i = 0; i < N; ++i)
        for (size_t j = i + 1; j < N; ++j) {
            if (!adjacency[i * N + j]) continue;
            for (size_t k = j + 1; k < N; ++k)
                count += (adjacency[i * N + k] && adjacency[j * N + k]) ? 1 : 0;
        }
    return count;
}
