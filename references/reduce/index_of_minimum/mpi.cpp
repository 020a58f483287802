size_t indexOfMinimum(const std::vector<double> &x) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    // MPI_MINLOC keeps the smaller index on equal values. An empty block offers +inf at an index past
    // every real one, so it never wins.
    struct { double value; int index; } local{std::numeric_limits<double>::infinity(),
                                             std::numeric_limits<int>::max()}, best{};
    for (size_t i = begin; i < end; ++i) {
        if (x[i] < local.value || local.index == std::numeric_limits<int>::max()) {
            local.value = x[i];
            local.index = static_cast<int>(i);
        }
    }
    MPI_Reduce(&local, &best, 1, MPI_DOUBLE_INT, MPI_MINLOC, 0, MPI_COMM_WORLD);
    return static_cast<size_t>(best.index);
}
