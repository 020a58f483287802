#include <omp.h>

// Each thread tallies the leading digits of its block into nine private counters; the counters are added
// into counts afterwards, one thread at a time.
void leadingDigitCounts(const std::vector<int64_t> &x, std::vector<size_t> &counts) {
    const size_t n = x.size();
    counts.assign(9, 0);
#pragma omp parallel
    {
        size_t local[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};  // on this thread's stack: no false sharing
#pragma omp for schedule(static) nowait
        for (size_t i = 0; i < n; ++i) {
            const int64_t v = x[i];
            if (v == 0) continue;
            uint64_t m = v < 0 ? static_cast<uint64_t>(-v) : static_cast<uint64_t>(v);
            while (m >= 10) m /= 10;  // exact integer arithmetic: no rounding near powers of ten
            ++local[m - 1];
        }
#pragma omp critical
        for (int d = 0; d < 9; ++d) counts[d] += local[d];
    }
}
