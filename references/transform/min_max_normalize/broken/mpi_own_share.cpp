// Broken on purpose: the extremes are reduced correctly, but each rank rescales only its own block and
// rank 0 never receives the others.
void minMaxNormalize(std::vector<double> &x) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    if (n == 0) return;
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    double lo_local = std::numeric_limits<double>::infinity(), hi_local = -lo_local;
    for (size_t i = begin; i < end; ++i) {
        lo_local = std::min(lo_local, x[i]);
        hi_local = std::max(hi_local, x[i]);
    }
    double lo = 0.0, hi = 0.0;
    MPI_Allreduce(&lo_local, &lo, 1, MPI_DOUBLE, MPI_MIN, MPI_COMM_WORLD);
    MPI_Allreduce(&hi_local, &hi, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    for (size_t i = begin; i < end; ++i) x[i] = hi == lo ? 0.0 : (x[i] - lo) / (hi - lo);
}
