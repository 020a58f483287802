#include <omp.h>

// Each rank tallies the leading digits of its block of x, split again among its threads: every thread
// counts into nine private counters, the threads' counters are added into the rank's, and MPI_Reduce sums
// the ranks' on rank 0.
void leadingDigitCounts(const std::vector<int64_t> &x, std::vector<size_t> &counts) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    static_assert(sizeof(size_t) == sizeof(uint64_t), "size_t is sent as MPI_UINT64_T");
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    size_t rankCounts[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
#pragma omp parallel
    {
        size_t local[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};  // on this thread's stack: no false sharing
#pragma omp for schedule(static) nowait
        for (size_t i = begin; i < end; ++i) {
            const int64_t v = x[i];
            if (v == 0) continue;
            uint64_t m = v < 0 ? static_cast<uint64_t>(-v) : static_cast<uint64_t>(v);
            while (m >= 10) m /= 10;  // exact integer arithmetic: no rounding near powers of ten
            ++local[m - 1];
        }
#pragma omp critical
        for (int d = 0; d < 9; ++d) rankCounts[d] += local[d];
    }
    counts.assign(9, 0);
    MPI_Reduce(rankCounts, counts.data(), 9, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
}
