#include <omp.h>

// As the MPI version (the best of each rank's block; the smallest distance over the ranks, then the
// smallest index among the ranks that reach it), with the rank's block split among its threads: each
// thread finds the first closest element of its part, and the parts are combined in thread order (a
// strict < keeps the smallest index among equal distances).
size_t indexOfClosest(const std::vector<double> &x, double target) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size, count = end - begin;

    // One slot per thread: a parallel region has at most omp_get_max_threads() threads.
    const size_t slots = static_cast<size_t>(omp_get_max_threads());
    std::vector<size_t> partIndex(slots, n);  // per thread: its part's answer, n when the part is empty
    std::vector<double> partDistance(slots, std::numeric_limits<double>::infinity());  // and its distance
#pragma omp parallel
    {
        const size_t t = static_cast<size_t>(omp_get_thread_num());
        const size_t T = static_cast<size_t>(omp_get_num_threads());
        const size_t from = begin + count * t / T, to = begin + count * (t + 1) / T;
        size_t best = n;
        double bestDistance = std::numeric_limits<double>::infinity();  // kept in a register
        for (size_t i = from; i < to; ++i) {
            const double d = std::fabs(x[i] - target);
            if (d < bestDistance || best == n) {
                bestDistance = d;
                best = i;
            }
        }
        partIndex[t] = best;
        partDistance[t] = bestDistance;
    }
    // Best of this rank's block; an empty block offers nothing (infinity at index n).
    double bestDistance = std::numeric_limits<double>::infinity();
    unsigned long long bestIndex = n;
    for (size_t t = 0; t < partIndex.size(); ++t)
        if (partIndex[t] != n && (bestIndex == n || partDistance[t] < bestDistance)) {
            bestDistance = partDistance[t];
            bestIndex = partIndex[t];
        }

    // Smallest distance overall, then the smallest index among the blocks that reach it.
    double globalDistance = 0.0;
    MPI_Allreduce(&bestDistance, &globalDistance, 1, MPI_DOUBLE, MPI_MIN, MPI_COMM_WORLD);
    unsigned long long candidate = bestIndex != n && bestDistance == globalDistance ? bestIndex : n;
    unsigned long long result = 0;
    MPI_Reduce(&candidate, &result, 1, MPI_UNSIGNED_LONG_LONG, MPI_MIN, 0, MPI_COMM_WORLD);
    return static_cast<size_t>(result);
}
