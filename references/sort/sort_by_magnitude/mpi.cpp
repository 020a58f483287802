// Bucket sort over the ranks. Every rank already holds all of x, so the ranks agree on size-1 splitters
// without a message: each sorts the same regular sample of x and takes the same quantiles. Rank r keeps
// the values between splitters r-1 and r, packed at the front of its own copy of x, and sorts them; rank 0
// gathers the sorted buckets in rank order straight into x (its own bucket is already in place). The
// result is the only data moved, once, and nothing is merged: the buckets' concatenation is sorted.
static bool magnitudeLess(const std::complex<double> &a, const std::complex<double> &b) {
    const double ma = a.real() * a.real() + a.imag() * a.imag();
    const double mb = b.real() * b.real() + b.imag() * b.imag();
    if (ma != mb) return ma < mb;
    if (a.real() != b.real()) return a.real() < b.real();
    return a.imag() < b.imag();
}

void sortComplexByMagnitude(std::vector<std::complex<double>> &x) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();

    // 256 samples per bucket at regular positions: balanced buckets for any order of x, and the sample's
    // sort costs nothing next to the buckets'.
    std::vector<std::complex<double>> splitters;
    if (size > 1 && n > 0) {
        const size_t s = std::min(n, static_cast<size_t>(256) * size);
        std::vector<std::complex<double>> sample(s);
        for (size_t i = 0; i < s; ++i) sample[i] = x[i * n / s];
        std::sort(sample.begin(), sample.end(), magnitudeLess);
        for (int j = 1; j < size; ++j) splitters.push_back(sample[s * j / size]);
    }

    // A value's bucket is the number of splitters not above it. Packing forwards in place is safe: the
    // write position never passes the read position.
    size_t kept = n;
    if (!splitters.empty()) {
        kept = 0;
        for (size_t i = 0; i < n; ++i) {
            const long bucket =
                std::upper_bound(splitters.begin(), splitters.end(), x[i], magnitudeLess) - splitters.begin();
            if (bucket == rank) x[kept++] = x[i];
        }
    }
    std::sort(x.begin(), x.begin() + kept, magnitudeLess);

    // A complex<double> is two doubles (guaranteed layout).
    const int mine = static_cast<int>(2 * kept);
    std::vector<int> counts(size), displs(size, 0);
    MPI_Gather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    for (int r = 1; r < size; ++r) displs[r] = displs[r - 1] + counts[r - 1];
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, x.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                    MPI_COMM_WORLD);
    else
        MPI_Gatherv(x.data(), mine, MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0, MPI_COMM_WORLD);
}
