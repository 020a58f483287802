// Broken on purpose: rank 0 counts the leading digits of its own block only; nothing is combined.
void leadingDigitCounts(const std::vector<int64_t> &x, std::vector<size_t> &counts) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    counts.assign(9, 0);
    for (size_t i = n * rank / size; i < n * (rank + 1) / size; ++i) {
        if (x[i] == 0) continue;
        uint64_t m = x[i] < 0 ? static_cast<uint64_t>(-x[i]) : static_cast<uint64_t>(x[i]);
        while (m >= 10) m /= 10;
        ++counts[m - 1];
    }
    MPI_Barrier(MPI_COMM_WORLD);
}
