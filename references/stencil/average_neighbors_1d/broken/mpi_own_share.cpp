// Broken on purpose: each rank averages its own block into y; the blocks are never gathered on rank 0.
void averageNeighbors1d(const std::vector<double> &x, std::vector<double> &y) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    for (size_t i = n * rank / size; i < n * (rank + 1) / size; ++i) {
        if (i == 0 || i + 1 == n) y[i] = x[i];
        else y[i] = (x[i - 1] + x[i] + x[i + 1]) / 3.0;
    }
    MPI_Barrier(MPI_COMM_WORLD);
}
