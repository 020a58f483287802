// Broken on purpose: every rank solves the system correctly, but rank 0 then writes only its own block
// of x (the others are left as they were), as if the blocks of the other ranks would arrive by themselves.
void gaussianSolve(const std::vector<double> &A, const std::vector<double> &b, std::vector<double> &x,
                   size_t N) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<double> a(A), rhs(b), sol(N);
    for (size_t k = 0; k < N; ++k) {
        size_t pivot = k;
        for (size_t i = k + 1; i < N; ++i)
            if (std::fabs(a[i * N + k]) > std::fabs(a[pivot * N + k])) pivot = i;
        for (size_t j = 0; j < N; ++j) std::swap(a[k * N + j], a[pivot * N + j]);
        std::swap(rhs[k], rhs[pivot]);
        for (size_t i = k + 1; i < N; ++i) {
            const double factor = a[i * N + k] / a[k * N + k];
            for (size_t j = k; j < N; ++j) a[i * N + j] -= factor * a[k * N + j];
            rhs[i] -= factor * rhs[k];
        }
    }
    for (size_t k = N; k-- > 0;) {
        double sum = rhs[k];
        for (size_t j = k + 1; j < N; ++j) sum -= a[k * N + j] * sol[j];
        sol[k] = sum / a[k * N + k];
    }
    for (size_t i = N * rank / size; i < N * (rank + 1) / size; ++i) x[i] = sol[i];
    MPI_Barrier(MPI_COMM_WORLD);
}
