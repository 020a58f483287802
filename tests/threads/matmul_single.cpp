// A parallel region whose `single` does all the work: serial code inside a parallel region.
void denseMatMul(const std::vector<double> &A, const std::vector<double> &B, std::vector<double> &C,
                 size_t M, size_t K, size_t N) {
    #pragma omp parallel
    {
        #pragma omp single
        {
            std::fill(C.begin(), C.end(), 0.0);
            for (size_t i = 0; i < M; ++i)
                for (size_t k = 0; k < K; ++k)
                    for (size_t j = 0; j < N; ++j) C[i * N + j] += A[i * K + k] * B[k * N + j];
        }
    }
}
