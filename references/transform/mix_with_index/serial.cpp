void mixWithIndex(std::vector<int64_t> &x) {
    for (size_t i = 0; i < x.size(); ++i) x[i] = x[i] * static_cast<int64_t>(i % 5) + static_cast<int64_t>(i);
}
