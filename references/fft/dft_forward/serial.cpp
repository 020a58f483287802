void dftForward(const std::vector<std::complex<double>> &x, std::vector<std::complex<double>> &spectrum) {
    const size_t n = x.size();
    const double pi = std::acos(-1.0);
    std::vector<std::complex<double>> twiddle(n);  // exp(-2 pi i m / n): exact index (j*k) mod n
    for (size_t m = 0; m < n; ++m) twiddle[m] = std::polar(1.0, -2.0 * pi * static_cast<double>(m) / n);
    for (size_t k = 0; k < n; ++k) {
        std::complex<double> sum = 0.0;
        for (size_t j = 0; j < n; ++j) sum += x[j] * twiddle[(j * k) % n];
        spectrum[k] = sum;
    }
}
