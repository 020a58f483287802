// One generation of the rows 1..m of a padded block: rows 0 and m+1 are the neighbours' ghost rows (all
// dead outside the board), and columns are not padded.
static void lifeGeneration(const std::vector<int> &cur, std::vector<int> &next, size_t m, size_t cols) {
    for (size_t r = 1; r <= m; ++r) {
        for (size_t c = 0; c < cols; ++c) {
            int alive = 0;
            for (size_t rr = r - 1; rr <= r + 1; ++rr) {
                for (size_t cc = c > 0 ? c - 1 : 0; cc <= c + 1 && cc < cols; ++cc) {
                    if (rr != r || cc != c) alive += cur[rr * cols + cc];
                }
            }
            const int self = cur[r * cols + c];
            next[r * cols + c] = (alive == 3 || (self == 1 && alive == 2)) ? 1 : 0;
        }
    }
}

void gameOfLife(std::vector<int> &board, size_t rows, size_t cols, size_t generations) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (rows == 0 || cols == 0) return;
    // Row blocks over the first min(size, rows) ranks, so each active rank owns at least one row and its
    // neighbours are rank-1 and rank+1.
    const int active = static_cast<int>(std::min<size_t>(static_cast<size_t>(size), rows));
    std::vector<int> counts(size, 0), displs(size, 0);
    for (int r = 0; r < active; ++r) {
        const size_t b = rows * r / active, e = rows * (r + 1) / active;
        counts[r] = static_cast<int>((e - b) * cols);
        displs[r] = static_cast<int>(b * cols);
    }
    const size_t m = counts[rank] / cols;
    std::vector<int> cur((m + 2) * cols, 0), next((m + 2) * cols, 0);
    const int cnt = static_cast<int>(cols);
    if (rank < active) {
        std::copy(board.begin() + displs[rank], board.begin() + displs[rank] + counts[rank], cur.begin() + cols);
        const int up = rank > 0 ? rank - 1 : MPI_PROC_NULL;
        const int down = rank + 1 < active ? rank + 1 : MPI_PROC_NULL;
        for (size_t g = 0; g < generations; ++g) {
            // Halo exchange of whole rows; at the board's edge MPI_PROC_NULL leaves the dead ghost row as is.
            MPI_Sendrecv(&cur[cols], cnt, MPI_INT, up, 0, &cur[(m + 1) * cols], cnt, MPI_INT, down, 0,
                         MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Sendrecv(&cur[m * cols], cnt, MPI_INT, down, 1, &cur[0], cnt, MPI_INT, up, 1, MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE);
            lifeGeneration(cur, next, m, cols);
            cur.swap(next);
        }
    }
    MPI_Gatherv(cur.data() + cols, counts[rank], MPI_INT, board.data(), counts.data(), displs.data(), MPI_INT, 0,
                MPI_COMM_WORLD);
}
