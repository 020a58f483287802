// Each rank selects the (up to) k smallest values of its block, sorted; rank 0 gathers these
// variable-size candidate lists and merges them, keeping the first min(k, n).
void kSmallest(const std::vector<double> &x, size_t k, std::vector<double> &smallest) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    std::vector<double> mine(std::min(k, end - begin));
    std::partial_sort_copy(x.begin() + begin, x.begin() + end, mine.begin(), mine.end());

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
    // Each rank's list is sorted: merge them one after another, trimming to k as we go.
    std::vector<double> merged, next;
    for (int r = 0; r < size; ++r) {
        const double *part = candidates.data() + offsets[r];
        next.resize(merged.size() + static_cast<size_t>(counts[r]));
        std::merge(merged.begin(), merged.end(), part, part + counts[r], next.begin());
        if (next.size() > k) next.resize(k);
        merged.swap(next);
    }
    smallest = merged;
}
