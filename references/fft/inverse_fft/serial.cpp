// In-place iterative radix-2 FFT (n a power of two); sign -1 forward, +1 inverse (unnormalised).
static void radix2Fft(std::vector<std::complex<double>> &a, double sign) {
    const size_t n = a.size();
    for (size_t i = 1, j = 0; i < n; ++i) {
        size_t bit = n >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j ^= bit;
        if (i < j) std::swap(a[i], a[j]);
    }
    const double pi = std::acos(-1.0);
    for (size_t len = 2; len <= n; len <<= 1) {
        const size_t half = len / 2;
        for (size_t k = 0; k < half; ++k) {
            const std::complex<double> w = std::polar(1.0, sign * 2.0 * pi * static_cast<double>(k) / len);
            for (size_t i = 0; i < n; i += len) {
                const std::complex<double> u = a[i + k], v = a[i + k + half] * w;
                a[i + k] = u + v;
                a[i + k + half] = u - v;
            }
        }
    }
}

void inverseFft(std::vector<std::complex<double>> &x) {
    radix2Fft(x, 1.0);
    const double scale = 1.0 / static_cast<double>(x.size());
    for (auto &v : x) v *= scale;
}
