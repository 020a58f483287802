int64_t firstIndexOf(const std::vector<int> &x, int target) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;

    // First hit in this block, or n (larger than any index) when there is none.
    int64_t local = static_cast<int64_t>(n);
    for (size_t i = begin; i < end; ++i) {
        if (x[i] == target) {
            local = static_cast<int64_t>(i);
            break;
        }
    }
    int64_t first = 0;
    MPI_Reduce(&local, &first, 1, MPI_INT64_T, MPI_MIN, 0, MPI_COMM_WORLD);
    return first == static_cast<int64_t>(n) ? -1 : first;
}
