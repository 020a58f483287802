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

// Frames are split in blocks among the ranks, and each rank's block again among its threads (each with
// its own buffer); rank 0 gathers the rows of power.
void spectrogramPower(const std::vector<double> &signal, size_t frameLen, size_t hop, std::vector<double> &power) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t L = signal.size();
    const size_t frames = L >= frameLen ? (L - frameLen) / hop + 1 : 0;
    const size_t bins = frameLen / 2 + 1;
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        const size_t first = frames * r / size, last = frames * (r + 1) / size;
        displs[r] = static_cast<int>(first * bins);
        counts[r] = static_cast<int>((last - first) * bins);
    }
    const size_t first = frames * rank / size, last = frames * (rank + 1) / size;
    const double pi = std::acos(-1.0);
    std::vector<double> window(frameLen);
    std::vector<double> local((last - first) * bins);
#pragma omp parallel
    {
#pragma omp for schedule(static)
        for (size_t j = 0; j < frameLen; ++j) window[j] = 0.5 - 0.5 * std::cos(2.0 * pi * j / frameLen);
        std::vector<std::complex<double>> buf(frameLen);
#pragma omp for schedule(static, 1)
        for (size_t f = first; f < last; ++f) {
            for (size_t j = 0; j < frameLen; ++j) buf[j] = window[j] * signal[f * hop + j];
            radix2Fft(buf, -1.0);
            for (size_t k = 0; k < bins; ++k) local[(f - first) * bins + k] = std::norm(buf[k]);
        }
    }
    MPI_Gatherv(local.data(), counts[rank], MPI_DOUBLE, power.data(), counts.data(), displs.data(), MPI_DOUBLE,
                0, MPI_COMM_WORLD);
}
