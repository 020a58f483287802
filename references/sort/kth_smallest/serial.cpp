double kthSmallest(const std::vector<double> &x, size_t k) {
    std::vector<double> copy(x);
    std::nth_element(copy.begin(), copy.begin() + (k - 1), copy.end());
    return copy[k - 1];
}
