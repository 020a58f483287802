// A contiguous block of elements per rank (its threads split the block again); rank 0 gathers the blocks.
void waxpby(double alpha, const std::vector<double> &x, double beta, const std::vector<double> &y,
            std::vector<double> &w) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = static_cast<int>(n * r / size);
        counts[r] = static_cast<int>(n * (r + 1) / size) - displs[r];
    }
    const int mine = counts[rank];
    const size_t first = static_cast<size_t>(displs[rank]);
    std::vector<double> local(mine);
#pragma omp parallel for schedule(static)
    for (int i = 0; i < mine; ++i) local[i] = alpha * x[first + i] + beta * y[first + i];
    MPI_Gatherv(local.data(), mine, MPI_DOUBLE, w.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
}
