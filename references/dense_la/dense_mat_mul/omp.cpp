// Rows of C are independent: the threads take rows in small chunks dealt out in turn (a static
// schedule: a thread that starts late still does its share; i-k-j loop order, so the innermost loop
// streams a row of B into a row of C).
void denseMatMul(const std::vector<double> &A, const std::vector<double> &B, std::vector<double> &C,
                 size_t M, size_t K, size_t N) {
#pragma omp parallel for schedule(static, 4)
    for (size_t i = 0; i < M; ++i) {
        double *row = C.data() + i * N;
        std::fill(row, row + N, 0.0);
        for (size_t k = 0; k < K; ++k) {
            const double a = A[i * K + k];
            const double *b = B.data() + k * N;
            for (size_t j = 0; j < N; ++j) row[j] += a * b[j];
        }
    }
}
