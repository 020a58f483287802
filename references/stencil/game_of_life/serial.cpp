void gameOfLife(std::vector<int> &board, size_t rows, size_t cols, size_t generations) {
    std::vector<int> next(board.size());
    for (size_t g = 0; g < generations; ++g) {
        for (size_t r = 0; r < rows; ++r) {
            for (size_t c = 0; c < cols; ++c) {
                int alive = 0;
                for (int dr = -1; dr <= 1; ++dr) {
                    for (int dc = -1; dc <= 1; ++dc) {
                        if (dr == 0 && dc == 0) continue;
                        const long rr = static_cast<long>(r) + dr, cc = static_cast<long>(c) + dc;
                        if (rr < 0 || cc < 0 || rr >= static_cast<long>(rows) || cc >= static_cast<long>(cols))
                            continue;
                        alive += board[rr * cols + cc];
                    }
                }
                const int self = board[r * cols + c];
                next[r * cols + c] = (alive == 3 || (self == 1 && alive == 2)) ? 1 : 0;
            }
        }
        board.swap(next);
    }
}
