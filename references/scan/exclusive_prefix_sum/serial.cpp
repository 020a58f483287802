int64_t exclusivePrefixSum(const std::vector<int64_t> &x, std::vector<int64_t> &output) {
    int64_t running = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        output[i] = running;
        running += x[i];
    }
    return running;
}
