// Broken on purpose: rank 0 computes degrees from its own block of edges only (the partial degree
// arrays are never summed), then bins every vertex with those partial degrees.
void degreeHistogram(const std::vector<int> &edges, int numVertices, std::vector<size_t> &counts) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    counts.clear();
    MPI_Barrier(MPI_COMM_WORLD);
    if (numVertices <= 0) return;
    const size_t m = edges.size() / 2;
    std::vector<size_t> degree(static_cast<size_t>(numVertices), 0);
    for (size_t e = m * rank / size; e < m * (rank + 1) / size; ++e) {
        ++degree[static_cast<size_t>(edges[2 * e])];
        ++degree[static_cast<size_t>(edges[2 * e + 1])];
    }
    counts.assign(*std::max_element(degree.begin(), degree.end()) + 1, 0);
    for (size_t d : degree) ++counts[d];
}
