// Independent per element: the outputs are sized once, then every thread fills one contiguous block.
void toPolar(const std::vector<std::complex<double>> &z, std::vector<double> &radius, std::vector<double> &angle) {
    const size_t n = z.size();
    radius.resize(n);
    angle.resize(n);
#pragma omp parallel for schedule(static)
    for (size_t i = 0; i < n; ++i) {
        radius[i] = std::abs(z[i]);
        angle[i] = std::arg(z[i]);
    }
}
