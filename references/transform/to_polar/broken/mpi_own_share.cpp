// Broken on purpose: every rank sizes the outputs but fills only its own block; nothing is gathered.
void toPolar(const std::vector<std::complex<double>> &z, std::vector<double> &radius, std::vector<double> &angle) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = z.size();
    radius.assign(n, 0.0);
    angle.assign(n, 0.0);
    for (size_t i = n * rank / size; i < n * (rank + 1) / size; ++i) {
        radius[i] = std::abs(z[i]);
        angle[i] = std::arg(z[i]);
    }
    MPI_Barrier(MPI_COMM_WORLD);
}
