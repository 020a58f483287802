#include <omp.h>

// Each rank counts its block of x, split again among its threads: every thread counts into a private
// histogram, the threads' histograms are added into the rank's, and MPI_Reduce sums the ranks' on rank 0.
void countValues(const std::vector<int> &x, int k, std::vector<size_t> &counts) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    static_assert(sizeof(size_t) == sizeof(uint64_t), "size_t is sent as MPI_UINT64_T");
    const size_t bins = static_cast<size_t>(k);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    std::vector<size_t> rankCounts(bins, 0);
#pragma omp parallel
    {
        std::vector<size_t> local(bins, 0);
#pragma omp for schedule(static) nowait
        for (size_t i = begin; i < end; ++i) ++local[static_cast<size_t>(x[i])];
#pragma omp critical
        for (size_t b = 0; b < bins; ++b) rankCounts[b] += local[b];
    }
    counts.assign(bins, 0);
    MPI_Reduce(rankCounts.data(), counts.data(), k, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
}
