// Serial code on every rank: no MPI call at all.
double sumOfSquares(const std::vector<double> &x) {
    double total = 0.0;
    for (double v : x) total += v * v;
    return total;
}
