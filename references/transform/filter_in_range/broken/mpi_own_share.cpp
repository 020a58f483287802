// Broken on purpose: each rank keeps the survivors of its own block only; rank 0 never receives the others.
void filterInRange(const std::vector<double> &x, double lo, double hi, std::vector<double> &kept) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    kept.clear();
    for (size_t i = n * rank / size; i < n * (rank + 1) / size; ++i)
        if (lo <= x[i] && x[i] <= hi) kept.push_back(x[i]);
    MPI_Barrier(MPI_COMM_WORLD);
}
