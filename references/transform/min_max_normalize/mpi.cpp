void minMaxNormalize(std::vector<double> &x) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    if (n == 0) return;
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = static_cast<int>(n * r / size);
        counts[r] = static_cast<int>(n * (r + 1) / size) - displs[r];
    }
    const size_t begin = displs[rank], end = begin + counts[rank];
    // Local extremes of the block (an empty block contributes the neutral +inf / -inf), then global ones:
    // the maximum is reduced as the minimum of the negated value so one MPI_MIN call does both.
    double ext[2] = {std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()};
    for (size_t i = begin; i < end; ++i) {
        ext[0] = std::min(ext[0], x[i]);
        ext[1] = std::min(ext[1], -x[i]);
    }
    double global[2];
    MPI_Allreduce(ext, global, 2, MPI_DOUBLE, MPI_MIN, MPI_COMM_WORLD);
    const double lo = global[0], hi = -global[1];
    std::vector<double> local(end - begin);
    for (size_t i = begin; i < end; ++i) local[i - begin] = hi == lo ? 0.0 : (x[i] - lo) / (hi - lo);
    MPI_Gatherv(local.data(), counts[rank], MPI_DOUBLE, x.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
}
