// Triangles are counted from their smallest vertex i. Rows near the top have more work, so the values of
// i are dealt out cyclically among the ranks, and each rank's rows are dealt out in turn in small
// chunks among its threads (a sum reduction); the partial counts are summed on rank 0.
int64_t countTriangles(const std::vector<int> &adjacency, size_t N) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t first = static_cast<size_t>(rank), step = static_cast<size_t>(size);
    const size_t rows = first < N ? (N - first + step - 1) / step : 0;  // i = first, first + step, ...
    int64_t local = 0;
#pragma omp parallel for schedule(static, 4) reduction(+ : local)
    for (size_t r = 0; r < rows; ++r) {
        const size_t i = first + r * step;
        for (size_t j = i + 1; j < N; ++j) {
            if (!adjacency[i * N + j]) continue;
            for (size_t k = j + 1; k < N; ++k)
                local += (adjacency[i * N + k] && adjacency[j * N + k]) ? 1 : 0;
        }
    }
    int64_t total = 0;
    MPI_Reduce(&local, &total, 1, MPI_INT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
    return total;
}
