// Each rank takes one block of x's stored elements, finds by binary search where that block's
// index range starts in y, merges the two lists over that range, and the partial sums are reduced.
double sparseDot(const std::vector<size_t> &xIndices, const std::vector<double> &xValues,
                 const std::vector<size_t> &yIndices, const std::vector<double> &yValues) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t nx = xIndices.size();
    size_t a = nx * rank / size;
    const size_t aEnd = nx * (rank + 1) / size;
    double local = 0.0;
    if (a < aEnd) {
        size_t b = std::lower_bound(yIndices.begin(), yIndices.end(), xIndices[a]) - yIndices.begin();
        while (a < aEnd && b < yIndices.size()) {
            if (xIndices[a] < yIndices[b]) {
                ++a;
            } else if (yIndices[b] < xIndices[a]) {
                ++b;
            } else {
                local += xValues[a++] * yValues[b++];
            }
        }
    }
    double total = 0.0;
    MPI_Reduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    return total;
}
