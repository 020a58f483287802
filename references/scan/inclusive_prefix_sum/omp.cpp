#include <omp.h>

// Block scan in two passes: each thread sums its contiguous block; after a barrier each thread starts from
// the sum of the blocks before its own and writes the inclusive scan of its block. (The additions are
// associated per block, which the tolerance allows.)
void prefixSum(const std::vector<double> &x, std::vector<double> &output) {
    const size_t n = x.size();
    // Per thread: the sum of its block; a parallel region has at most
    // omp_get_max_threads() threads.
    std::vector<double> blockSum(static_cast<size_t>(omp_get_max_threads()), 0.0);
#pragma omp parallel
    {
        const size_t t = static_cast<size_t>(omp_get_thread_num());
        const size_t T = static_cast<size_t>(omp_get_num_threads());
        const size_t begin = n * t / T, end = n * (t + 1) / T;
        double sum = 0.0;
        for (size_t i = begin; i < end; ++i) sum += x[i];
        blockSum[t] = sum;
#pragma omp barrier
        double running = 0.0;
        for (size_t s = 0; s < t; ++s) running += blockSum[s];
        for (size_t i = begin; i < end; ++i) {
            running += x[i];
            output[i] = running;
        }
    }
}
