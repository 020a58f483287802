// Each rank computes a block of output frequencies directly, handed out to its threads in chunks of 16; rank 0
// gathers the blocks.
void dftForward(const std::vector<std::complex<double>> &x, std::vector<std::complex<double>> &spectrum) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const double pi = std::acos(-1.0);
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = static_cast<int>(n * r / size);
        counts[r] = static_cast<int>(n * (r + 1) / size) - displs[r];
    }
    const int mine = counts[rank];
    std::vector<std::complex<double>> twiddle(n), local(mine);
#pragma omp parallel
    {
#pragma omp for schedule(static)
        for (size_t m = 0; m < n; ++m) twiddle[m] = std::polar(1.0, -2.0 * pi * static_cast<double>(m) / n);
#pragma omp for schedule(static, 16)
        for (int t = 0; t < mine; ++t) {
            const size_t k = static_cast<size_t>(displs[rank] + t);
            std::complex<double> sum = 0.0;
            for (size_t j = 0; j < n; ++j) sum += x[j] * twiddle[(j * k) % n];
            local[t] = sum;
        }
    }
    MPI_Gatherv(local.data(), mine, MPI_C_DOUBLE_COMPLEX, spectrum.data(), counts.data(), displs.data(),
                MPI_C_DOUBLE_COMPLEX, 0, MPI_COMM_WORLD);
}
