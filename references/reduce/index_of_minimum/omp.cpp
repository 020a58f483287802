#include <omp.h>

// Each thread finds the first minimum of its contiguous block (blocks ascend with the thread number);
// the blocks' results are then combined in thread order, where a strict < keeps the earliest of equal
// minima.
size_t indexOfMinimum(const std::vector<double> &x) {
    const size_t n = x.size();
    // One slot per thread: a parallel region has at most omp_get_max_threads() threads.
    const size_t slots = static_cast<size_t>(omp_get_max_threads());
    std::vector<size_t> blockIndex(slots, n);  // per thread: its block's first minimum, n when empty
    std::vector<double> blockValue(slots, 0.0);  // per thread: that minimum
#pragma omp parallel
    {
        const size_t t = static_cast<size_t>(omp_get_thread_num());
        const size_t T = static_cast<size_t>(omp_get_num_threads());
        const size_t begin = n * t / T, end = n * (t + 1) / T;
        if (begin < end) {
            size_t best = begin;
            double smallest = x[begin];  // kept in a register, written out once
            for (size_t i = begin + 1; i < end; ++i)
                if (x[i] < smallest) {
                    smallest = x[i];
                    best = i;
                }
            blockIndex[t] = best;
            blockValue[t] = smallest;
        }
    }
    size_t best = n;
    for (size_t t = 0; t < blockIndex.size(); ++t)
        if (blockIndex[t] != n && (best == n || blockValue[t] < x[best])) best = blockIndex[t];
    return best;
}
