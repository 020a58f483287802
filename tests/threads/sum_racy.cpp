// A reduction without `reduction`: the threads race on `total` (right by luck at one thread).
double sumOfSquares(const std::vector<double> &x) {
    double total = 0.0;
    #pragma omp parallel for
    for (size_t i = 0; i < x.size(); ++i) total += x[i] * x[i];
    return total;
}
