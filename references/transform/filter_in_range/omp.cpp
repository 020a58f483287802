#include <omp.h>

// Every thread filters one contiguous block of x into a vector of its own; the blocks are consecutive, so
// the survivors concatenated in thread order keep the original order. A prefix sum of the per-thread
// counts gives each thread where its survivors go, and the threads copy them into kept side by side.
void filterInRange(const std::vector<double> &x, double lo, double hi, std::vector<double> &kept) {
    const size_t n = x.size();
    std::vector<size_t> offset(omp_get_max_threads() + 1, 0);
#pragma omp parallel
    {
        const size_t t = omp_get_thread_num(), nt = omp_get_num_threads();
        std::vector<double> local;
        for (size_t i = n * t / nt; i < n * (t + 1) / nt; ++i)
            if (lo <= x[i] && x[i] <= hi) local.push_back(x[i]);
        offset[t + 1] = local.size();
#pragma omp barrier
#pragma omp single
        {
            for (size_t r = 0; r < nt; ++r) offset[r + 1] += offset[r];
            kept.resize(offset[nt]);
        }  // implicit barrier: kept is sized before anyone copies
        std::copy(local.begin(), local.end(), kept.begin() + offset[t]);
    }
}
