// Broken on purpose: each rank clamps only its own block; rank 0 never receives the others.
void reluInPlace(std::vector<double> &x) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    for (size_t i = n * rank / size; i < n * (rank + 1) / size; ++i) x[i] = std::max(x[i], 0.0);
    MPI_Barrier(MPI_COMM_WORLD);
}
