void countValues(const std::vector<int> &x, int k, std::vector<size_t> &counts) {
    counts.assign(static_cast<size_t>(k), 0);
    for (int v : x) ++counts[static_cast<size_t>(v)];
}
