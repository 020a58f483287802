// Broken on purpose: rank 0 returns the index of the minimum of its own block only.
size_t indexOfMinimum(const std::vector<double> &x) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    size_t best = begin;
    for (size_t i = begin + 1; i < end; ++i)
        if (x[i] < x[best]) best = i;
    MPI_Barrier(MPI_COMM_WORLD);
    return best;
}
