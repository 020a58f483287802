void denseMatVec(const std::vector<double> &A, const std::vector<double> &x, std::vector<double> &y,
                 size_t M, size_t N) {
    for (size_t i = 0; i < M; ++i) {
        double sum = 0.0;
        const double *row = A.data() + i * N;
        for (size_t j = 0; j < N; ++j) sum += row[j] * x[j];
        y[i] = sum;
    }
}
