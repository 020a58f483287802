void summedAreaTable(const std::vector<int> &grid, size_t rows, size_t cols, std::vector<int64_t> &table) {
    for (size_t i = 0; i < rows; ++i) {
        int64_t rowSum = 0;
        for (size_t j = 0; j < cols; ++j) {
            rowSum += grid[i * cols + j];
            table[i * cols + j] = rowSum + (i > 0 ? table[(i - 1) * cols + j] : 0);
        }
    }
}
