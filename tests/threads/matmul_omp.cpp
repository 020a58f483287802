// Correct and divided: rows split among the threads.
void denseMatMul(const std::vector<double> &A, const std::vector<double> &B, std::vector<double> &C,
                 size_t M, size_t K, size_t N) {
    #pragma omp parallel for schedule(static)
    for (size_t i = 0; i < M; ++i) {
        for (size_t j = 0; j < N; ++j) C[i * N + j] = 0.0;
        for (size_t k = 0; k < K; ++k) {
            const double a = A[i * K + k];
            for (size_t j = 0; j < N; ++j) C[i * N + j] += a * B[k * N + j];
        }
    }
}
