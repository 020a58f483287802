// Rows of C are independent: the threads take rows in small chunks, handed out dynamically so that a
// thread slowed down by other load on the machine takes fewer (i-k-j loop order, so the innermost loop
// streams a row of B into a row of C).
void denseMatMul(const std::vector<double> &A, const std::vector<double> &B, std::vector<double> &C,
                 size_t M, size_t K, size_t N) {
#pragma omp parallel for schedule(dynamic, 4)
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
