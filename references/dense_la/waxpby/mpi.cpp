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
    std::vector<double> local(counts[rank]);
    for (int i = 0; i < counts[rank]; ++i) {
        const size_t g = displs[rank] + i;
        local[i] = alpha * x[g] + beta * y[g];
    }
    MPI_Gatherv(local.data(), counts[rank], MPI_DOUBLE, w.data(), counts.data(), displs.data(), MPI_DOUBLE,
                0, MPI_COMM_WORLD);
}
