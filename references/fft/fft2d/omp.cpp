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

// Forward 1D DFT of any length: radix-2 FFT for powers of two, direct O(n^2) sum otherwise.
static void forwardDft(std::vector<std::complex<double>> &a) {
    const size_t n = a.size();
    if (n <= 1) return;
    if ((n & (n - 1)) == 0) { radix2Fft(a, -1.0); return; }
    const double pi = std::acos(-1.0);
    std::vector<std::complex<double>> twiddle(n), out(n);
    for (size_t t = 0; t < n; ++t) twiddle[t] = std::polar(1.0, -2.0 * pi * static_cast<double>(t) / n);
    for (size_t k = 0; k < n; ++k) {
        std::complex<double> sum = 0.0;
        for (size_t j = 0; j < n; ++j) sum += a[j] * twiddle[(j * k) % n];
        out[k] = sum;
    }
    a.swap(out);
}

// Every row is transformed independently (the threads take rows one at a time, dealt out in turn,
// each thread with its own line buffer), then, after the barrier, every column likewise.
void fft2d(std::vector<std::complex<double>> &data, size_t rows, size_t cols) {
#pragma omp parallel
    {
        std::vector<std::complex<double>> line(cols);
#pragma omp for schedule(static, 1)
        for (size_t r = 0; r < rows; ++r) {
            std::copy(data.begin() + r * cols, data.begin() + (r + 1) * cols, line.begin());
            forwardDft(line);
            std::copy(line.begin(), line.end(), data.begin() + r * cols);
        }
        line.assign(rows, 0.0);
#pragma omp for schedule(static, 1)
        for (size_t c = 0; c < cols; ++c) {
            for (size_t r = 0; r < rows; ++r) line[r] = data[r * cols + c];
            forwardDft(line);
            for (size_t r = 0; r < rows; ++r) data[r * cols + c] = line[r];
        }
    }
}
