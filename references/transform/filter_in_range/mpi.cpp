void filterInRange(const std::vector<double> &x, double lo, double hi, std::vector<double> &kept) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    // Each rank filters its block; the blocks are consecutive, so concatenating the survivors in rank order
    // keeps the original order.
    std::vector<double> local;
    for (size_t i = n * rank / size; i < n * (rank + 1) / size; ++i)
        if (lo <= x[i] && x[i] <= hi) local.push_back(x[i]);
    // Variable-size gather: first the counts, then the offsets on rank 0, then the values.
    int mine = static_cast<int>(local.size());
    std::vector<int> counts(rank == 0 ? size : 0), displs(rank == 0 ? size : 0);
    MPI_Gather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        int total = 0;
        for (int r = 0; r < size; ++r) {
            displs[r] = total;
            total += counts[r];
        }
        kept.assign(static_cast<size_t>(total), 0.0);
    }
    MPI_Gatherv(local.data(), mine, MPI_DOUBLE, kept.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
}
