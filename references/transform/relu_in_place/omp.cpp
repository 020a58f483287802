// The map is independent per element: a static schedule gives every thread one contiguous block.
void reluInPlace(std::vector<double> &x) {
    const size_t n = x.size();
#pragma omp parallel for schedule(static)
    for (size_t i = 0; i < n; ++i) x[i] = std::max(x[i], 0.0);
}
