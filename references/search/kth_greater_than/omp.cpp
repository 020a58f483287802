#include <omp.h>

// Three steps: the threads count the qualifying elements of fixed-size chunks of x in parallel; one
// thread then walks the chunk counts (n / 4096 of them) to the chunk holding the k-th element, and scans
// that chunk alone. The serial part is O(n / chunk + chunk).
int64_t kthGreaterThan(const std::vector<double> &x, double threshold, size_t k) {
    const size_t n = x.size();
    const size_t chunk = 4096;
    const size_t chunks = (n + chunk - 1) / chunk;
    std::vector<size_t> above(chunks);  // per chunk: how many of its elements are > threshold
#pragma omp parallel for schedule(static)
    for (size_t c = 0; c < chunks; ++c) {
        const size_t end = std::min(n, (c + 1) * chunk);
        size_t count = 0;
        for (size_t i = c * chunk; i < end; ++i) count += x[i] > threshold;
        above[c] = count;
    }
    size_t seen = 0;  // qualifying elements before chunk c
    for (size_t c = 0; c < chunks; ++c) {
        if (seen + above[c] < k) {
            seen += above[c];
            continue;
        }
        for (size_t i = c * chunk;; ++i)  // the k-th lies in this chunk
            if (x[i] > threshold && ++seen == k) return static_cast<int64_t>(i);
    }
    return -1;
}
