// Two parallel passes: min and max reductions (exact, so the thread count does not change them), then the
// map. One parallel region holds both loops; the first loop's implicit barrier publishes lo and hi.
void minMaxNormalize(std::vector<double> &x) {
    const size_t n = x.size();
    if (n == 0) return;
    double lo = x[0], hi = x[0];
#pragma omp parallel
    {
#pragma omp for schedule(static) reduction(min : lo) reduction(max : hi)
        for (size_t i = 0; i < n; ++i) {
            lo = std::min(lo, x[i]);
            hi = std::max(hi, x[i]);
        }
#pragma omp for schedule(static)
        for (size_t i = 0; i < n; ++i) x[i] = hi == lo ? 0.0 : (x[i] - lo) / (hi - lo);
    }
}
