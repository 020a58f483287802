void heatDiffusion1d(std::vector<double> &u, double alpha, size_t steps) {
    const size_t n = u.size();
    if (n <= 2) return;
    std::vector<double> next(u);
    for (size_t s = 0; s < steps; ++s) {
        for (size_t i = 1; i + 1 < n; ++i) next[i] = u[i] + alpha * (u[i - 1] - 2.0 * u[i] + u[i + 1]);
        u.swap(next);
    }
}
