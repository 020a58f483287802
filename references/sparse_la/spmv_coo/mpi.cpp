// Each rank multiplies one contiguous block of the entries into a full-length partial y; the partial
// vectors are summed onto rank 0 with one MPI_Reduce of M doubles.
void spmvCoo(const std::vector<COOElement> &A, const std::vector<double> &x, std::vector<double> &y,
             size_t M, size_t N) {
    (void)N;
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t nnz = A.size();
    std::vector<double> partial(M, 0.0);
    for (size_t k = nnz * rank / size; k < nnz * (rank + 1) / size; ++k)
        partial[A[k].row] += A[k].value * x[A[k].column];
    y.assign(M, 0.0);
    MPI_Reduce(partial.data(), y.data(), static_cast<int>(M), MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
}
