// Rows are split into contiguous blocks, one per rank. Every rank holds all of A, so each picks the
// entries of its own rows out of it in one pass (no exchange: a filter costs far less than the sort
// that follows), sorts them, sums duplicates and produces the CSR pieces of its rows; rank 0 gathers the
// per-row counts, the column indices and the values with MPI_Gatherv (straight into the outputs, in rank
// order, which is row order) and turns the counts into rowPtr.
static bool entryLess(const COOElement &a, const COOElement &b) {
    return a.row < b.row || (a.row == b.row && a.column < b.column);
}

static std::vector<int> displacements(const std::vector<int> &counts) {
    std::vector<int> displs(counts.size(), 0);
    for (size_t r = 1; r < counts.size(); ++r) displs[r] = displs[r - 1] + counts[r - 1];
    return displs;
}

void cooToCsr(const std::vector<COOElement> &A, size_t M, std::vector<size_t> &rowPtr,
              std::vector<size_t> &colIdx, std::vector<double> &values) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<size_t> firstRow(size + 1);
    for (int r = 0; r <= size; ++r) firstRow[r] = M * r / size;
    const size_t rowBegin = firstRow[rank], rowEnd = firstRow[rank + 1], rows = rowEnd - rowBegin;

    std::vector<COOElement> mine;
    mine.reserve(A.size() / size + 16);
    for (const COOElement &e : A)
        if (e.row >= rowBegin && e.row < rowEnd) mine.push_back(e);

    // Canonical CSR of this rank's rows.
    std::sort(mine.begin(), mine.end(), entryLess);
    std::vector<unsigned long> rowCount(rows, 0), myCols;
    std::vector<double> myValues;
    myCols.reserve(mine.size());
    myValues.reserve(mine.size());
    for (size_t k = 0; k < mine.size(); ++k) {
        if (k > 0 && mine[k - 1].row == mine[k].row && mine[k - 1].column == mine[k].column) {
            myValues.back() += mine[k].value;
        } else {
            myCols.push_back(mine[k].column);
            myValues.push_back(mine[k].value);
            ++rowCount[mine[k].row - rowBegin];
        }
    }

    // Gather the pieces on rank 0 (in rank order, which is row order).
    std::vector<int> rowCounts(size), rowDispls(size);
    for (int r = 0; r < size; ++r) {
        rowDispls[r] = static_cast<int>(firstRow[r]);
        rowCounts[r] = static_cast<int>(firstRow[r + 1] - firstRow[r]);
    }
    std::vector<unsigned long> allRowCounts(rank == 0 ? M : 0);
    MPI_Gatherv(rowCount.data(), static_cast<int>(rows), MPI_UNSIGNED_LONG, allRowCounts.data(), rowCounts.data(),
                rowDispls.data(), MPI_UNSIGNED_LONG, 0, MPI_COMM_WORLD);
    int myNnz = static_cast<int>(myCols.size());
    std::vector<int> nnzCounts(size);
    MPI_Gather(&myNnz, 1, MPI_INT, nnzCounts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::vector<int> nnzDispls = displacements(nnzCounts);
    const size_t total = rank == 0 ? static_cast<size_t>(nnzDispls[size - 1] + nnzCounts[size - 1]) : 0;
    if (rank == 0) {
        colIdx.assign(total, 0);
        values.assign(total, 0.0);
    }
    MPI_Gatherv(myCols.data(), myNnz, MPI_UNSIGNED_LONG, colIdx.data(), nnzCounts.data(), nnzDispls.data(),
                MPI_UNSIGNED_LONG, 0, MPI_COMM_WORLD);
    MPI_Gatherv(myValues.data(), myNnz, MPI_DOUBLE, values.data(), nnzCounts.data(), nnzDispls.data(), MPI_DOUBLE,
                0, MPI_COMM_WORLD);
    if (rank == 0) {
        rowPtr.assign(M + 1, 0);
        for (size_t i = 0; i < M; ++i) rowPtr[i + 1] = rowPtr[i] + allRowCounts[i];
    }
}
