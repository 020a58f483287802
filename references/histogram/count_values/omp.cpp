#include <omp.h>

// Each thread counts its block of x into a private histogram (no shared counter is touched in the hot
// loop); the private histograms are then added into counts, one thread at a time.
void countValues(const std::vector<int> &x, int k, std::vector<size_t> &counts) {
    const size_t bins = static_cast<size_t>(k);
    const size_t n = x.size();
    counts.assign(bins, 0);
#pragma omp parallel
    {
        std::vector<size_t> local(bins, 0);
#pragma omp for schedule(static) nowait
        for (size_t i = 0; i < n; ++i) ++local[static_cast<size_t>(x[i])];
#pragma omp critical
        for (size_t b = 0; b < bins; ++b) counts[b] += local[b];
    }
}
