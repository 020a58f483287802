void segmentedPrefixSum(const std::vector<int> &x, const std::vector<int> &segmentStart,
                        std::vector<int64_t> &output) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;

    // Local segmented scan; the elements before this block's first segment start are still missing the
    // carry from earlier blocks.
    std::vector<int64_t> local(end - begin);
    int64_t running = 0;
    int hasStart = 0;
    size_t firstStart = end;
    for (size_t i = begin; i < end; ++i) {
        if (i == 0 || segmentStart[i] != 0) {
            running = 0;
            if (!hasStart) firstStart = i;
            hasStart = 1;
        }
        running += x[i];
        local[i - begin] = running;
    }

    // Every rank publishes (sum of its open tail, whether it contains a segment start).
    std::vector<int64_t> tails(size);
    std::vector<int> starts(size);
    MPI_Allgather(&running, 1, MPI_INT64_T, tails.data(), 1, MPI_INT64_T, MPI_COMM_WORLD);
    MPI_Allgather(&hasStart, 1, MPI_INT, starts.data(), 1, MPI_INT, MPI_COMM_WORLD);

    // Carry into this block: the tails of the earlier blocks back to the last one holding a start.
    int64_t carry = 0;
    for (int r = rank - 1; r >= 0; --r) {
        carry += tails[r];
        if (starts[r]) break;
    }
    for (size_t i = begin; i < firstStart; ++i) local[i - begin] += carry;

    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = static_cast<int>(n * r / size);
        counts[r] = static_cast<int>(n * (r + 1) / size) - displs[r];
    }
    MPI_Gatherv(local.data(), static_cast<int>(local.size()), MPI_INT64_T, output.data(), counts.data(),
                displs.data(), MPI_INT64_T, 0, MPI_COMM_WORLD);
}
