void findAllIndices(const std::vector<int> &x, int target, std::vector<size_t> &indices) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;

    // Matches of this block, already in increasing order.
    std::vector<unsigned long long> local;
    for (size_t i = begin; i < end; ++i)
        if (x[i] == target) local.push_back(i);

    // Blocks are in rank order, so concatenating them in rank order keeps the indices sorted.
    int count = static_cast<int>(local.size());
    std::vector<int> counts(size), displs(size);
    MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    int total = 0;
    if (rank == 0) {
        for (int r = 0; r < size; ++r) {
            displs[r] = total;
            total += counts[r];
        }
    }
    std::vector<unsigned long long> all(total);
    MPI_Gatherv(local.data(), count, MPI_UNSIGNED_LONG_LONG, all.data(), counts.data(), displs.data(),
                MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
    if (rank == 0) indices.assign(all.begin(), all.end());
}
