// Rows are split into contiguous ranges of about equal cost (stored entries + 1 per row, found by
// binary search on rowPtr), each rank computes its rows of y, and rank 0 gathers the variable-size
// pieces with MPI_Gatherv.
static size_t rowBoundary(const std::vector<size_t> &rowPtr, size_t M, int r, int size) {
    // The first row i whose cost prefix rowPtr[i] + i reaches r/size of the total cost.
    const size_t total = rowPtr[M] + M;
    const size_t target = static_cast<size_t>(static_cast<unsigned __int128>(total) * r / size);
    size_t lo = 0, hi = M;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (rowPtr[mid] + mid < target) lo = mid + 1; else hi = mid;
    }
    return r == size ? M : lo;
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
    for (size_t i = begin; i < end; ++i) {
        double sum = 0.0;
        for (size_t k = rowPtr[i]; k < rowPtr[i + 1]; ++k) sum += values[k] * x[colIdx[k]];
        mine[i - begin] = sum;
    }
    y.resize(M);
    MPI_Gatherv(mine.data(), counts[rank], MPI_DOUBLE, y.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
}
