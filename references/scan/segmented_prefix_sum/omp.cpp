#include <omp.h>

// Block scan: each thread runs the segmented scan over its contiguous block, writing output directly,
// and records the sum of its open tail (the elements after its last segment start, or the whole block)
// and whether the block holds a segment start. After a barrier, the elements of a block before its first
// segment start still lack the carry from earlier blocks: the tails of the earlier blocks back to the
// last one holding a start.
void segmentedPrefixSum(const std::vector<int> &x, const std::vector<int> &segmentStart,
                        std::vector<int64_t> &output) {
    const size_t n = x.size();
    // One slot per thread: a parallel region has at most omp_get_max_threads() threads.
    const size_t slots = static_cast<size_t>(omp_get_max_threads());
    std::vector<int64_t> tail(slots, 0);     // per thread: the sum of its block's open tail
    std::vector<char> hasStart(slots, 0);    // per thread: whether a segment starts in its block
#pragma omp parallel
    {
        const size_t t = static_cast<size_t>(omp_get_thread_num());
        const size_t T = static_cast<size_t>(omp_get_num_threads());
        const size_t begin = n * t / T, end = n * (t + 1) / T;
        int64_t running = 0;
        size_t firstStart = end;
        for (size_t i = begin; i < end; ++i) {
            if (i == 0 || segmentStart[i] != 0) {
                running = 0;
                if (firstStart == end) firstStart = i;
            }
            running += x[i];
            output[i] = running;
        }
        tail[t] = running;
        hasStart[t] = firstStart != end;
#pragma omp barrier
        int64_t carry = 0;
        for (size_t s = t; s-- > 0;) {
            carry += tail[s];
            if (hasStart[s]) break;
        }
        if (carry != 0)
            for (size_t i = begin; i < firstStart; ++i) output[i] += carry;
    }
}
