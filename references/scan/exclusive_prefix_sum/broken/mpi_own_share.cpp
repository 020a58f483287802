// Broken on purpose: rank 0 scans and sums only its own block; nothing is combined.
int64_t exclusivePrefixSum(const std::vector<int64_t> &x, std::vector<int64_t> &output) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    int64_t running = 0;
    for (size_t i = n * rank / size; i < n * (rank + 1) / size; ++i) {
        output[i] = running;
        running += x[i];
    }
    MPI_Barrier(MPI_COMM_WORLD);
    return running;
}
