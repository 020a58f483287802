// Each rank converts one block; rank 0 writes its own block straight into the outputs and gathers the
// other blocks in place (MPI_IN_PLACE), so it neither copies its block nor allocates a second buffer.
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
    std::vector<double> r_local, a_local;
    double *rad = nullptr, *ang = nullptr;
    if (rank == 0) {
        radius.resize(n);
        angle.resize(n);
        rad = radius.data() + begin;
        ang = angle.data() + begin;
    } else {
        r_local.resize(m);
        a_local.resize(m);
        rad = r_local.data();
        ang = a_local.data();
    }
    for (size_t k = 0; k < m; ++k) {
        rad[k] = std::abs(z[begin + k]);
        ang[k] = std::arg(z[begin + k]);
    }
    if (rank == 0) {
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, radius.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                    MPI_COMM_WORLD);
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, angle.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                    MPI_COMM_WORLD);
    } else {
        MPI_Gatherv(rad, counts[rank], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0, MPI_COMM_WORLD);
        MPI_Gatherv(ang, counts[rank], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    }
}
