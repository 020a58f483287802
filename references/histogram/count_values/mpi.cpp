void countValues(const std::vector<int> &x, int k, std::vector<size_t> &counts) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    static_assert(sizeof(size_t) == sizeof(uint64_t), "size_t is sent as MPI_UINT64_T");
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    std::vector<size_t> local(static_cast<size_t>(k), 0);
    for (size_t i = begin; i < end; ++i) ++local[static_cast<size_t>(x[i])];
    counts.assign(static_cast<size_t>(k), 0);
    MPI_Reduce(local.data(), counts.data(), k, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
}
