// Broken on purpose: rank 0 bins only its own block of x; the other ranks' counts are never combined.
void histogramEqualWidth(const std::vector<double> &x, double lo, double hi, std::vector<size_t> &bins) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t nb = bins.size();
    const size_t n = x.size();
    std::fill(bins.begin(), bins.end(), 0);
    for (size_t j = n * rank / size; j < n * (rank + 1) / size; ++j) {
        const double v = x[j];
        if (!(v >= lo && v <= hi)) continue;
        size_t i = static_cast<size_t>((v - lo) / (hi - lo) * static_cast<double>(nb));
        ++bins[i < nb ? i : nb - 1];
    }
    MPI_Barrier(MPI_COMM_WORLD);
}
