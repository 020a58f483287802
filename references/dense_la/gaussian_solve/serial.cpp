void gaussianSolve(const std::vector<double> &A, const std::vector<double> &b, std::vector<double> &x,
                   size_t N) {
    std::vector<double> a(A), rhs(b);
    for (size_t k = 0; k < N; ++k) {
        size_t pivot = k;
        for (size_t i = k + 1; i < N; ++i)
            if (std::fabs(a[i * N + k]) > std::fabs(a[pivot * N + k])) pivot = i;
        if (pivot != k) {
            for (size_t j = 0; j < N; ++j) std::swap(a[k * N + j], a[pivot * N + j]);
            std::swap(rhs[k], rhs[pivot]);
        }
        const double diag = a[k * N + k];
        for (size_t i = k + 1; i < N; ++i) {
            const double factor = a[i * N + k] / diag;
            if (factor == 0.0) continue;
            for (size_t j = k; j < N; ++j) a[i * N + j] -= factor * a[k * N + j];
            rhs[i] -= factor * rhs[k];
        }
    }
    for (size_t k = N; k-- > 0;) {
        double sum = rhs[k];
        for (size_t j = k + 1; j < N; ++j) sum -= a[k * N + j] * x[j];
        x[k] = sum / a[k * N + k];
    }
}
