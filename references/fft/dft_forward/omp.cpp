// Every output frequency is an independent sum over the whole signal, and each costs the same n
// multiply-adds: the threads build the twiddle table together, then take the frequencies in chunks of
// 16, dealt out in turn (a static schedule: a thread that wakes late still does its share).
void dftForward(const std::vector<std::complex<double>> &x, std::vector<std::complex<double>> &spectrum) {
    const size_t n = x.size();
    const double pi = std::acos(-1.0);
    std::vector<std::complex<double>> twiddle(n);  // exp(-2 pi i m / n): exact index (j*k) mod n
#pragma omp parallel
    {
#pragma omp for schedule(static)
        for (size_t m = 0; m < n; ++m) twiddle[m] = std::polar(1.0, -2.0 * pi * static_cast<double>(m) / n);
#pragma omp for schedule(static, 16)
        for (size_t k = 0; k < n; ++k) {
            std::complex<double> sum = 0.0;
            for (size_t j = 0; j < n; ++j) sum += x[j] * twiddle[(j * k) % n];
            spectrum[k] = sum;
        }
    }
}
