// Row r (1..m) of the next generation of a padded block: rows 0 and m+1 are the neighbours' ghost rows (all
// dead outside the board), and columns are not padded.
static void lifeRow(const int *cur, int *next, size_t r, size_t cols) {
    for (size_t c = 0; c < cols; ++c) {
        const size_t c0 = c > 0 ? c - 1 : c, c1 = c + 1 < cols ? c + 1 : c;
        int alive = 0;
        for (size_t rr = r - 1; rr <= r + 1; ++rr)
            for (size_t cc = c0; cc <= c1; ++cc) alive += cur[rr * cols + cc];
        const int self = cur[r * cols + c];
        alive -= self;
        next[r * cols + c] = (alive == 3 || (self == 1 && alive == 2)) ? 1 : 0;
    }
}

// As mpi.cpp (row blocks, halo rows exchanged every generation, rank 0 gathers), with one parallel region
// per rank around all generations: the master thread exchanges the halo rows (MPI from the master thread
// only), a barrier publishes them, then the rank's rows are split among its threads.
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
#pragma omp parallel
        {
            int *c = cur.data(), *nx = next.data();
            for (size_t g = 0; g < generations; ++g) {
#pragma omp master
                {
                    // Halo exchange of whole rows; at the board's edge MPI_PROC_NULL leaves the dead ghost row.
                    MPI_Sendrecv(c + cols, cnt, MPI_INT, up, 0, c + (m + 1) * cols, cnt, MPI_INT, down, 0,
                                 MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                    MPI_Sendrecv(c + m * cols, cnt, MPI_INT, down, 1, c, cnt, MPI_INT, up, 1, MPI_COMM_WORLD,
                                 MPI_STATUS_IGNORE);
                }
#pragma omp barrier
#pragma omp for schedule(static)
                for (size_t r = 1; r <= m; ++r) lifeRow(c, nx, r, cols);
                std::swap(c, nx);  // the loop's implicit barrier ends the generation for every thread
            }
        }
        if (generations % 2 == 1) cur.swap(next);
    }
    MPI_Gatherv(cur.data() + cols, counts[rank], MPI_INT, board.data(), counts.data(), displs.data(), MPI_INT, 0,
                MPI_COMM_WORLD);
}
