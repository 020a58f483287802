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

// Full linear convolution of a[0..n) and b[0..m) via zero-padded radix-2 FFTs; returns n + m - 1 values.
static std::vector<double> fftConvolve(const double *a, size_t n, const double *b, size_t m) {
    if (n == 0 || m == 0) return {};
    const size_t out = n + m - 1;
    size_t len = 1;
    while (len < out) len <<= 1;
    std::vector<std::complex<double>> fa(len), fb(len);
    for (size_t i = 0; i < n; ++i) fa[i] = a[i];
    for (size_t i = 0; i < m; ++i) fb[i] = b[i];
    radix2Fft(fa, -1.0);
    radix2Fft(fb, -1.0);
    for (size_t i = 0; i < len; ++i) fa[i] *= fb[i];
    radix2Fft(fa, 1.0);
    std::vector<double> c(out);
    for (size_t i = 0; i < out; ++i) c[i] = fa[i].real() / static_cast<double>(len);
    return c;
}

// Broken on purpose: each rank adds only its own block's contribution; the partial sums are never combined.
void linearConvolution(const std::vector<double> &a, const std::vector<double> &b, std::vector<double> &c) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = a.size(), m = b.size();
    const size_t first = n * rank / size, last = n * (rank + 1) / size;
    std::fill(c.begin(), c.end(), 0.0);
    const std::vector<double> piece = fftConvolve(a.data() + first, last - first, b.data(), m);
    for (size_t i = 0; i < piece.size(); ++i) c[first + i] = piece[i];
    MPI_Barrier(MPI_COMM_WORLD);
}
