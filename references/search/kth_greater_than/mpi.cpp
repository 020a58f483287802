int64_t kthGreaterThan(const std::vector<double> &x, double threshold, size_t k) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;

    unsigned long long mine = 0;
    for (size_t i = begin; i < end; ++i)
        if (x[i] > threshold) ++mine;

    // How many qualifying elements lie in the blocks before this one.
    unsigned long long before = 0;
    MPI_Exscan(&mine, &before, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
    if (rank == 0) before = 0;

    // Only the block holding the k-th element finds it; the others offer n (no answer).
    long long found = static_cast<long long>(n);
    if (k > before && k <= before + mine) {
        unsigned long long seen = before;
        for (size_t i = begin; i < end; ++i) {
            if (x[i] > threshold && ++seen == k) {
                found = static_cast<long long>(i);
                break;
            }
        }
    }
    long long result = 0;
    MPI_Reduce(&found, &result, 1, MPI_LONG_LONG, MPI_MIN, 0, MPI_COMM_WORLD);
    return result == static_cast<long long>(n) ? -1 : static_cast<int64_t>(result);
}
