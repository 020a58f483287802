void segmentedPrefixSum(const std::vector<int> &x, const std::vector<int> &segmentStart,
                        std::vector<int64_t> &output) {
    int64_t running = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        if (i == 0 || segmentStart[i] != 0) running = 0;
        running += x[i];
        output[i] = running;
    }
}
