// Rows are split into contiguous blocks. Each rank keeps the entries of its own rows (as a small
// CSR built from one pass over A) and, every sweep, computes its block of the new x. Every row reads x
// at random columns, so each sweep needs (nearly) all of the previous iterate on every rank: exchanging
// it with MPI_Allgatherv moves N doubles per sweep, as much as the sweep itself reads. When all ranks
// share one node, the iterates live instead in an MPI shared-memory window (two N-vectors, current and
// next): each rank writes its block of the next iterate in place and one barrier per sweep publishes it,
// so nothing is copied. Across nodes the Allgatherv exchange is used.
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

    auto sweep = [&](const double *from, double *to) {
        for (size_t i = begin; i < end; ++i) {
            double sum = b[i];
            for (size_t k = rowStart[i - begin]; k < rowStart[i - begin + 1]; ++k) sum -= vals[k] * from[cols[k]];
            to[i - begin] = sum / diagonal[i - begin];
        }
    };

    MPI_Comm node;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &node);
    int nodeSize = 1;
    MPI_Comm_size(node, &nodeSize);
    if (nodeSize == size && N > 0 && iterations > 0) {
        // Rank 0 allocates both vectors; the others map them. Ranks keep their world order (key = rank).
        MPI_Win win;
        double *base = nullptr;
        const MPI_Aint bytes = rank == 0 ? static_cast<MPI_Aint>(2 * N * sizeof(double)) : 0;
        MPI_Win_allocate_shared(bytes, sizeof(double), MPI_INFO_NULL, node, &base, &win);
        MPI_Aint got = 0;
        int unit = 0;
        MPI_Win_shared_query(win, 0, &got, &unit, &base);
        MPI_Win_lock_all(MPI_MODE_NOCHECK, win);
        double *cur = base, *next = base + N;
        std::copy(x.begin() + begin, x.begin() + end, cur + begin);
        for (int it = -1; it < iterations; ++it) {
            if (it >= 0) {
                sweep(cur, next + begin);
                std::swap(cur, next);
            }
            // Make this rank's writes visible, wait for every rank's, and see theirs.
            MPI_Win_sync(win);
            MPI_Barrier(node);
            MPI_Win_sync(win);
        }
        if (rank == 0) std::copy(cur, cur + N, x.begin());
        MPI_Win_unlock_all(win);
        MPI_Win_free(&win);
    } else {
        std::vector<double> mine(end - begin);
        for (int it = 0; it < iterations; ++it) {
            sweep(x.data(), mine.data());
            MPI_Allgatherv(mine.data(), counts[rank], MPI_DOUBLE, x.data(), counts.data(), displs.data(),
                           MPI_DOUBLE, MPI_COMM_WORLD);
        }
    }
    MPI_Comm_free(&node);
}
