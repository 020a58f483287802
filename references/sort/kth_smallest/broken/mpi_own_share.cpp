// Broken on purpose: rank 0 answers from its own block only (k clamped to the block's length).
double kthSmallest(const std::vector<double> &x, size_t k) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    std::vector<double> mine(x.begin() + n * rank / size, x.begin() + n * (rank + 1) / size);
    MPI_Barrier(MPI_COMM_WORLD);
    if (mine.empty()) return 0.0;
    const size_t j = std::min(k, mine.size()) - 1;
    std::nth_element(mine.begin(), mine.begin() + j, mine.end());
    return mine[j];
}
