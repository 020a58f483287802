#include <omp.h>

// As the MPI version: each rank tallies the endpoints of its block of edges into a full-length partial
// degree array, MPI_Reduce_scatter sums those arrays and leaves each rank the degrees of its own block of
// vertices, each rank bins its vertices, the ranks agree on the largest degree, and the partial histograms
// are summed on rank 0. Inside a rank, the threads split each of these loops: the endpoints (each into a
// private array, summed afterwards vertex block by vertex block), the rank's vertices for the maximum, and
// the rank's vertices for the binning (each into a private histogram).
void degreeHistogram(const std::vector<int> &edges, int numVertices, std::vector<size_t> &counts) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    counts.clear();
    if (numVertices <= 0) return;
    const size_t n = static_cast<size_t>(numVertices);
    const size_t m = edges.size() / 2;
    const size_t first = 2 * (m * rank / size), last = 2 * (m * (rank + 1) / size);  // this rank's endpoints

    // tally[t]: thread t's endpoint counts; tally[0] ends as the rank's partial degree array. One slot per
    // thread: a parallel region has at most omp_get_max_threads() threads.
    std::vector<std::vector<int>> tally(static_cast<size_t>(omp_get_max_threads()));
#pragma omp parallel
    {
        const size_t t = static_cast<size_t>(omp_get_thread_num());
        const size_t T = static_cast<size_t>(omp_get_num_threads());
        std::vector<int> &mine = tally[t];
        mine.assign(n, 0);  // allocated and zeroed by the thread that uses it
        const size_t count = last - first;
        for (size_t e = first + count * t / T; e < first + count * (t + 1) / T; ++e)
            ++mine[static_cast<size_t>(edges[e])];
#pragma omp barrier
        // Every vertex belongs to one thread's block here, so writing tally[0][v] races with nothing.
#pragma omp for schedule(static)
        for (size_t v = 0; v < n; ++v)
            for (size_t s = 1; s < T; ++s) tally[0][v] += tally[s][v];
    }

    std::vector<int> blockSizes(size);
    for (int r = 0; r < size; ++r)
        blockSizes[r] = static_cast<int>(n * (r + 1) / size - n * r / size);
    const int myCount = blockSizes[rank];
    std::vector<int> myDegrees(static_cast<size_t>(myCount) + 1);  // +1: never a null buffer
    MPI_Reduce_scatter(tally[0].data(), myDegrees.data(), blockSizes.data(), MPI_INT, MPI_SUM, MPI_COMM_WORLD);

    int localMax = 0, globalMax = 0;
#pragma omp parallel for schedule(static) reduction(max : localMax)
    for (int i = 0; i < myCount; ++i) localMax = std::max(localMax, myDegrees[i]);
    MPI_Allreduce(&localMax, &globalMax, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);

    const size_t bins = static_cast<size_t>(globalMax) + 1;
    std::vector<unsigned long long> local(bins, 0), total(bins, 0);
#pragma omp parallel
    {
        std::vector<unsigned long long> threadBins(bins, 0);
#pragma omp for schedule(static) nowait
        for (int i = 0; i < myCount; ++i) ++threadBins[static_cast<size_t>(myDegrees[i])];
#pragma omp critical
        for (size_t d = 0; d < bins; ++d) local[d] += threadBins[d];
    }
    MPI_Reduce(local.data(), total.data(), static_cast<int>(bins), MPI_UNSIGNED_LONG_LONG, MPI_SUM, 0,
               MPI_COMM_WORLD);
    counts.assign(total.begin(), total.end());
}
