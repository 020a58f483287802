void lowerBounds(const std::vector<double> &sorted, const std::vector<double> &queries,
                 std::vector<size_t> &positions) {
    for (size_t k = 0; k < queries.size(); ++k) {
        size_t lo = 0, hi = sorted.size();  // answer in [lo, hi]
        while (lo < hi) {
            const size_t mid = lo + (hi - lo) / 2;
            if (sorted[mid] < queries[k]) lo = mid + 1;
            else hi = mid;
        }
        positions[k] = lo;
    }
}
