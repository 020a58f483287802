void waxpby(double alpha, const std::vector<double> &x, double beta, const std::vector<double> &y,
            std::vector<double> &w) {
    for (size_t i = 0; i < x.size(); ++i) w[i] = alpha * x[i] + beta * y[i];
}
