void kSmallest(const std::vector<double> &x, size_t k, std::vector<double> &smallest) {
    const size_t count = std::min(k, x.size());
    smallest.resize(count);
    std::partial_sort_copy(x.begin(), x.end(), smallest.begin(), smallest.end());
}
