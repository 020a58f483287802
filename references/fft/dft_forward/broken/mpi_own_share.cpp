// Broken on purpose: each rank fills only its own block of frequencies; nothing is sent to rank 0.
void dftForward(const std::vector<std::complex<double>> &x, std::vector<std::complex<double>> &spectrum) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const double pi = std::acos(-1.0);
    for (size_t k = n * rank / size; k < n * (rank + 1) / size; ++k) {
        std::complex<double> sum = 0.0;
        for (size_t j = 0; j < n; ++j) sum += x[j] * std::polar(1.0, -2.0 * pi * ((j * k) % n) / n);
        spectrum[k] = sum;
    }
    MPI_Barrier(MPI_COMM_WORLD);
}
