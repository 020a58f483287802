void histogramEqualWidth(const std::vector<double> &x, double lo, double hi, std::vector<size_t> &bins) {
    const size_t nb = bins.size();
    std::fill(bins.begin(), bins.end(), 0);
    const double scale = static_cast<double>(nb) / (hi - lo);
    for (double v : x) {
        if (!(v >= lo && v <= hi)) continue;
        size_t i = static_cast<size_t>((v - lo) * scale);
        if (i >= nb) i = nb - 1;
        ++bins[i];
    }
}
