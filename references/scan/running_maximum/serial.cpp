void runningMaximum(std::vector<double> &x) {
    for (size_t i = 1; i < x.size(); ++i) x[i] = std::max(x[i], x[i - 1]);
}
