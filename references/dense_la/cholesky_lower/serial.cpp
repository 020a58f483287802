void choleskyLower(const std::vector<double> &A, std::vector<double> &L, size_t N) {
    std::fill(L.begin(), L.end(), 0.0);
    for (size_t j = 0; j < N; ++j) {
        double d = A[j * N + j];
        for (size_t k = 0; k < j; ++k) d -= L[j * N + k] * L[j * N + k];
        const double ljj = std::sqrt(d);
        L[j * N + j] = ljj;
        for (size_t i = j + 1; i < N; ++i) {
            double s = A[i * N + j];
            for (size_t k = 0; k < j; ++k) s -= L[i * N + k] * L[j * N + k];
            L[i * N + j] = s / ljj;
        }
    }
}
