#include <omp.h>

// Each rank selects the (up to) k smallest values of its block, sorted: its threads select from their
// sub-blocks, and the rank merges their lists. Rank 0 gathers these variable-size candidate lists and
// merges them, keeping the first min(k, n).
void kSmallest(const std::vector<double> &x, size_t k, std::vector<double> &smallest) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size, count = end - begin;

    // Per thread: its sub-block's smallest values, ascending; a parallel region has at most
    // omp_get_max_threads() threads.
    std::vector<std::vector<double>> threadLists(static_cast<size_t>(omp_get_max_threads()));
#pragma omp parallel
    {
        const size_t t = static_cast<size_t>(omp_get_thread_num());
        const size_t T = static_cast<size_t>(omp_get_num_threads());
        const size_t from = begin + count * t / T, to = begin + count * (t + 1) / T;
        std::vector<double> &list = threadLists[t];
        list.resize(std::min(k, to - from));
        std::partial_sort_copy(x.begin() + from, x.begin() + to, list.begin(), list.end());
    }
    // Merges sorted lists one after another into the first (up to) k values.
    auto mergeInto = [k](std::vector<double> &merged, const double *part, size_t length) {
        std::vector<double> next(merged.size() + length);
        std::merge(merged.begin(), merged.end(), part, part + length, next.begin());
        if (next.size() > k) next.resize(k);
        merged.swap(next);
    };
    std::vector<double> mine;
    for (const std::vector<double> &list : threadLists) mergeInto(mine, list.data(), list.size());

    int myCount = static_cast<int>(mine.size());
    std::vector<int> counts(size, 0), offsets(size, 0);
    MPI_Gather(&myCount, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    size_t total = 0;
    if (rank == 0)
        for (int r = 0; r < size; ++r) {
            offsets[r] = static_cast<int>(total);
            total += static_cast<size_t>(counts[r]);
        }
    std::vector<double> candidates(total + 1);   // +1: never a null receive buffer
    MPI_Gatherv(mine.data(), myCount, MPI_DOUBLE, candidates.data(), counts.data(), offsets.data(), MPI_DOUBLE,
                0, MPI_COMM_WORLD);
    smallest.clear();
    if (rank != 0) return;
    std::vector<double> merged;
    for (int r = 0; r < size; ++r)
        mergeInto(merged, candidates.data() + offsets[r], static_cast<size_t>(counts[r]));
    smallest = merged;
}
