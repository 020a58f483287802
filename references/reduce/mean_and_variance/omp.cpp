#include <omp.h>

// Two passes, as the serial version, each split among the threads: the sum (hence the mean) first, then
// the squared deviations from that mean. Subtracting the exact global mean keeps the second pass accurate
// with a large common offset; only the order of the additions differs from the serial version.
void meanAndVariance(const std::vector<double> &x, std::vector<double> &stats) {
    const size_t n = x.size();
    double sum = 0.0, squares = 0.0;
#pragma omp parallel
    {
#pragma omp for schedule(static) reduction(+ : sum)
        for (size_t i = 0; i < n; ++i) sum += x[i];
        // (implicit barrier: every thread sees the reduced sum)
        const double mean = sum / static_cast<double>(n);
#pragma omp for schedule(static) reduction(+ : squares)
        for (size_t i = 0; i < n; ++i) squares += (x[i] - mean) * (x[i] - mean);
    }
    stats.assign(2, 0.0);
    stats[0] = sum / static_cast<double>(n);
    stats[1] = squares / static_cast<double>(n);
}
