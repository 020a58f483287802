#include <omp.h>

// Each thread finds the first closest element of its contiguous block (blocks ascend with the thread
// number); the blocks' results are then combined in thread order, where a strict < keeps the smallest
// index among equal distances.
size_t indexOfClosest(const std::vector<double> &x, double target) {
    const size_t n = x.size();
    // One slot per thread: a parallel region has at most omp_get_max_threads() threads.
    const size_t slots = static_cast<size_t>(omp_get_max_threads());
    std::vector<size_t> blockIndex(slots, n);  // per thread: its block's answer, n when the block is empty
    std::vector<double> blockDistance(slots, std::numeric_limits<double>::infinity());  // and its distance
#pragma omp parallel
    {
        const size_t t = static_cast<size_t>(omp_get_thread_num());
        const size_t T = static_cast<size_t>(omp_get_num_threads());
        const size_t begin = n * t / T, end = n * (t + 1) / T;
        size_t best = n;
        double bestDistance = std::numeric_limits<double>::infinity();  // kept in a register
        for (size_t i = begin; i < end; ++i) {
            const double d = std::fabs(x[i] - target);
            if (d < bestDistance || best == n) {
                bestDistance = d;
                best = i;
            }
        }
        blockIndex[t] = best;
        blockDistance[t] = bestDistance;
    }
    size_t best = n;
    double bestDistance = 0.0;
    for (size_t t = 0; t < blockIndex.size(); ++t)
        if (blockIndex[t] != n && (best == n || blockDistance[t] < bestDistance)) {
            best = blockIndex[t];
            bestDistance = blockDistance[t];
        }
    return best;
}
