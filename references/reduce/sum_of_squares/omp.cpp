// Each thread sums the squares of its block; the reduction adds the partial sums (in an unspecified
// order, which the tolerance allows).
double sumOfSquares(const std::vector<double> &x) {
    const size_t n = x.size();
    double total = 0.0;
#pragma omp parallel for schedule(static) reduction(+ : total)
    for (size_t i = 0; i < n; ++i) total += x[i] * x[i];
    return total;
}
