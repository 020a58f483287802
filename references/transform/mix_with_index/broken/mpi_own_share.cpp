// Broken on purpose: each rank maps only its own block; rank 0 never receives the others.
void mixWithIndex(std::vector<int64_t> &x) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    for (size_t i = n * rank / size; i < n * (rank + 1) / size; ++i)
        x[i] = x[i] * static_cast<int64_t>(i % 5) + static_cast<int64_t>(i);
    MPI_Barrier(MPI_COMM_WORLD);
}
