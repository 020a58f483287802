void toPolar(const std::vector<std::complex<double>> &z, std::vector<double> &radius, std::vector<double> &angle) {
    radius.resize(z.size());
    angle.resize(z.size());
    for (size_t i = 0; i < z.size(); ++i) {
        radius[i] = std::abs(z[i]);
        angle[i] = std::arg(z[i]);
    }
}
