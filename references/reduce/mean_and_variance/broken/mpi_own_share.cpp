// Broken on purpose: rank 0 reports the mean and variance of its own block only.
void meanAndVariance(const std::vector<double> &x, std::vector<double> &stats) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    stats.assign(2, 0.0);
    MPI_Barrier(MPI_COMM_WORLD);
    if (end == begin) return;
    double sum = 0.0;
    for (size_t i = begin; i < end; ++i) sum += x[i];
    const double mean = sum / static_cast<double>(end - begin);
    double m2 = 0.0;
    for (size_t i = begin; i < end; ++i) m2 += (x[i] - mean) * (x[i] - mean);
    stats[0] = mean;
    stats[1] = m2 / static_cast<double>(end - begin);
}
