// Each rank sums the squares of its block, its threads splitting the block (a reduction); MPI_Reduce adds
// the ranks' sums on rank 0.
double sumOfSquares(const std::vector<double> &x) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    double local = 0.0;
#pragma omp parallel for schedule(static) reduction(+ : local)
    for (size_t i = begin; i < end; ++i) local += x[i] * x[i];
    double total = 0.0;
    MPI_Reduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    return total;
}
