void summedAreaTable(const std::vector<int> &grid, size_t rows, size_t cols, std::vector<int64_t> &table) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    // Blocks of whole rows.
    const size_t first = rows * rank / size, last = rows * (rank + 1) / size;
    const size_t myRows = last - first;

    // Summed-area table of this block alone.
    std::vector<int64_t> local(myRows * cols);
    for (size_t i = 0; i < myRows; ++i) {
        int64_t rowSum = 0;
        for (size_t j = 0; j < cols; ++j) {
            rowSum += grid[(first + i) * cols + j];
            local[i * cols + j] = rowSum + (i > 0 ? local[(i - 1) * cols + j] : 0);
        }
    }

    // The block's last row holds its column-prefix totals; the offset of a block is the element-wise sum of
    // the last rows of all earlier blocks.
    std::vector<int64_t> blockTotals(cols, 0), offset(cols, 0);
    if (myRows > 0) std::copy(local.end() - cols, local.end(), blockTotals.begin());
    MPI_Exscan(blockTotals.data(), offset.data(), static_cast<int>(cols), MPI_INT64_T, MPI_SUM,
               MPI_COMM_WORLD);
    if (rank != 0) {
        for (size_t i = 0; i < myRows; ++i)
            for (size_t j = 0; j < cols; ++j) local[i * cols + j] += offset[j];
    }

    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = static_cast<int>(rows * r / size * cols);
        counts[r] = static_cast<int>(rows * (r + 1) / size * cols) - displs[r];
    }
    MPI_Gatherv(local.data(), static_cast<int>(local.size()), MPI_INT64_T, table.data(), counts.data(),
                displs.data(), MPI_INT64_T, 0, MPI_COMM_WORLD);
}
