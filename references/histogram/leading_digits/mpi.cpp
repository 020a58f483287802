void leadingDigitCounts(const std::vector<int64_t> &x, std::vector<size_t> &counts) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    static_assert(sizeof(size_t) == sizeof(uint64_t), "size_t is sent as MPI_UINT64_T");
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    size_t local[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
    for (size_t i = begin; i < end; ++i) {
        const int64_t v = x[i];
        if (v == 0) continue;
        uint64_t m = v < 0 ? static_cast<uint64_t>(-v) : static_cast<uint64_t>(v);
        while (m >= 10) m /= 10;
        ++local[m - 1];
    }
    counts.assign(9, 0);
    MPI_Reduce(local, counts.data(), 9, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
}
