// Each rank tallies the endpoints of its block of edges into a full-length partial degree array;
// MPI_Reduce_scatter sums those arrays and leaves each rank the summed degrees of its own block of
// vertices. Each rank then bins its vertices, the ranks agree on the largest degree, and the partial
// histograms are summed on rank 0.
void degreeHistogram(const std::vector<int> &edges, int numVertices, std::vector<size_t> &counts) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    counts.clear();
    if (numVertices <= 0) return;
    const size_t n = static_cast<size_t>(numVertices);
    const size_t m = edges.size() / 2;

    std::vector<int> partial(n, 0);
    for (size_t e = m * rank / size; e < m * (rank + 1) / size; ++e) {
        ++partial[static_cast<size_t>(edges[2 * e])];
        ++partial[static_cast<size_t>(edges[2 * e + 1])];
    }
    std::vector<int> blockSizes(size);
    for (int r = 0; r < size; ++r)
        blockSizes[r] = static_cast<int>(n * (r + 1) / size - n * r / size);
    std::vector<int> myDegrees(static_cast<size_t>(blockSizes[rank]) + 1);  // +1: never a null buffer
    MPI_Reduce_scatter(partial.data(), myDegrees.data(), blockSizes.data(), MPI_INT, MPI_SUM, MPI_COMM_WORLD);

    int localMax = 0, globalMax = 0;
    for (int i = 0; i < blockSizes[rank]; ++i) localMax = std::max(localMax, myDegrees[i]);
    MPI_Allreduce(&localMax, &globalMax, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);

    std::vector<unsigned long long> local(static_cast<size_t>(globalMax) + 1, 0), total(local.size(), 0);
    for (int i = 0; i < blockSizes[rank]; ++i) ++local[static_cast<size_t>(myDegrees[i])];
    MPI_Reduce(local.data(), total.data(), static_cast<int>(local.size()), MPI_UNSIGNED_LONG_LONG, MPI_SUM, 0,
               MPI_COMM_WORLD);
    counts.assign(total.begin(), total.end());
}
