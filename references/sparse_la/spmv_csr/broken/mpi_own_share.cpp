// Broken on purpose: every rank fills only its own block of rows of y; nothing reaches rank 0.
void spmvCsr(const std::vector<size_t> &rowPtr, const std::vector<size_t> &colIdx,
             const std::vector<double> &values, const std::vector<double> &x, std::vector<double> &y,
             size_t M, size_t N) {
    (void)N;
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    for (size_t i = M * rank / size; i < M * (rank + 1) / size; ++i) {
        double sum = 0.0;
        for (size_t k = rowPtr[i]; k < rowPtr[i + 1]; ++k) sum += values[k] * x[colIdx[k]];
        y[i] = sum;
    }
    MPI_Barrier(MPI_COMM_WORLD);
}
