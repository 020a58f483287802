// Rows are split into contiguous blocks. Each rank keeps the entries of its own rows (as a small
// CSR built from one pass over A) and, every sweep, computes its block of the new x and exchanges
// the blocks with MPI_Allgatherv so every rank has the full previous iterate for the next sweep.
void jacobiIterations(const std::vector<COOElement> &A, const std::vector<double> &b, std::vector<double> &x,
                      size_t N, int iterations) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = static_cast<int>(N * r / size);
        counts[r] = static_cast<int>(N * (r + 1) / size) - displs[r];
    }
    const size_t begin = displs[rank], end = begin + counts[rank];

    std::vector<double> diagonal(end - begin, 0.0);
    std::vector<size_t> rowStart(end - begin + 1, 0);
    for (const COOElement &e : A)
        if (e.row >= begin && e.row < end && e.row != e.column) ++rowStart[e.row - begin + 1];
    for (size_t i = 0; i < end - begin; ++i) rowStart[i + 1] += rowStart[i];
    std::vector<size_t> cols(rowStart.back()), fill(rowStart.begin(), rowStart.end() - 1);
    std::vector<double> vals(rowStart.back());
    for (const COOElement &e : A) {
        if (e.row < begin || e.row >= end) continue;
        if (e.row == e.column) {
            diagonal[e.row - begin] += e.value;
        } else {
            const size_t k = fill[e.row - begin]++;
            cols[k] = e.column;
            vals[k] = e.value;
        }
    }

    std::vector<double> mine(end - begin);
    for (int it = 0; it < iterations; ++it) {
        for (size_t i = begin; i < end; ++i) {
            double sum = b[i];
            for (size_t k = rowStart[i - begin]; k < rowStart[i - begin + 1]; ++k) sum -= vals[k] * x[cols[k]];
            mine[i - begin] = sum / diagonal[i - begin];
        }
        MPI_Allgatherv(mine.data(), counts[rank], MPI_DOUBLE, x.data(), counts.data(), displs.data(), MPI_DOUBLE,
                       MPI_COMM_WORLD);
    }
}
