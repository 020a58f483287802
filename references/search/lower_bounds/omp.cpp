// The queries are independent: the threads split them (static blocks, disjoint writes), each doing one
// binary search per query in the shared sorted array.
void lowerBounds(const std::vector<double> &sorted, const std::vector<double> &queries,
                 std::vector<size_t> &positions) {
    const size_t m = queries.size();
#pragma omp parallel for schedule(static)
    for (size_t k = 0; k < m; ++k) {
        size_t lo = 0, hi = sorted.size();  // answer in [lo, hi]
        while (lo < hi) {
            const size_t mid = lo + (hi - lo) / 2;
            if (sorted[mid] < queries[k]) lo = mid + 1;
            else hi = mid;
        }
        positions[k] = lo;
    }
}
