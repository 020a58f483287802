int64_t countTriangles(const std::vector<int> &adjacency, size_t N) {
    int64_t count = 0;
    for (size_t i = 0; i < N; ++i)
        for (size_t j = i + 1; j < N; ++j) {
            if (!adjacency[i * N + j]) continue;
            for (size_t k = j + 1; k < N; ++k)
                count += (adjacency[i * N + k] && adjacency[j * N + k]) ? 1 : 0;
        }
    return count;
}
