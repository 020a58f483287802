#include <omp.h>

// A radix-2 FFT whose every pass is divided among the threads of the enclosing parallel region: each
// function below must be called by every thread of the team (worksharing loops and barriers inside).

// root[t] = exp(sign * 2 pi i t / rootN) for t < rootN / 2 (rootN a power of two).
static void fillRoots(std::complex<double> *root, size_t rootN, double sign) {
    const double pi = std::acos(-1.0);
#pragma omp for schedule(static)
    for (size_t t = 0; t < rootN / 2; ++t)
        root[t] = std::polar(1.0, sign * 2.0 * pi * static_cast<double>(t) / static_cast<double>(rootN));
}

// Bit-reversal permutation of a[0..n), n a power of two. Each thread takes a contiguous block of indices i
// and swaps a[i] with a[rev(i)] when i < rev(i): every pair is swapped by exactly one thread.
static void bitReversePermute(std::complex<double> *a, size_t n) {
    unsigned bits = 0;
    while ((size_t{1} << bits) < n) ++bits;
    const size_t threads = static_cast<size_t>(omp_get_num_threads());
    const size_t t = static_cast<size_t>(omp_get_thread_num());
    const size_t lo = n * t / threads, hi = n * (t + 1) / threads;
    size_t j = 0;  // rev(lo), then advanced in reversed bit order as in the serial loop
    for (unsigned b = 0; b < bits; ++b) j |= ((lo >> b) & 1) << (bits - 1 - b);
    for (size_t i = lo; i < hi; ++i) {
        if (i < j) std::swap(a[i], a[j]);
        size_t bit = n >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j ^= bit;
    }
#pragma omp barrier
}

// The butterfly passes of half-length firstHalf .. n/2 over a (in bit-reversed order): each pass is n/2
// independent butterflies, split in equal contiguous blocks. The twiddle of a pass of length len is
// root[k * rootN / len] (rootN >= n, from fillRoots).
static void butterflyPasses(std::complex<double> *a, size_t n, size_t firstHalf, const std::complex<double> *root,
                            size_t rootN) {
    for (size_t half = firstHalf; half < n; half <<= 1) {
        const size_t stride = rootN / (2 * half);
#pragma omp for schedule(static)
        for (size_t q = 0; q < n / 2; ++q) {
            const size_t k = q & (half - 1), i = 2 * (q - k) + k;  // butterfly k of block q / half
            const std::complex<double> u = a[i], v = a[i + half] * root[k * stride];
            a[i] = u + v;
            a[i + half] = u - v;
        }
    }
}

static void parallelFft(std::complex<double> *a, size_t n, const std::complex<double> *root, size_t rootN) {
    bitReversePermute(a, n);
    butterflyPasses(a, n, 1, root, rootN);
}

// Decimation in time across ranks, as the MPI reference: with P = 2^q ranks in use (the largest power of
// two <= min(ranks, n)), rank r < P transforms the strided subsequence x[r], x[r + P], ... (length
// m = n / P) with its threads. In the bit-reversed layout of an iterative radix-2 FFT, that sub-transform
// is exactly block bitrev_q(r) after the first log2(m) passes, so rank 0 gathers the blocks there and runs
// the last q passes with its threads, then scales by 1/n. MPI is called outside the parallel regions.
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
    // Rank 0 needs the roots of the full length for its last passes; the sub-transforms use every P-th one.
    const size_t rootN = rank == 0 ? n : m;
    std::vector<std::complex<double>> sub, root;
    if (static_cast<size_t>(rank) < P) {
        sub.resize(m);
        root.resize(rootN / 2);
#pragma omp parallel
        {
            fillRoots(root.data(), rootN, 1.0);
#pragma omp for schedule(static)
            for (size_t j = 0; j < m; ++j) sub[j] = x[rank + P * j];
            parallelFft(sub.data(), m, root.data(), rootN);
        }
    }
    std::vector<std::complex<double>> full(rank == 0 ? n : 0);
    MPI_Gatherv(sub.data(), static_cast<int>(sub.size()), MPI_C_DOUBLE_COMPLEX, full.data(), counts.data(),
                displs.data(), MPI_C_DOUBLE_COMPLEX, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        const double scale = 1.0 / static_cast<double>(n);
#pragma omp parallel
        {
            butterflyPasses(full.data(), n, m, root.data(), rootN);
#pragma omp for schedule(static)
            for (size_t i = 0; i < n; ++i) x[i] = full[i] * scale;
        }
    }
}
