#include <memory>
#include <omp.h>

// Distributed quickselect, as mpi.cpp, with every rank's block split again among its threads. Every round
// the ranks agree on a pivot drawn (with the same pseudo-random sequence everywhere) among the still-active
// elements, each thread partitions the active part of its own piece into < pivot, == pivot and > pivot, the
// counts of the first two groups are summed over the threads and then, by one Allreduce, over the ranks,
// and every thread narrows its active range. Expected O(log n) rounds and O(n / (ranks * threads)) work per
// thread. One parallel region holds all rounds; MPI is called by the master thread only, between barriers.
// Per-thread counts live in one cache line per thread.
struct alignas(64) SelectSlot {
    size_t lo = 0, active = 0;   // the thread's active range [lo, lo + active)
    size_t below = 0, upto = 0;  // after the partition: how many are < pivot, and <= pivot
};

double kthSmallest(const std::vector<double> &x, size_t k) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    std::unique_ptr<double[]> mine(new double[end - begin]);  // uninitialised: every thread copies its piece
    std::vector<SelectSlot> slot(omp_get_max_threads());
    std::vector<unsigned long long> active(size);
    unsigned long long total = 0, global[2] = {0, 0};
    double pivot = 0.0;
#pragma omp parallel
    {
        const size_t t = omp_get_thread_num(), nt = omp_get_num_threads();
        size_t lo = (end - begin) * t / nt, hi = (end - begin) * (t + 1) / nt;  // indices into mine
        std::copy(x.begin() + begin + lo, x.begin() + begin + hi, mine.get() + lo);
        unsigned long long want = k;  // rank (1-based) of the answer among the active elements
        unsigned long long state = 0x9E3779B97F4A7C15ULL;
        for (;;) {
            slot[t].lo = lo;
            slot[t].active = hi - lo;
#pragma omp barrier
#pragma omp master
            {
                unsigned long long mineActive = 0;
                for (size_t u = 0; u < nt; ++u) mineActive += slot[u].active;
                MPI_Allgather(&mineActive, 1, MPI_UNSIGNED_LONG_LONG, active.data(), 1, MPI_UNSIGNED_LONG_LONG,
                              MPI_COMM_WORLD);
                total = 0;
                for (unsigned long long a : active) total += a;
                if (total > 0) {
                    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
                    unsigned long long pick = (state >> 11) % total;
                    int owner = 0;
                    while (pick >= active[owner]) pick -= active[owner++];
                    if (rank == owner) {  // the pick-th active element of this rank: find its thread
                        size_t u = 0;
                        while (pick >= slot[u].active) pick -= slot[u++].active;
                        pivot = mine[slot[u].lo + pick];
                    }
                    MPI_Bcast(&pivot, 1, MPI_DOUBLE, owner, MPI_COMM_WORLD);
                }
            }
#pragma omp barrier
            if (total == 0) break;  // unreachable for 1 <= k <= n
            const double p = pivot;
            const auto less = std::partition(mine.get() + lo, mine.get() + hi, [p](double v) { return v < p; });
            const auto equal = std::partition(less, mine.get() + hi, [p](double v) { return !(p < v); });
            const size_t below = less - mine.get(), upto = equal - mine.get();
            slot[t].below = below - lo;
            slot[t].upto = upto - lo;
#pragma omp barrier
#pragma omp master
            {
                unsigned long long local[2] = {0, 0};
                for (size_t u = 0; u < nt; ++u) {
                    local[0] += slot[u].below;
                    local[1] += slot[u].upto;
                }
                MPI_Allreduce(local, global, 2, MPI_UNSIGNED_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
            }
#pragma omp barrier
            const unsigned long long globalBelow = global[0], globalUpto = global[1];
            if (want <= globalBelow) {
                hi = below;
            } else if (want <= globalUpto) {
                break;  // the answer is the pivot, on every rank
            } else {
                want -= globalUpto;
                lo = upto;
            }
        }
    }
    return pivot;
}
