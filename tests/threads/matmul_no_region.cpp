// OpenMP in name only: asks how many threads there are, never starts a region.
void denseMatMul(const std::vector<double> &A, const std::vector<double> &B, std::vector<double> &C,
                 size_t M, size_t K, size_t N) {
    const int threads = omp_get_max_threads();
    std::fill(C.begin(), C.end(), 0.0);
    for (int t = 0; t < threads; ++t)
        for (size_t i = M * t / threads; i < M * (t + 1) / threads; ++i)
            for (size_t k = 0; k < K; ++k)
                for (size_t j = 0; j < N; ++j) C[i * N + j] += A[i * K + k] * B[k * N + j];
}
