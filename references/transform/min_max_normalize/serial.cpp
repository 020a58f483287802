void minMaxNormalize(std::vector<double> &x) {
    if (x.empty()) return;
    const auto [lo_it, hi_it] = std::minmax_element(x.begin(), x.end());
    const double lo = *lo_it, hi = *hi_it;
    for (double &v : x) v = hi == lo ? 0.0 : (v - lo) / (hi - lo);
}
