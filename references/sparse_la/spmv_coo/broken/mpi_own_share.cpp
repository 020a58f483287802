// Broken on purpose: rank 0's y holds only the contribution of its own block of entries.
void spmvCoo(const std::vector<COOElement> &A, const std::vector<double> &x, std::vector<double> &y,
             size_t M, size_t N) {
    (void)N;
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t nnz = A.size();
    y.assign(M, 0.0);
    for (size_t k = nnz * rank / size; k < nnz * (rank + 1) / size; ++k) y[A[k].row] += A[k].value * x[A[k].column];
    MPI_Barrier(MPI_COMM_WORLD);
}
