double sparseDot(const std::vector<size_t> &xIndices, const std::vector<double> &xValues,
                 const std::vector<size_t> &yIndices, const std::vector<double> &yValues) {
    double sum = 0.0;
    size_t a = 0, b = 0;
    while (a < xIndices.size() && b < yIndices.size()) {
        if (xIndices[a] < yIndices[b]) {
            ++a;
        } else if (yIndices[b] < xIndices[a]) {
            ++b;
        } else {
            sum += xValues[a++] * yValues[b++];
        }
    }
    return sum;
}
