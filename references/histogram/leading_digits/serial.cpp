void leadingDigitCounts(const std::vector<int64_t> &x, std::vector<size_t> &counts) {
    counts.assign(9, 0);
    for (int64_t v : x) {
        if (v == 0) continue;
        uint64_t m = v < 0 ? static_cast<uint64_t>(-v) : static_cast<uint64_t>(v);
        while (m >= 10) m /= 10;
        ++counts[m - 1];
    }
}
