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

// The whole transform is one parallel region: the twiddle table, the bit reversal, each of the log2(n)
// butterfly passes and the 1/n scaling are divided among the threads, with a barrier between passes.
void inverseFft(std::vector<std::complex<double>> &x) {
    const size_t n = x.size();
    std::vector<std::complex<double>> root(n / 2);
    const double scale = 1.0 / static_cast<double>(n);
#pragma omp parallel
    {
        fillRoots(root.data(), n, 1.0);
        parallelFft(x.data(), n, root.data(), n);
#pragma omp for schedule(static)
        for (size_t i = 0; i < n; ++i) x[i] *= scale;
    }
}
