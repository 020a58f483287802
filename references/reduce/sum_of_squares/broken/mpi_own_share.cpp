// Broken on purpose: each rank sums its own block and nobody combines them.
double sumOfSquares(const std::vector<double> &x) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    double local = 0.0;
    for (size_t i = n * rank / size; i < n * (rank + 1) / size; ++i) local += x[i] * x[i];
    MPI_Barrier(MPI_COMM_WORLD);
    return local;
}
