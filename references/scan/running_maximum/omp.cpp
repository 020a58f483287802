#include <omp.h>

// Block scan in place: each thread takes the running maximum of its contiguous block and records the
// block's maximum (its last element) apart, since that element may change in the second pass; after a
// barrier each thread folds the maximum of the earlier blocks into its block.
void runningMaximum(std::vector<double> &x) {
    const size_t n = x.size();
    // Per thread: the maximum of its block (-inf when empty); a parallel region has at most
    // omp_get_max_threads() threads.
    const double lowest = -std::numeric_limits<double>::infinity();
    std::vector<double> blockMax(static_cast<size_t>(omp_get_max_threads()), lowest);
#pragma omp parallel
    {
        const size_t t = static_cast<size_t>(omp_get_thread_num());
        const size_t T = static_cast<size_t>(omp_get_num_threads());
        const size_t begin = n * t / T, end = n * (t + 1) / T;
        for (size_t i = begin + 1; i < end; ++i) x[i] = std::max(x[i], x[i - 1]);
        if (begin < end) blockMax[t] = x[end - 1];
#pragma omp barrier
        double before = lowest;
        for (size_t s = 0; s < t; ++s) before = std::max(before, blockMax[s]);
        // Stop at the first element that is already at least `before`: every later one is too.
        for (size_t i = begin; i < end && x[i] < before; ++i) x[i] = before;
    }
}
