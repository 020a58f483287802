#include <memory>
#include <omp.h>

// Parallel quickselect, as mpi.cpp with threads for ranks. Every thread copies one block of x and keeps an
// active range of it. Every round the threads agree on a pivot drawn (with the same pseudo-random sequence
// in every thread) among the still-active elements, each thread partitions its active range into < pivot,
// == pivot and > pivot, the counts of the first two groups are summed, and every thread narrows its range
// the same way. Expected O(log n) rounds and O(n / threads) work per thread. Once few elements are left
// (too few to be worth three barriers a round), one thread gathers them and finishes with std::nth_element.
// Per-thread counts live in one cache line per thread; every thread reads them only after a barrier.
struct alignas(64) SelectSlot {
    size_t lo = 0, active = 0;  // the thread's active range [lo, lo + active)
    size_t below = 0, upto = 0; // after the partition: how many are < pivot, and <= pivot
};

double kthSmallest(const std::vector<double> &x, size_t k) {
    const size_t n = x.size();
    const size_t tail = 1 << 15;  // active elements below which one thread finishes
    std::unique_ptr<double[]> copy(new double[n]);  // uninitialised: every thread copies its own block
    std::vector<SelectSlot> slot(omp_get_max_threads());
    double pivot = 0.0, answer = 0.0;
#pragma omp parallel
    {
        const size_t t = omp_get_thread_num(), nt = omp_get_num_threads();
        size_t lo = n * t / nt, hi = n * (t + 1) / nt;
        std::copy(x.begin() + lo, x.begin() + hi, copy.get() + lo);
        size_t want = k;  // rank (1-based) of the answer among the active elements
        unsigned long long state = 0x9E3779B97F4A7C15ULL;
        for (;;) {
            slot[t].lo = lo;
            slot[t].active = hi - lo;
#pragma omp barrier
            size_t total = 0;
            for (size_t u = 0; u < nt; ++u) total += slot[u].active;
            if (total <= tail) {
#pragma omp single
                {
                    std::vector<double> rest;
                    rest.reserve(total);
                    for (size_t u = 0; u < nt; ++u)
                        rest.insert(rest.end(), copy.get() + slot[u].lo, copy.get() + slot[u].lo + slot[u].active);
                    std::nth_element(rest.begin(), rest.begin() + (want - 1), rest.end());
                    answer = rest[want - 1];
                }
                break;
            }
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            size_t pick = (state >> 11) % total, owner = 0;
            while (pick >= slot[owner].active) pick -= slot[owner++].active;
            if (t == owner) pivot = copy[lo + pick];
#pragma omp barrier
            const double p = pivot;
            const auto less = std::partition(copy.get() + lo, copy.get() + hi, [p](double v) { return v < p; });
            const auto equal = std::partition(less, copy.get() + hi, [p](double v) { return !(p < v); });
            const size_t below = less - copy.get(), upto = equal - copy.get();
            slot[t].below = below - lo;
            slot[t].upto = upto - lo;
#pragma omp barrier
            size_t globalBelow = 0, globalUpto = 0;
            for (size_t u = 0; u < nt; ++u) {
                globalBelow += slot[u].below;
                globalUpto += slot[u].upto;
            }
            if (want <= globalBelow) {
                hi = below;
            } else if (want <= globalUpto) {
                if (t == 0) answer = p;
                break;
            } else {
                want -= globalUpto;
                lo = upto;
            }
        }
    }
    return answer;
}
