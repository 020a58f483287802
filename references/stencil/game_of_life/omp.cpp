// Row r of the next generation from the current one (cells outside the board are dead).
static void lifeRow(const int *cur, int *next, size_t r, size_t rows, size_t cols) {
    const size_t r0 = r > 0 ? r - 1 : r, r1 = r + 1 < rows ? r + 1 : r;
    for (size_t c = 0; c < cols; ++c) {
        const size_t c0 = c > 0 ? c - 1 : c, c1 = c + 1 < cols ? c + 1 : c;
        int alive = 0;
        for (size_t rr = r0; rr <= r1; ++rr)
            for (size_t cc = c0; cc <= c1; ++cc) alive += cur[rr * cols + cc];
        const int self = cur[r * cols + c];
        alive -= self;
        next[r * cols + c] = (alive == 3 || (self == 1 && alive == 2)) ? 1 : 0;
    }
}

// One parallel region around all generations: every generation the rows are split into contiguous blocks,
// one per thread; the implicit barrier at the end of the loop separates the generations, and every thread
// swaps its own pair of buffer pointers.
void gameOfLife(std::vector<int> &board, size_t rows, size_t cols, size_t generations) {
    if (rows == 0 || cols == 0 || generations == 0) return;
    std::vector<int> other(board.size());
#pragma omp parallel
    {
        int *cur = board.data(), *next = other.data();
        for (size_t g = 0; g < generations; ++g) {
#pragma omp for schedule(static)
            for (size_t r = 0; r < rows; ++r) lifeRow(cur, next, r, rows, cols);
            std::swap(cur, next);
        }
    }
    // After an odd number of generations the last one was written into `other`.
    if (generations % 2 == 1) board.swap(other);
}
