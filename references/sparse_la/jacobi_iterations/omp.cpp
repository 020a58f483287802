#include <omp.h>

// As mpi.cpp with threads for ranks: the rows are split into contiguous blocks, one per thread; each thread
// keeps the entries of its own rows as a small CSR (built from one pass over A, so the threads build their
// parts side by side) and, every sweep, computes its block of the new iterate. One parallel region holds
// all sweeps: a barrier after each sweep makes the new iterate complete (and the old one no longer read)
// before every thread swaps its own pair of buffer pointers.
void jacobiIterations(const std::vector<COOElement> &A, const std::vector<double> &b, std::vector<double> &x,
                      size_t N, int iterations) {
    if (N == 0 || iterations <= 0) return;
    std::vector<double> other(N);
#pragma omp parallel
    {
        const size_t t = omp_get_thread_num(), nt = omp_get_num_threads();
        const size_t begin = N * t / nt, end = N * (t + 1) / nt;

        std::vector<double> diagonal(end - begin, 0.0);
        std::vector<size_t> rowStart(end - begin + 1, 0);
        for (const COOElement &e : A)
            if (e.row >= begin && e.row < end && e.row != e.column) ++rowStart[e.row - begin + 1];
        for (size_t i = 0; i < end - begin; ++i) rowStart[i + 1] += rowStart[i];
        std::vector<size_t> cols(rowStart.back()), fill(rowStart.begin(), rowStart.end() - 1);
        std::vector<double> vals(rowStart.back());
        for (const COOElement &e : A) {
            if (e.row < begin || e.row >= end) continue;
            if (e.row == e.column) {
                diagonal[e.row - begin] += e.value;
            } else {
                const size_t k = fill[e.row - begin]++;
                cols[k] = e.column;
                vals[k] = e.value;
            }
        }

        double *cur = x.data(), *next = other.data();
        for (int it = 0; it < iterations; ++it) {
            for (size_t i = begin; i < end; ++i) {
                double sum = b[i];
                for (size_t k = rowStart[i - begin]; k < rowStart[i - begin + 1]; ++k) sum -= vals[k] * cur[cols[k]];
                next[i] = sum / diagonal[i - begin];
            }
#pragma omp barrier
            std::swap(cur, next);
        }
    }
    // After an odd number of sweeps the last one was written into `other`.
    if (iterations % 2 == 1) x.swap(other);
}
