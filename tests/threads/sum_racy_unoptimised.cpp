// The same race through memory on every iteration (volatile: no register copy per thread).
double sumOfSquares(const std::vector<double> &x) {
    volatile double total = 0.0;
    #pragma omp parallel for
    for (size_t i = 0; i < x.size(); ++i) total = total + x[i] * x[i];
    return total;
}
