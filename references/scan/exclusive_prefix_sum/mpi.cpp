int64_t exclusivePrefixSum(const std::vector<int64_t> &x, std::vector<int64_t> &output) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;

    int64_t blockSum = 0;
    for (size_t i = begin; i < end; ++i) blockSum += x[i];

    // Sum of all earlier blocks, and the grand total on rank 0.
    int64_t offset = 0, total = 0;
    MPI_Exscan(&blockSum, &offset, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
    if (rank == 0) offset = 0;
    MPI_Reduce(&blockSum, &total, 1, MPI_INT64_T, MPI_SUM, 0, MPI_COMM_WORLD);

    std::vector<int64_t> local(end - begin);
    int64_t running = offset;
    for (size_t i = begin; i < end; ++i) {
        local[i - begin] = running;
        running += x[i];
    }

    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = static_cast<int>(n * r / size);
        counts[r] = static_cast<int>(n * (r + 1) / size) - displs[r];
    }
    MPI_Gatherv(local.data(), static_cast<int>(local.size()), MPI_INT64_T, output.data(), counts.data(),
                displs.data(), MPI_INT64_T, 0, MPI_COMM_WORLD);
    return total;
}
