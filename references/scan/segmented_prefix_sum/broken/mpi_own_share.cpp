// Broken on purpose: rank 0 fills only its own block of the output; the other blocks are never gathered.
void segmentedPrefixSum(const std::vector<int> &x, const std::vector<int> &segmentStart,
                        std::vector<int64_t> &output) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    int64_t running = 0;
    for (size_t i = n * rank / size; i < n * (rank + 1) / size; ++i) {
        if (i == 0 || segmentStart[i] != 0) running = 0;
        running += x[i];
        output[i] = running;
    }
    MPI_Barrier(MPI_COMM_WORLD);
}
