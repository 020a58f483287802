// Broken on purpose: every rank converts only its own block of the entries; rank 0's CSR therefore
// misses the entries of all other blocks.
void cooToCsr(const std::vector<COOElement> &A, size_t M, std::vector<size_t> &rowPtr,
              std::vector<size_t> &colIdx, std::vector<double> &values) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t nnz = A.size();
    std::vector<COOElement> mine(A.begin() + nnz * rank / size, A.begin() + nnz * (rank + 1) / size);
    std::sort(mine.begin(), mine.end(), [](const COOElement &a, const COOElement &b) {
        return a.row < b.row || (a.row == b.row && a.column < b.column);
    });
    rowPtr.assign(M + 1, 0);
    colIdx.clear();
    values.clear();
    for (size_t k = 0; k < mine.size(); ++k) {
        if (k > 0 && mine[k - 1].row == mine[k].row && mine[k - 1].column == mine[k].column) {
            values.back() += mine[k].value;
        } else {
            colIdx.push_back(mine[k].column);
            values.push_back(mine[k].value);
            ++rowPtr[mine[k].row + 1];
        }
    }
    for (size_t i = 0; i < M; ++i) rowPtr[i + 1] += rowPtr[i];
    MPI_Barrier(MPI_COMM_WORLD);
}
