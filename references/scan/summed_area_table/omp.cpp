#include <omp.h>

// Block scan over blocks of whole rows: each thread builds the summed-area table of its rows alone and
// keeps a copy of its last row (the column totals of its block; the row itself changes below). After a
// barrier, each thread adds the element-wise sum of the earlier blocks' last rows to every row of its
// block.
void summedAreaTable(const std::vector<int> &grid, size_t rows, size_t cols, std::vector<int64_t> &table) {
    // Per thread: the last row of its block's own table; a parallel region has at most
    // omp_get_max_threads() threads.
    std::vector<std::vector<int64_t>> blockTotals(static_cast<size_t>(omp_get_max_threads()));
#pragma omp parallel
    {
        const size_t t = static_cast<size_t>(omp_get_thread_num());
        const size_t T = static_cast<size_t>(omp_get_num_threads());
        const size_t first = rows * t / T, last = rows * (t + 1) / T;
        for (size_t i = first; i < last; ++i) {
            int64_t rowSum = 0;
            for (size_t j = 0; j < cols; ++j) {
                rowSum += grid[i * cols + j];
                table[i * cols + j] = rowSum + (i > first ? table[(i - 1) * cols + j] : 0);
            }
        }
        std::vector<int64_t> &totals = blockTotals[t];
        totals.assign(cols, 0);
        if (last > first)
            std::copy(table.begin() + (last - 1) * cols, table.begin() + last * cols, totals.begin());
#pragma omp barrier
        if (t > 0 && last > first) {
            std::vector<int64_t> offset(cols, 0);
            for (size_t s = 0; s < t; ++s)
                for (size_t j = 0; j < cols; ++j) offset[j] += blockTotals[s][j];
            for (size_t i = first; i < last; ++i)
                for (size_t j = 0; j < cols; ++j) table[i * cols + j] += offset[j];
        }
    }
}
