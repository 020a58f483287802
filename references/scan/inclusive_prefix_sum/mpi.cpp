void prefixSum(const std::vector<double> &x, std::vector<double> &output) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;

    // Scan of this rank's block.
    std::vector<double> local(end - begin);
    double running = 0.0;
    for (size_t i = begin; i < end; ++i) {
        running += x[i];
        local[i - begin] = running;
    }

    // Offset of this block: the sum of every block before it.
    double offset = 0.0;
    MPI_Exscan(&running, &offset, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    if (rank == 0) offset = 0.0;  // MPI_Exscan leaves rank 0's result undefined
    for (double &v : local) v += offset;

    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = static_cast<int>(n * r / size);
        counts[r] = static_cast<int>(n * (r + 1) / size) - displs[r];
    }
    MPI_Gatherv(local.data(), static_cast<int>(local.size()), MPI_DOUBLE, output.data(), counts.data(),
                displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
}
