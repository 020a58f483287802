// A block of rows of C per rank, handed out to the rank's threads in small chunks; rank 0 gathers the blocks.
void denseMatMul(const std::vector<double> &A, const std::vector<double> &B, std::vector<double> &C,
                 size_t M, size_t K, size_t N) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<int> counts(size), displs(size);  // in elements, N per row
    for (int r = 0; r < size; ++r) {
        const size_t first = M * r / size, last = M * (r + 1) / size;
        displs[r] = static_cast<int>(first * N);
        counts[r] = static_cast<int>((last - first) * N);
    }
    const size_t first = M * rank / size, rows = M * (rank + 1) / size - first;
    std::vector<double> local(rows * N, 0.0);
#pragma omp parallel for schedule(static, 4)
    for (size_t i = 0; i < rows; ++i) {
        double *row = local.data() + i * N;
        for (size_t k = 0; k < K; ++k) {
            const double a = A[(first + i) * K + k];
            const double *b = B.data() + k * N;
            for (size_t j = 0; j < N; ++j) row[j] += a * b[j];
        }
    }
    MPI_Gatherv(local.data(), counts[rank], MPI_DOUBLE, C.data(), counts.data(), displs.data(), MPI_DOUBLE,
                0, MPI_COMM_WORLD);
}
