// Broken on purpose: each rank computes its own rows of y; nobody sends them to rank 0.
void denseMatVec(const std::vector<double> &A, const std::vector<double> &x, std::vector<double> &y,
                 size_t M, size_t N) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    for (size_t i = M * rank / size; i < M * (rank + 1) / size; ++i) {
        double sum = 0.0;
        for (size_t j = 0; j < N; ++j) sum += A[i * N + j] * x[j];
        y[i] = sum;
    }
    MPI_Barrier(MPI_COMM_WORLD);
}
