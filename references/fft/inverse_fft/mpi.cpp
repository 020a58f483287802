// Decimation in time across ranks. With P = 2^q ranks in use (the largest power of two <= min(ranks, n)),
// rank r < P transforms the strided subsequence x[r], x[r + P], x[r + 2P], ... (length m = n / P) on its
// own. In the bit-reversed layout of an iterative radix-2 FFT, that sub-transform is exactly block
// bitrev_q(r) after the first log2(m) stages, so rank 0 gathers the blocks there and runs the last q
// butterfly stages, then scales by 1/n.
static void butterflyStages(std::vector<std::complex<double>> &a, size_t firstLen, double sign) {
    const size_t n = a.size();
    const double pi = std::acos(-1.0);
    for (size_t len = firstLen; len <= n; len <<= 1) {
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

static void bitReversePermute(std::vector<std::complex<double>> &a) {
    const size_t n = a.size();
    for (size_t i = 1, j = 0; i < n; ++i) {
        size_t bit = n >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j ^= bit;
        if (i < j) std::swap(a[i], a[j]);
    }
}

void inverseFft(std::vector<std::complex<double>> &x) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    size_t P = 1, q = 0;
    while (P * 2 <= static_cast<size_t>(size) && P * 2 <= n) { P *= 2; ++q; }
    const size_t m = n / P;
    std::vector<int> counts(size, 0), displs(size, 0);
    for (size_t r = 0; r < P; ++r) {
        size_t rev = 0;
        for (size_t b = 0; b < q; ++b) rev |= ((r >> b) & 1) << (q - 1 - b);
        counts[r] = static_cast<int>(m);
        displs[r] = static_cast<int>(rev * m);
    }
    std::vector<std::complex<double>> sub;
    if (static_cast<size_t>(rank) < P) {
        sub.resize(m);
        for (size_t j = 0; j < m; ++j) sub[j] = x[rank + P * j];
        bitReversePermute(sub);
        butterflyStages(sub, 2, 1.0);
    }
    std::vector<std::complex<double>> full(rank == 0 ? n : 0);
    MPI_Gatherv(sub.data(), static_cast<int>(sub.size()), MPI_C_DOUBLE_COMPLEX, full.data(), counts.data(),
                displs.data(), MPI_C_DOUBLE_COMPLEX, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        butterflyStages(full, 2 * m, 1.0);
        const double scale = 1.0 / static_cast<double>(n);
        for (size_t i = 0; i < n; ++i) x[i] = full[i] * scale;
    }
}
