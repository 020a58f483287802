size_t indexOfClosest(const std::vector<double> &x, double target) {
    size_t best = 0;
    for (size_t i = 1; i < x.size(); ++i)
        if (std::fabs(x[i] - target) < std::fabs(x[best] - target)) best = i;
    return best;
}
