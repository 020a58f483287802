#include <omp.h>

// Row r of the split of the M rows into nt contiguous ranges of about equal cost (stored entries + 1 per
// row): the first row i whose cost prefix rowPtr[i] + i reaches t/nt of the total (binary search on rowPtr).
// Row lengths vary a lot, so equal row counts would not be equal work.
static size_t rowBoundary(const std::vector<size_t> &rowPtr, size_t M, size_t t, size_t nt) {
    if (t == nt) return M;
    const size_t total = rowPtr[M] + M;
    const size_t target = static_cast<size_t>(static_cast<unsigned __int128>(total) * t / nt);
    size_t lo = 0, hi = M;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (rowPtr[mid] + mid < target) lo = mid + 1; else hi = mid;
    }
    return lo;
}

// Every thread computes the rows of its cost-balanced range of y directly (the ranges are disjoint).
void spmvCsr(const std::vector<size_t> &rowPtr, const std::vector<size_t> &colIdx,
             const std::vector<double> &values, const std::vector<double> &x, std::vector<double> &y,
             size_t M, size_t N) {
    (void)N;
    y.resize(M);
#pragma omp parallel
    {
        const size_t t = omp_get_thread_num(), nt = omp_get_num_threads();
        const size_t begin = rowBoundary(rowPtr, M, t, nt), end = rowBoundary(rowPtr, M, t + 1, nt);
        for (size_t i = begin; i < end; ++i) {
            double sum = 0.0;
            for (size_t k = rowPtr[i]; k < rowPtr[i + 1]; ++k) sum += values[k] * x[colIdx[k]];
            y[i] = sum;
        }
    }
}
