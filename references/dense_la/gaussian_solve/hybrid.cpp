// Rows are dealt cyclically among the ranks (row i belongs to rank i % size) and never move. At step k the
// ranks agree on the pivot with one MAXLOC reduction over their not-yet-used rows, the owner broadcasts
// the pivot row (with its right-hand side), and every rank eliminates column k from its own unused rows,
// those rows divided among its threads. Every rank receives every pivot row, so rank 0 ends with the whole
// upper-triangular system and back-solves. MPI is called by the master thread only, between barriers.
void gaussianSolve(const std::vector<double> &A, const std::vector<double> &b, std::vector<double> &x,
                   size_t N) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t width = N + 1;  // a row of A followed by its entry of b
    std::vector<size_t> mine;
    for (size_t i = rank; i < N; i += size) mine.push_back(i);
    const size_t count = mine.size();
    std::vector<double> rows(count * width);
    std::vector<char> used(count, 0);
    std::vector<double> upper(rank == 0 ? N * width : 0);  // pivot rows in elimination order (rank 0)
    std::vector<double> pivotRow(width);
#pragma omp parallel
    {
#pragma omp for schedule(static)
        for (size_t r = 0; r < count; ++r) {
            std::copy(A.begin() + mine[r] * N, A.begin() + (mine[r] + 1) * N, rows.begin() + r * width);
            rows[r * width + N] = b[mine[r]];
        }
        for (size_t k = 0; k < N; ++k) {
#pragma omp master
            {
                struct { double value; int row; } candidate = {-1.0, static_cast<int>(N)}, best;
                for (size_t r = 0; r < count; ++r) {
                    const double v = std::fabs(rows[r * width + k]);
                    if (!used[r] && v > candidate.value) candidate = {v, static_cast<int>(mine[r])};
                }
                MPI_Allreduce(&candidate, &best, 1, MPI_DOUBLE_INT, MPI_MAXLOC, MPI_COMM_WORLD);
                const int owner = best.row % size;
                if (owner == rank) {
                    const size_t r = static_cast<size_t>(best.row) / size;
                    used[r] = 1;
                    std::copy(rows.begin() + r * width, rows.begin() + (r + 1) * width, pivotRow.begin());
                }
                MPI_Bcast(pivotRow.data(), static_cast<int>(width), MPI_DOUBLE, owner, MPI_COMM_WORLD);
                if (rank == 0) std::copy(pivotRow.begin(), pivotRow.end(), upper.begin() + k * width);
            }
#pragma omp barrier
            const double diag = pivotRow[k];
#pragma omp for schedule(static)
            for (size_t r = 0; r < count; ++r) {
                if (used[r]) continue;
                double *row = rows.data() + r * width;
                const double factor = row[k] / diag;
                if (factor == 0.0) continue;
                for (size_t j = k; j < width; ++j) row[j] -= factor * pivotRow[j];
            }
            // The loop's implicit barrier keeps pivotRow and used unchanged until every thread is done.
        }
    }
    if (rank == 0) {
        for (size_t k = N; k-- > 0;) {
            const double *row = upper.data() + k * width;
            double sum = row[N];
            for (size_t j = k + 1; j < N; ++j) sum -= row[j] * x[j];
            x[k] = sum / row[k];
        }
    }
}
