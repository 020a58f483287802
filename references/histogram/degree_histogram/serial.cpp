void degreeHistogram(const std::vector<int> &edges, int numVertices, std::vector<size_t> &counts) {
    counts.clear();
    if (numVertices <= 0) return;
    std::vector<size_t> degree(static_cast<size_t>(numVertices), 0);
    for (int v : edges) ++degree[static_cast<size_t>(v)];
    const size_t maxDegree = *std::max_element(degree.begin(), degree.end());
    counts.assign(maxDegree + 1, 0);
    for (size_t d : degree) ++counts[d];
}
