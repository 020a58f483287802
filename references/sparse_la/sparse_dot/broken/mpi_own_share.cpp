// Broken on purpose: rank 0 returns the partial dot product of its own block of x only.
double sparseDot(const std::vector<size_t> &xIndices, const std::vector<double> &xValues,
                 const std::vector<size_t> &yIndices, const std::vector<double> &yValues) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t nx = xIndices.size();
    double local = 0.0;
    size_t b = 0;
    for (size_t a = nx * rank / size; a < nx * (rank + 1) / size; ++a) {
        while (b < yIndices.size() && yIndices[b] < xIndices[a]) ++b;
        if (b < yIndices.size() && yIndices[b] == xIndices[a]) local += xValues[a] * yValues[b];
    }
    MPI_Barrier(MPI_COMM_WORLD);
    return local;
}
