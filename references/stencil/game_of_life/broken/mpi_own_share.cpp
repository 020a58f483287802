// Broken on purpose: each rank evolves only its own rows, treating the rows around its block as dead
// (no halo exchange), and rank 0 never receives the other blocks.
void gameOfLife(std::vector<int> &board, size_t rows, size_t cols, size_t generations) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t first = rows * rank / size, last = rows * (rank + 1) / size;
    std::vector<int> next(board);
    for (size_t g = 0; g < generations; ++g) {
        for (size_t r = first; r < last; ++r) {
            for (size_t c = 0; c < cols; ++c) {
                int alive = 0;
                for (size_t rr = (r > first ? r - 1 : r); rr <= r + 1 && rr < last; ++rr)
                    for (size_t cc = (c > 0 ? c - 1 : c); cc <= c + 1 && cc < cols; ++cc)
                        if (rr != r || cc != c) alive += board[rr * cols + cc];
                const int self = board[r * cols + c];
                next[r * cols + c] = (alive == 3 || (self == 1 && alive == 2)) ? 1 : 0;
            }
        }
        for (size_t r = first; r < last; ++r)
            for (size_t c = 0; c < cols; ++c) board[r * cols + c] = next[r * cols + c];
    }
    MPI_Barrier(MPI_COMM_WORLD);
}
