#include <omp.h>

// Each thread selects the (up to) k smallest values of its block, sorted; the threads' lists are then
// merged one after another, keeping the first min(k, n).
void kSmallest(const std::vector<double> &x, size_t k, std::vector<double> &smallest) {
    const size_t n = x.size();
    // Per thread: its block's smallest values, ascending; a parallel region has at most
    // omp_get_max_threads() threads.
    std::vector<std::vector<double>> candidates(static_cast<size_t>(omp_get_max_threads()));
#pragma omp parallel
    {
        const size_t t = static_cast<size_t>(omp_get_thread_num());
        const size_t T = static_cast<size_t>(omp_get_num_threads());
        const size_t begin = n * t / T, end = n * (t + 1) / T;
        std::vector<double> &mine = candidates[t];
        mine.resize(std::min(k, end - begin));
        std::partial_sort_copy(x.begin() + begin, x.begin() + end, mine.begin(), mine.end());
    }
    // At most T*k values to merge: small against n when k is small, as the problem intends.
    std::vector<double> merged, next;
    for (const std::vector<double> &part : candidates) {
        next.resize(merged.size() + part.size());
        std::merge(merged.begin(), merged.end(), part.begin(), part.end(), next.begin());
        if (next.size() > k) next.resize(k);
        merged.swap(next);
    }
    smallest = merged;
}
