#include <omp.h>

// x is cut into chunks that the threads take in increasing order (a cyclic static schedule). The smallest hit
// found so far is shared: a thread skips every chunk that starts after it, so the threads stop soon after
// the first occurrence, as the serial loop does, instead of each scanning a whole static block. Hits are
// rare (each thread records at most one per chunk), so the critical section is off the hot path.
int64_t firstIndexOf(const std::vector<int> &x, int target) {
    const size_t n = x.size();
    const size_t chunk = size_t{1} << 14;  // 64 KiB of ints: scheduling costs little against the scan
    const size_t chunks = (n + chunk - 1) / chunk;
    size_t first = n;  // the smallest index found so far; n = none
#pragma omp parallel for schedule(static, 1)
    for (size_t c = 0; c < chunks; ++c) {
        size_t known;
#pragma omp atomic read
        known = first;
        const size_t begin = c * chunk;
        if (begin >= known) continue;  // an earlier hit is already known
        const size_t end = std::min(n, begin + chunk);
        for (size_t i = begin; i < end; ++i)
            if (x[i] == target) {
#pragma omp critical(firstIndexOf)
                if (i < first) {
#pragma omp atomic write
                    first = i;
                }
                break;
            }
    }
    return first == n ? -1 : static_cast<int64_t>(first);
}
