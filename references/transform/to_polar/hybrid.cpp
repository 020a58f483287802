// As mpi.cpp (rank blocks, two MPI_Gatherv onto rank 0), with the rank's block split among its threads.
void toPolar(const std::vector<std::complex<double>> &z, std::vector<double> &radius, std::vector<double> &angle) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = z.size();
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = static_cast<int>(n * r / size);
        counts[r] = static_cast<int>(n * (r + 1) / size) - displs[r];
    }
    const size_t begin = displs[rank], m = counts[rank];
    std::vector<double> rLocal(m), aLocal(m);
#pragma omp parallel for schedule(static)
    for (size_t k = 0; k < m; ++k) {
        rLocal[k] = std::abs(z[begin + k]);
        aLocal[k] = std::arg(z[begin + k]);
    }
    if (rank == 0) {
        radius.resize(n);
        angle.resize(n);
    }
    MPI_Gatherv(rLocal.data(), counts[rank], MPI_DOUBLE, radius.data(), counts.data(), displs.data(), MPI_DOUBLE,
                0, MPI_COMM_WORLD);
    MPI_Gatherv(aLocal.data(), counts[rank], MPI_DOUBLE, angle.data(), counts.data(), displs.data(), MPI_DOUBLE,
                0, MPI_COMM_WORLD);
}
