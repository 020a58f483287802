// Broken on purpose: each rank answers its own block of queries; the answers are never gathered.
void lowerBounds(const std::vector<double> &sorted, const std::vector<double> &queries,
                 std::vector<size_t> &positions) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t m = queries.size();
    for (size_t k = m * rank / size; k < m * (rank + 1) / size; ++k)
        positions[k] = std::lower_bound(sorted.begin(), sorted.end(), queries[k]) - sorted.begin();
    MPI_Barrier(MPI_COMM_WORLD);
}
