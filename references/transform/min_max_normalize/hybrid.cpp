// As mpi.cpp: local extremes of the rank's block (a thread reduction), one MPI_Allreduce for the global
// ones, then the rank maps its block (split among its threads) and rank 0 gathers the blocks.
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
    // An empty block contributes the neutral +inf / -inf; the maximum is reduced as the minimum of the
    // negated value so one MPI_MIN call does both.
    double lo = std::numeric_limits<double>::infinity(), negHi = std::numeric_limits<double>::infinity();
#pragma omp parallel for schedule(static) reduction(min : lo, negHi)
    for (size_t i = begin; i < end; ++i) {
        lo = std::min(lo, x[i]);
        negHi = std::min(negHi, -x[i]);
    }
    double ext[2] = {lo, negHi}, global[2];
    MPI_Allreduce(ext, global, 2, MPI_DOUBLE, MPI_MIN, MPI_COMM_WORLD);
    const double gLo = global[0], gHi = -global[1];
    std::vector<double> local(end - begin);
#pragma omp parallel for schedule(static)
    for (size_t i = begin; i < end; ++i) local[i - begin] = gHi == gLo ? 0.0 : (x[i] - gLo) / (gHi - gLo);
    MPI_Gatherv(local.data(), counts[rank], MPI_DOUBLE, x.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
}
