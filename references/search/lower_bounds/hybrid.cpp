// As the MPI version (every rank holds the whole sorted array, the queries are split into blocks, rank 0
// gathers the answers), with each rank's block of queries split among its threads (disjoint writes).
void lowerBounds(const std::vector<double> &sorted, const std::vector<double> &queries,
                 std::vector<size_t> &positions) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t m = queries.size();
    const size_t begin = m * rank / size, end = m * (rank + 1) / size;
    std::vector<unsigned long long> local(end - begin);
#pragma omp parallel for schedule(static)
    for (size_t k = begin; k < end; ++k) {
        size_t lo = 0, hi = sorted.size();
        while (lo < hi) {
            const size_t mid = lo + (hi - lo) / 2;
            if (sorted[mid] < queries[k]) lo = mid + 1;
            else hi = mid;
        }
        local[k - begin] = lo;
    }

    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = static_cast<int>(m * r / size);
        counts[r] = static_cast<int>(m * (r + 1) / size) - displs[r];
    }
    std::vector<unsigned long long> all(rank == 0 ? m : 0);
    MPI_Gatherv(local.data(), static_cast<int>(local.size()), MPI_UNSIGNED_LONG_LONG, all.data(),
                counts.data(), displs.data(), MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
    if (rank == 0) {
#pragma omp parallel for schedule(static)
        for (size_t k = 0; k < m; ++k) positions[k] = static_cast<size_t>(all[k]);
    }
}
