// Broken on purpose: rank 0 sorts only its own block and keeps it, nothing is merged.
static bool magnitudeLess(const std::complex<double> &a, const std::complex<double> &b) {
    const double ma = std::norm(a), mb = std::norm(b);
    if (ma != mb) return ma < mb;
    if (a.real() != b.real()) return a.real() < b.real();
    return a.imag() < b.imag();
}

void sortComplexByMagnitude(std::vector<std::complex<double>> &x) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    std::sort(x.begin() + n * rank / size, x.begin() + n * (rank + 1) / size, magnitudeLess);
    MPI_Barrier(MPI_COMM_WORLD);
}
