void jacobiPoissonStep(const std::vector<double> &u, const std::vector<double> &f, double h,
                       std::vector<double> &next, size_t rows, size_t cols) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    // Row blocks; every rank already holds all of u, so the neighbouring rows are read directly. The rank's
    // threads split its rows; rank 0 gathers the blocks.
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        const size_t b = rows * r / size, e = rows * (r + 1) / size;
        counts[r] = static_cast<int>((e - b) * cols);
        displs[r] = static_cast<int>(b * cols);
    }
    const size_t first = rows * rank / size, last = rows * (rank + 1) / size;
    const double h2 = h * h;
    std::vector<double> local((last - first) * cols);
#pragma omp parallel for schedule(static)
    for (size_t i = first; i < last; ++i) {
        for (size_t j = 0; j < cols; ++j) {
            const size_t k = i * cols + j;
            double v = u[k];
            if (i > 0 && j > 0 && i + 1 < rows && j + 1 < cols)
                v = 0.25 * (u[k - cols] + u[k + cols] + u[k - 1] + u[k + 1] + h2 * f[k]);
            local[(i - first) * cols + j] = v;
        }
    }
    MPI_Gatherv(local.data(), counts[rank], MPI_DOUBLE, next.data(), counts.data(), displs.data(), MPI_DOUBLE,
                0, MPI_COMM_WORLD);
}
