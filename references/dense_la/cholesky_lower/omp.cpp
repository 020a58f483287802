// Column by column (j), as the serial recurrence: the entries L[i][j] below the diagonal are independent
// dot products, divided among the threads in equal blocks of rows. One parallel region spans the whole
// loop over j, with one barrier per column (the end of its worksharing loop). Every thread computes the
// diagonal entry L[j][j] itself (j flops, O(N^2) in all against O(N^3 / 6) of the column updates) instead
// of waiting at a second barrier for one thread to compute it; only the thread given row j stores it.
void choleskyLower(const std::vector<double> &A, std::vector<double> &L, size_t N) {
#pragma omp parallel
    {
#pragma omp for schedule(static)
        for (size_t i = 0; i < N * N; ++i) L[i] = 0.0;
        for (size_t j = 0; j < N; ++j) {
            // Row j, columns < j, was finished at earlier steps (before the last barrier).
            const double *lj = L.data() + j * N;
            double d = A[j * N + j];
            for (size_t k = 0; k < j; ++k) d -= lj[k] * lj[k];
            const double ljj = std::sqrt(d);
#pragma omp for schedule(static)
            for (size_t i = j; i < N; ++i) {
                if (i == j) {
                    L[j * N + j] = ljj;
                    continue;
                }
                const double *li = L.data() + i * N;
                double s = A[i * N + j];
                for (size_t k = 0; k < j; ++k) s -= li[k] * lj[k];
                L[i * N + j] = s / ljj;
            }
        }
    }
}
