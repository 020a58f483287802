// Each y[i] is an independent dot product: the threads take equal contiguous blocks of rows.
void denseMatVec(const std::vector<double> &A, const std::vector<double> &x, std::vector<double> &y,
                 size_t M, size_t N) {
#pragma omp parallel for schedule(static)
    for (size_t i = 0; i < M; ++i) {
        const double *row = A.data() + i * N;
        double sum = 0.0;
        for (size_t j = 0; j < N; ++j) sum += row[j] * x[j];
        y[i] = sum;
    }
}
