// Broken on purpose: each rank writes the summed-area table of its own rows into its own copy; rank 0 ends
// with only its block of rows filled.
void summedAreaTable(const std::vector<int> &grid, size_t rows, size_t cols, std::vector<int64_t> &table) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t first = rows * rank / size, last = rows * (rank + 1) / size;
    for (size_t i = first; i < last; ++i) {
        int64_t rowSum = 0;
        for (size_t j = 0; j < cols; ++j) {
            rowSum += grid[i * cols + j];
            table[i * cols + j] = rowSum + (i > first ? table[(i - 1) * cols + j] : 0);
        }
    }
    MPI_Barrier(MPI_COMM_WORLD);
}
