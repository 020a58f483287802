size_t indexOfClosest(const std::vector<double> &x, double target) {
    size_t best = 0;
    double bestDistance = std::fabs(x[0] - target);  // kept, not recomputed from x[best] every step
    for (size_t i = 1; i < x.size(); ++i) {
        const double d = std::fabs(x[i] - target);
        if (d < bestDistance) {
            bestDistance = d;
            best = i;
        }
    }
    return best;
}
