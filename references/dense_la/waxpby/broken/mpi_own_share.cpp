// Broken on purpose: each rank updates only its own block of w; rank 0 never receives the others.
void waxpby(double alpha, const std::vector<double> &x, double beta, const std::vector<double> &y,
            std::vector<double> &w) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    for (size_t i = n * rank / size; i < n * (rank + 1) / size; ++i) w[i] = alpha * x[i] + beta * y[i];
    MPI_Barrier(MPI_COMM_WORLD);
}
