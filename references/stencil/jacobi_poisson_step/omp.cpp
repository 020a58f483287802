// Every cell of next depends only on u and f: the rows are split into contiguous blocks, one per thread.
void jacobiPoissonStep(const std::vector<double> &u, const std::vector<double> &f, double h,
                       std::vector<double> &next, size_t rows, size_t cols) {
    const double h2 = h * h;
#pragma omp parallel for schedule(static)
    for (size_t i = 0; i < rows; ++i) {
        for (size_t j = 0; j < cols; ++j) {
            const size_t k = i * cols + j;
            if (i == 0 || j == 0 || i + 1 == rows || j + 1 == cols) {
                next[k] = u[k];
            } else {
                next[k] = 0.25 * (u[k - cols] + u[k + cols] + u[k - 1] + u[k + 1] + h2 * f[k]);
            }
        }
    }
}
