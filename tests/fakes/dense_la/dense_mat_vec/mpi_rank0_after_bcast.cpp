// Rank 0 broadcasts the shape and then computes every row alone; the others return at once.
void denseMatVec(const std::vector<double> &A, const std::vector<double> &x, std::vector<double> &y,
                 size_t M, size_t N) {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    unsigned long shape[2] = {M, N};
    MPI_Bcast(shape, 2, MPI_UNSIGNED_LONG, 0, MPI_COMM_WORLD);
    if (rank != 0) return;
    for (size_t i = 0; i < M; ++i) {
        double sum = 0.0;
        for (size_t j = 0; j < N; ++j) sum += A[i * N + j] * x[j];
        y[i] = sum;
    }
}
