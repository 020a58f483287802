// Broken on purpose: rank 0 returns the parity of its own block only.
bool oddNonzeroParity(const std::vector<int> &x) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    bool odd = false;
    for (size_t i = n * rank / size; i < n * (rank + 1) / size; ++i) odd ^= (x[i] != 0);
    MPI_Barrier(MPI_COMM_WORLD);
    return odd;
}
