// Broken on purpose: each rank updates only its own row block of next; the blocks are never gathered.
void jacobiPoissonStep(const std::vector<double> &u, const std::vector<double> &f, double h,
                       std::vector<double> &next, size_t rows, size_t cols) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    for (size_t i = rows * rank / size; i < rows * (rank + 1) / size; ++i) {
        for (size_t j = 0; j < cols; ++j) {
            const size_t k = i * cols + j;
            next[k] = u[k];
            if (i > 0 && j > 0 && i + 1 < rows && j + 1 < cols)
                next[k] = 0.25 * (u[k - cols] + u[k + cols] + u[k - 1] + u[k + 1] + h * h * f[k]);
        }
    }
    MPI_Barrier(MPI_COMM_WORLD);
}
