#include <omp.h>

// As mpi.cpp: each rank multiplies one contiguous block of the entries into a full-length partial y, and the
// partial vectors are summed onto rank 0 with one MPI_Reduce of M doubles. Inside a rank, each thread
// multiplies one piece of the rank's block into a partial of its own, and the threads' partials are summed
// into the rank's, the rows split among the threads.
void spmvCoo(const std::vector<COOElement> &A, const std::vector<double> &x, std::vector<double> &y,
             size_t M, size_t N) {
    (void)N;
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t nnz = A.size();
    const size_t begin = nnz * rank / size, end = nnz * (rank + 1) / size;
    std::vector<double> rankPartial(M);
    std::vector<std::vector<double>> partial(omp_get_max_threads());
#pragma omp parallel
    {
        const size_t t = omp_get_thread_num(), nt = omp_get_num_threads();
        std::vector<double> &mine = partial[t];
        mine.assign(M, 0.0);
        for (size_t k = begin + (end - begin) * t / nt; k < begin + (end - begin) * (t + 1) / nt; ++k)
            mine[A[k].row] += A[k].value * x[A[k].column];
#pragma omp barrier
#pragma omp for schedule(static)
        for (size_t i = 0; i < M; ++i) {
            double sum = 0.0;
            for (size_t u = 0; u < nt; ++u) sum += partial[u][i];
            rankPartial[i] = sum;
        }
    }
    y.assign(M, 0.0);
    MPI_Reduce(rankPartial.data(), y.data(), static_cast<int>(M), MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
}
