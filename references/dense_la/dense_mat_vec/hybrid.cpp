// A block of rows per rank, split again among the rank's threads; rank 0 gathers the pieces of y.
void denseMatVec(const std::vector<double> &A, const std::vector<double> &x, std::vector<double> &y,
                 size_t M, size_t N) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = static_cast<int>(M * r / size);
        counts[r] = static_cast<int>(M * (r + 1) / size) - displs[r];
    }
    const int mine = counts[rank];
    std::vector<double> local(mine);
#pragma omp parallel for schedule(static)
    for (int i = 0; i < mine; ++i) {
        const double *row = A.data() + (static_cast<size_t>(displs[rank]) + i) * N;
        double sum = 0.0;
        for (size_t j = 0; j < N; ++j) sum += row[j] * x[j];
        local[i] = sum;
    }
    MPI_Gatherv(local.data(), mine, MPI_DOUBLE, y.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
}
