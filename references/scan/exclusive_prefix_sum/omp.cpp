#include <omp.h>

// Block scan in two passes: each thread sums its contiguous block; after a barrier each thread starts from
// the sum of the blocks before its own and writes the exclusive scan of its block.
int64_t exclusivePrefixSum(const std::vector<int64_t> &x, std::vector<int64_t> &output) {
    const size_t n = x.size();
    // Per thread: the sum of its block (0 in unused slots); a parallel region has at most
    // omp_get_max_threads() threads.
    std::vector<int64_t> blockSum(static_cast<size_t>(omp_get_max_threads()), 0);
#pragma omp parallel
    {
        const size_t t = static_cast<size_t>(omp_get_thread_num());
        const size_t T = static_cast<size_t>(omp_get_num_threads());
        const size_t begin = n * t / T, end = n * (t + 1) / T;
        int64_t sum = 0;
        for (size_t i = begin; i < end; ++i) sum += x[i];
        blockSum[t] = sum;
#pragma omp barrier
        int64_t running = 0;
        for (size_t s = 0; s < t; ++s) running += blockSum[s];
        for (size_t i = begin; i < end; ++i) {
            output[i] = running;
            running += x[i];
        }
    }
    int64_t total = 0;
    for (int64_t sum : blockSum) total += sum;
    return total;
}
