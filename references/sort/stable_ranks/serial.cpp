void computeRanks(const std::vector<double> &x, std::vector<size_t> &ranks) {
    const size_t n = x.size();
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return x[a] < x[b]; });
    ranks.assign(n, 0);
    for (size_t position = 0; position < n; ++position) ranks[order[position]] = position;
}
