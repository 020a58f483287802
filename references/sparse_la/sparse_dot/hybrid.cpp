#include <omp.h>

// As mpi.cpp: each rank takes one block of x's stored elements and the partial sums are reduced onto rank 0.
// Inside a rank, each thread takes one piece of the rank's block, finds by binary search where that piece's
// index range starts in y and merges the two lists over that range; the threads' sums are combined by an
// OpenMP reduction.
double sparseDot(const std::vector<size_t> &xIndices, const std::vector<double> &xValues,
                 const std::vector<size_t> &yIndices, const std::vector<double> &yValues) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t nx = xIndices.size();
    const size_t begin = nx * rank / size, end = nx * (rank + 1) / size;
    double local = 0.0;
#pragma omp parallel reduction(+ : local)
    {
        const size_t t = omp_get_thread_num(), nt = omp_get_num_threads();
        size_t a = begin + (end - begin) * t / nt;
        const size_t aEnd = begin + (end - begin) * (t + 1) / nt;
        if (a < aEnd) {
            size_t b = std::lower_bound(yIndices.begin(), yIndices.end(), xIndices[a]) - yIndices.begin();
            while (a < aEnd && b < yIndices.size()) {
                if (xIndices[a] < yIndices[b]) {
                    ++a;
                } else if (yIndices[b] < xIndices[a]) {
                    ++b;
                } else {
                    local += xValues[a++] * yValues[b++];
                }
            }
        }
    }
    double total = 0.0;
    MPI_Reduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    return total;
}
