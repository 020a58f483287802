// Triangles are counted from their smallest vertex i. Rows near the top have more work, so the values
// of i are dealt out cyclically; the partial counts are summed on rank 0.
int64_t countTriangles(const std::vector<int> &adjacency, size_t N) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int64_t local = 0;
    for (size_t i = static_cast<size_t>(rank); i < N; i += static_cast<size_t>(size))
        for (size_t j = i + 1; j < N; ++j) {
            if (!adjacency[i * N + j]) continue;
            for (size_t k = j + 1; k < N; ++k)
                local += (adjacency[i * N + k] && adjacency[j * N + k]) ? 1 : 0;
        }
    int64_t total = 0;
    MPI_Reduce(&local, &total, 1, MPI_INT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
    return total;
}
