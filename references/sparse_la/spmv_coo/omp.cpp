#include <omp.h>

// As mpi.cpp with threads for ranks: each thread multiplies one contiguous block of the entries into a
// full-length partial y of its own (zeroed by that thread), then the partial vectors are summed row by row,
// the rows split among the threads and the partials added in thread order (deterministic for a given count).
void spmvCoo(const std::vector<COOElement> &A, const std::vector<double> &x, std::vector<double> &y,
             size_t M, size_t N) {
    (void)N;
    const size_t nnz = A.size();
    y.resize(M);
    std::vector<std::vector<double>> partial(omp_get_max_threads());
#pragma omp parallel
    {
        const size_t t = omp_get_thread_num(), nt = omp_get_num_threads();
        std::vector<double> &mine = partial[t];
        mine.assign(M, 0.0);
        for (size_t k = nnz * t / nt; k < nnz * (t + 1) / nt; ++k) mine[A[k].row] += A[k].value * x[A[k].column];
#pragma omp barrier
#pragma omp for schedule(static)
        for (size_t i = 0; i < M; ++i) {
            double sum = 0.0;
            for (size_t u = 0; u < nt; ++u) sum += partial[u][i];
            y[i] = sum;
        }
    }
}
