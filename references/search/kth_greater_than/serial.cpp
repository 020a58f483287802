int64_t kthGreaterThan(const std::vector<double> &x, double threshold, size_t k) {
    size_t seen = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        if (x[i] > threshold && ++seen == k) return static_cast<int64_t>(i);
    }
    return -1;
}
