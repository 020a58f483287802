// Broken on purpose: every rank counts its own block, and rank 0 never receives the other blocks' counts.
void countValues(const std::vector<int> &x, int k, std::vector<size_t> &counts) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    counts.assign(static_cast<size_t>(k), 0);
    for (size_t i = n * rank / size; i < n * (rank + 1) / size; ++i) ++counts[static_cast<size_t>(x[i])];
    MPI_Barrier(MPI_COMM_WORLD);
}
