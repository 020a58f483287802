#include <omp.h>

// Each rank finds the first minimum of its block, its threads splitting the block further: each thread
// finds the first minimum of its sub-block, and the rank combines them in thread order (a strict < keeps
// the earliest of equal minima). MPI_MINLOC then picks the smallest value over the ranks, and the smaller
// index among equal values.
size_t indexOfMinimum(const std::vector<double> &x) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size, count = end - begin;
    // One slot per thread: a parallel region has at most omp_get_max_threads() threads.
    const size_t slots = static_cast<size_t>(omp_get_max_threads());
    std::vector<size_t> blockIndex(slots, n);  // per thread: its part's first minimum, n when empty
    std::vector<double> blockValue(slots, 0.0);  // per thread: that minimum
#pragma omp parallel
    {
        const size_t t = static_cast<size_t>(omp_get_thread_num());
        const size_t T = static_cast<size_t>(omp_get_num_threads());
        const size_t from = begin + count * t / T, to = begin + count * (t + 1) / T;
        if (from < to) {
            size_t best = from;
            double smallest = x[from];  // kept in a register, written out once
            for (size_t i = from + 1; i < to; ++i)
                if (x[i] < smallest) {
                    smallest = x[i];
                    best = i;
                }
            blockIndex[t] = best;
            blockValue[t] = smallest;
        }
    }
    // An empty block offers +inf at an index past every real one, so it never wins.
    struct { double value; int index; } local{std::numeric_limits<double>::infinity(),
                                             std::numeric_limits<int>::max()}, best{};
    for (size_t t = 0; t < blockIndex.size(); ++t)
        if (blockIndex[t] != n &&
            (local.index == std::numeric_limits<int>::max() || blockValue[t] < local.value)) {
            local.value = blockValue[t];
            local.index = static_cast<int>(blockIndex[t]);
        }
    MPI_Reduce(&local, &best, 1, MPI_DOUBLE_INT, MPI_MINLOC, 0, MPI_COMM_WORLD);
    return static_cast<size_t>(best.index);
}
