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

// Frames are split in blocks among the ranks. Rank 0 writes its rows of power in place and receives the
// others' rows there (MPI_IN_PLACE): no buffer and no copy of its own block.
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
    for (size_t j = 0; j < frameLen; ++j) window[j] = 0.5 - 0.5 * std::cos(2.0 * pi * j / frameLen);
    std::vector<double> local(rank == 0 ? 0 : (last - first) * bins);
    double *rows = rank == 0 ? power.data() : local.data();  // this rank's first row
    std::vector<std::complex<double>> buf(frameLen);
    for (size_t f = first; f < last; ++f) {
        for (size_t j = 0; j < frameLen; ++j) buf[j] = window[j] * signal[f * hop + j];
        radix2Fft(buf, -1.0);
        for (size_t k = 0; k < bins; ++k) rows[(f - first) * bins + k] = std::norm(buf[k]);
    }
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, power.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                    MPI_COMM_WORLD);
    else
        MPI_Gatherv(local.data(), counts[rank], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0, MPI_COMM_WORLD);
}
