#include <omp.h>

// As mpi.cpp: rows are split into contiguous ranges of about equal cost (stored entries + 1 per row, found by
// binary search on rowPtr), each rank computes its rows of y, and rank 0 gathers the pieces with MPI_Gatherv.
// Inside a rank, the rank's range is split again the same way among its threads (part p of parts = size *
// threads parts of the whole matrix), so the threads get equal work too.
static size_t rowBoundary(const std::vector<size_t> &rowPtr, size_t M, size_t part, size_t parts) {
    // The first row i whose cost prefix rowPtr[i] + i reaches part/parts of the total cost.
    if (part == parts) return M;
    const size_t total = rowPtr[M] + M;
    const size_t target = static_cast<size_t>(static_cast<unsigned __int128>(total) * part / parts);
    size_t lo = 0, hi = M;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (rowPtr[mid] + mid < target) lo = mid + 1; else hi = mid;
    }
    return lo;
}

void spmvCsr(const std::vector<size_t> &rowPtr, const std::vector<size_t> &colIdx,
             const std::vector<double> &values, const std::vector<double> &x, std::vector<double> &y,
             size_t M, size_t N) {
    (void)N;
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        const size_t b = rowBoundary(rowPtr, M, r, size), e = rowBoundary(rowPtr, M, r + 1, size);
        displs[r] = static_cast<int>(b);
        counts[r] = static_cast<int>(e - b);
    }
    const size_t begin = displs[rank], end = begin + counts[rank];
    std::vector<double> mine(end - begin);
#pragma omp parallel
    {
        // Thread t of nt takes part rank*nt + t of size*nt: a sub-range of this rank's rows, because the
        // rank's bounds are parts rank*nt and (rank+1)*nt of the same split.
        const size_t t = omp_get_thread_num(), nt = omp_get_num_threads(), parts = size * nt;
        const size_t first = rowBoundary(rowPtr, M, rank * nt + t, parts);
        const size_t last = rowBoundary(rowPtr, M, rank * nt + t + 1, parts);
        for (size_t i = first; i < last; ++i) {
            double sum = 0.0;
            for (size_t k = rowPtr[i]; k < rowPtr[i + 1]; ++k) sum += values[k] * x[colIdx[k]];
            mine[i - begin] = sum;
        }
    }
    y.resize(M);
    MPI_Gatherv(mine.data(), counts[rank], MPI_DOUBLE, y.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
}
