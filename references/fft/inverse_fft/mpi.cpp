// Decimation in time across ranks, with the combining step divided too. With P = 2^q ranks in use (the
// largest power of two <= min(ranks, n)) and m = n / P, rank r < P transforms the strided subsequence
// x[r], x[r + P], x[r + 2P], ... (length m) on its own: S_r. Then
//   x'[k + m t] = (1/n) sum over r of (w^(r k) S_r[k]) e^(+2 pi i r t / P),  w = e^(+2 pi i / n),
// so every k in [0, m) is one twiddled P-point transform of the S_r[k]. Rank p takes a block of k: an
// Alltoallv gives it the S_r[k] of its block from every other rank, it computes the P outputs of each of
// its k (P runs of its block, m apart), and rank 0 receives them in place with a strided datatype. (Before,
// rank 0 gathered all the S_r and ran the last q butterfly stages, the twiddles and the scaling alone.)
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
    if (n == 0) return;
    size_t P = 1;
    while (P * 2 <= static_cast<size_t>(size) && P * 2 <= n) P *= 2;
    const size_t m = n / P;
    const bool active = static_cast<size_t>(rank) < P;
    // Rank p < P combines k in [m p / P, m (p + 1) / P); the other ranks take no part.
    std::vector<int> counts(size, 0), starts(size, 0);
    for (size_t p = 0; p < P; ++p) {
        starts[p] = static_cast<int>(m * p / P);
        counts[p] = static_cast<int>(m * (p + 1) / P - m * p / P);
    }
    const size_t k0 = starts[rank], block = counts[rank];

    std::vector<std::complex<double>> sub;
    if (active) {
        sub.resize(m);
        for (size_t j = 0; j < m; ++j) sub[j] = x[rank + P * j];
        bitReversePermute(sub);
        butterflyStages(sub, 2, 1.0);
    }
    // theirs[r * block + (k - k0)] = S_r[k] for this rank's k, from every other rank (its own S is sub).
    std::vector<std::complex<double>> theirs(P * block);
    std::vector<int> sendCounts(size, 0), recvCounts(size, 0), recvDispls(size, 0);
    for (size_t r = 0; r < P && active; ++r) {
        if (r == static_cast<size_t>(rank)) continue;
        sendCounts[r] = counts[r];
        recvCounts[r] = static_cast<int>(block);
        recvDispls[r] = static_cast<int>(r * block);
    }
    MPI_Alltoallv(sub.data(), sendCounts.data(), starts.data(), MPI_C_DOUBLE_COMPLEX, theirs.data(),
                  recvCounts.data(), recvDispls.data(), MPI_C_DOUBLE_COMPLEX, MPI_COMM_WORLD);

    // Every rank writes its outputs x'[k + m t] into its own x (no longer read; its pages are already
    // there), so rank 0's are in place and the others' are sent from where rank 0 wants them.
    const double pi = std::acos(-1.0), scale = 1.0 / static_cast<double>(n);
    std::vector<std::complex<double>> roots(P), terms(P);
    for (size_t j = 0; j < P; ++j) roots[j] = std::polar(1.0, 2.0 * pi * static_cast<double>(j) / P);
    for (size_t k = k0; k < k0 + block; ++k) {
        for (size_t r = 0; r < P; ++r) {
            const std::complex<double> s = r == static_cast<size_t>(rank) ? sub[k] : theirs[r * block + (k - k0)];
            const double angle = 2.0 * pi * static_cast<double>(r * k) / static_cast<double>(n);
            terms[r] = r == 0 ? s : s * std::polar(1.0, angle);
        }
        for (size_t t = 0; t < P; ++t) {
            std::complex<double> sum = terms[0];
            for (size_t r = 1; r < P; ++r) sum += terms[r] * roots[(r * t) % P];
            x[k + m * t] = sum * scale;
        }
    }

    // P runs of a rank's block of k, m apart: what rank p sends from its x and rank 0 receives into x.
    auto runs = [&](size_t p) {
        MPI_Datatype type;
        MPI_Type_vector(static_cast<int>(P), counts[p], static_cast<int>(m), MPI_C_DOUBLE_COMPLEX, &type);
        MPI_Type_commit(&type);
        return type;
    };
    if (rank != 0) {
        if (active && block > 0) {
            MPI_Datatype type = runs(rank);
            MPI_Send(x.data() + k0, 1, type, 0, 0, MPI_COMM_WORLD);
            MPI_Type_free(&type);
        }
        return;
    }
    for (size_t p = 1; p < P; ++p) {
        if (counts[p] == 0) continue;
        MPI_Datatype type = runs(p);
        MPI_Recv(x.data() + starts[p], 1, type, static_cast<int>(p), 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Type_free(&type);
    }
}
