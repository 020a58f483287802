// Broken on purpose: each rank factors the whole matrix, but rank 0 keeps only its own block of rows
// (the other rows of L are left as they were).
void choleskyLower(const std::vector<double> &A, std::vector<double> &L, size_t N) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<double> full(N * N, 0.0);
    for (size_t j = 0; j < N; ++j) {
        double d = A[j * N + j];
        for (size_t k = 0; k < j; ++k) d -= full[j * N + k] * full[j * N + k];
        full[j * N + j] = std::sqrt(d);
        for (size_t i = j + 1; i < N; ++i) {
            double s = A[i * N + j];
            for (size_t k = 0; k < j; ++k) s -= full[i * N + k] * full[j * N + k];
            full[i * N + j] = s / full[j * N + j];
        }
    }
    for (size_t i = N * rank / size; i < N * (rank + 1) / size; ++i)
        std::copy(full.begin() + i * N, full.begin() + (i + 1) * N, L.begin() + i * N);
    MPI_Barrier(MPI_COMM_WORLD);
}
