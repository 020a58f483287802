int64_t firstIndexOf(const std::vector<int> &x, int target) {
    for (size_t i = 0; i < x.size(); ++i)
        if (x[i] == target) return static_cast<int64_t>(i);
    return -1;
}
