// One pass over memory: the threads take equal contiguous blocks of the elements.
void waxpby(double alpha, const std::vector<double> &x, double beta, const std::vector<double> &y,
            std::vector<double> &w) {
    const size_t n = x.size();
#pragma omp parallel for schedule(static)
    for (size_t i = 0; i < n; ++i) w[i] = alpha * x[i] + beta * y[i];
}
