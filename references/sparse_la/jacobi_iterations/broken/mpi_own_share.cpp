// Broken on purpose: every rank sweeps only its own block of rows and never exchanges it, so rank 0's x
// is updated only in its own block (with stale values of the other rows on the right-hand side).
void jacobiIterations(const std::vector<COOElement> &A, const std::vector<double> &b, std::vector<double> &x,
                      size_t N, int iterations) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t begin = N * rank / size, end = N * (rank + 1) / size;
    std::vector<double> diagonal(N, 0.0);
    for (const COOElement &e : A)
        if (e.row == e.column) diagonal[e.row] += e.value;
    for (int it = 0; it < iterations; ++it) {
        std::vector<double> next(b);
        for (const COOElement &e : A)
            if (e.row >= begin && e.row < end && e.row != e.column) next[e.row] -= e.value * x[e.column];
        for (size_t i = begin; i < end; ++i) x[i] = next[i] / diagonal[i];
    }
    MPI_Barrier(MPI_COMM_WORLD);
}
