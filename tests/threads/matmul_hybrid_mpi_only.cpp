// MPI only in hybrid mode: no thread ever helps.
void denseMatMul(const std::vector<double> &A, const std::vector<double> &B, std::vector<double> &C,
                 size_t M, size_t K, size_t N) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        size_t lo = M * r / size, hi = M * (r + 1) / size;
        counts[r] = static_cast<int>((hi - lo) * N);
        displs[r] = static_cast<int>(lo * N);
    }
    const size_t lo = M * rank / size, hi = M * (rank + 1) / size;
    std::vector<double> mine((hi - lo) * N, 0.0);

    for (size_t i = lo; i < hi; ++i)
        for (size_t k = 0; k < K; ++k) {
            const double a = A[i * K + k];
            for (size_t j = 0; j < N; ++j) mine[(i - lo) * N + j] += a * B[k * N + j];
        }
    MPI_Gatherv(mine.data(), counts[rank], MPI_DOUBLE, C.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
}
