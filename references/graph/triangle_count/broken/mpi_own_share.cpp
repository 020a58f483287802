// Broken on purpose: rank 0 returns only the triangles whose smallest vertex it owns.
int64_t countTriangles(const std::vector<int> &adjacency, size_t N) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int64_t local = 0;
    for (size_t i = static_cast<size_t>(rank); i < N; i += static_cast<size_t>(size))
        for (size_t j = i + 1; j < N; ++j)
            for (size_t k = j + 1; k < N; ++k)
                local += (adjacency[i * N + j] && adjacency[i * N + k] && adjacency[j * N + k]) ? 1 : 0;
    MPI_Barrier(MPI_COMM_WORLD);
    return local;
}
