// Elimination with partial pivoting, one parallel region around the whole loop over pivot columns k. At
// each step one thread finds the pivot and swaps it into row k (O(N) work, the barrier at the end of
// `single` publishes the swap); then the rows below k are eliminated in parallel, in equal blocks of rows
// (O(N^2) work, the barrier at the end of the loop closes the step). The back substitution, O(N^2) in all
// against O(N^3) for the elimination, stays serial.
void gaussianSolve(const std::vector<double> &A, const std::vector<double> &b, std::vector<double> &x,
                   size_t N) {
    std::vector<double> a(N * N), rhs(b);
#pragma omp parallel
    {
#pragma omp for schedule(static)
        for (size_t i = 0; i < N * N; ++i) a[i] = A[i];
        for (size_t k = 0; k < N; ++k) {
#pragma omp single
            {
                size_t pivot = k;
                for (size_t i = k + 1; i < N; ++i)
                    if (std::fabs(a[i * N + k]) > std::fabs(a[pivot * N + k])) pivot = i;
                if (pivot != k) {
                    // Columns < k are never read again: swap from column k on.
                    for (size_t j = k; j < N; ++j) std::swap(a[k * N + j], a[pivot * N + j]);
                    std::swap(rhs[k], rhs[pivot]);
                }
            }
            const double *pivotRow = a.data() + k * N;
            const double diag = pivotRow[k];
#pragma omp for schedule(static)
            for (size_t i = k + 1; i < N; ++i) {
                double *row = a.data() + i * N;
                const double factor = row[k] / diag;
                if (factor == 0.0) continue;
                for (size_t j = k; j < N; ++j) row[j] -= factor * pivotRow[j];
                rhs[i] -= factor * rhs[k];
            }
        }
    }
    for (size_t k = N; k-- > 0;) {
        double sum = rhs[k];
        for (size_t j = k + 1; j < N; ++j) sum -= a[k * N + j] * x[j];
        x[k] = sum / a[k * N + k];
    }
}
