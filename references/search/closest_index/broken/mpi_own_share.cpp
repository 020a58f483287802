// Broken on purpose: rank 0 returns the closest element of its own block only.
size_t indexOfClosest(const std::vector<double> &x, double target) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    size_t best = begin;
    for (size_t i = begin; i < end; ++i)
        if (std::fabs(x[i] - target) < std::fabs(x[best] - target)) best = i;
    MPI_Barrier(MPI_COMM_WORLD);
    return best;
}
