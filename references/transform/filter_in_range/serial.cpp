void filterInRange(const std::vector<double> &x, double lo, double hi, std::vector<double> &kept) {
    kept.clear();
    for (double v : x)
        if (lo <= v && v <= hi) kept.push_back(v);
}
