// Every rank holds the whole sorted array; the queries are split into blocks. Rank 0 writes its own
// block straight into positions and gathers the other blocks in place (size_t travels as
// MPI_UNSIGNED_LONG_LONG), so there is no copy of the result on rank 0 after the gather.
void lowerBounds(const std::vector<double> &sorted, const std::vector<double> &queries,
                 std::vector<size_t> &positions) {
    static_assert(sizeof(size_t) == sizeof(unsigned long long), "size_t is sent as MPI_UNSIGNED_LONG_LONG");
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t m = queries.size();
    const size_t begin = m * rank / size, end = m * (rank + 1) / size;
    std::vector<size_t> local(rank == 0 ? 0 : end - begin);
    size_t *out = rank == 0 ? positions.data() + begin : local.data();
    for (size_t k = begin; k < end; ++k) {
        size_t lo = 0, hi = sorted.size();
        while (lo < hi) {
            const size_t mid = lo + (hi - lo) / 2;
            if (sorted[mid] < queries[k]) lo = mid + 1;
            else hi = mid;
        }
        out[k - begin] = lo;
    }

    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = static_cast<int>(m * r / size);
        counts[r] = static_cast<int>(m * (r + 1) / size) - displs[r];
    }
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_UNSIGNED_LONG_LONG, positions.data(), counts.data(), displs.data(),
                    MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
    else
        MPI_Gatherv(local.data(), counts[rank], MPI_UNSIGNED_LONG_LONG, nullptr, nullptr, nullptr,
                    MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
}
